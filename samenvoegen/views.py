"""The merge pages, for coordinators only (other roles get 404, anonymous users the login page):
pick the other record, see both side by side, choose which is kept, confirm. Showing the two
records is logged as a view of each; the merge itself by the service."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hulpvragen.models import Huishouden, Hulpvrager
from netwerk.permissions import get_visible_or_404, role_required
from netwerk.roles import Rol
from netwerk.toegangslog import Actie, log_access
from samenvoegen import selectors, services
from samenvoegen.forms import KiesHuishoudenForm, KiesPersoonForm, SamenvoegenForm
from samenvooruit.views import form_page

coordinator = role_required(Rol.COORDINATOR)


def _bekeken(request, *records):
    if request.method == "GET":
        for record in records:
            log_access(request, Actie.BEKEKEN, record)


def _bericht(samenvoeging) -> str:
    a = samenvoeging.aantallen
    verplaatst = ", ".join(
        tekst % {"n": a[sleutel]}
        for sleutel, tekst in (
            ("hulpvragen", ngettext("%(n)s hulpvraag", "%(n)s hulpvragen", a.get("hulpvragen", 0))),
            ("personen", ngettext("%(n)s persoon", "%(n)s personen", a.get("personen", 0))),
            ("aanvragen", ngettext("%(n)s aanvraag", "%(n)s aanvragen", a.get("aanvragen", 0))),
            (
                "toestemmingen",
                ngettext("%(n)s toestemming", "%(n)s toestemmingen", a.get("toestemmingen", 0)),
            ),
        )
        if sleutel in a
    )
    return _("Samengevoegd; verplaatst: %(wat)s.") % {"wat": verplaatst}


@coordinator
def huishouden(request, referentie):
    eerste = get_visible_or_404(
        Huishouden.objects.select_related("vertrouwenspersoon", "organisatie"),
        request.user,
        referentie=referentie,
    )
    kies = KiesHuishoudenForm(request.GET or None, huishouden=eerste, user=request.user)
    context = {"huishouden": eerste, "kies": kies}
    if not kies.is_valid():
        return render(request, "samenvoegen/huishouden.html", context)
    tweede = kies.cleaned_data["met"]
    _bekeken(request, eerste, tweede)
    form = SamenvoegenForm(
        request.POST or None, links=eerste, rechts=tweede, naam=lambda h: h.referentie
    )
    context.update(
        links=eerste, rechts=tweede, regels=selectors.huishoudens_naast_elkaar(eerste, tweede)
    )
    return form_page(
        request,
        form,
        "samenvoegen/huishouden.html",
        context,
        save=lambda f: services.voeg_huishoudens_samen(
            behouden=f.keuze()[0], weg=f.keuze()[1], door=request.user, request=request
        ),
        message=_bericht,
        success_url=lambda samenvoeging: samenvoeging.behouden,
    )


@coordinator
def hulpvrager(request, uuid):
    eerste = get_visible_or_404(
        Hulpvrager.objects.select_related("huishouden"), request.user, uuid=uuid
    )
    kies = KiesPersoonForm(request.GET or None, persoon=eerste)
    context = {"huishouden": eerste.huishouden, "persoon": eerste, "kies": kies}
    if not kies.is_valid():
        return render(request, "samenvoegen/hulpvrager.html", context)
    tweede = kies.cleaned_data["met"]
    _bekeken(request, eerste, tweede)
    form = SamenvoegenForm(request.POST or None, links=eerste, rechts=tweede, naam=str)
    context.update(
        links=eerste,
        rechts=tweede,
        regels=selectors.personen_naast_elkaar(eerste, tweede),
        tegenstrijdig=services.tegenstrijdig(eerste, tweede),
    )
    return form_page(
        request,
        form,
        "samenvoegen/hulpvrager.html",
        context,
        save=lambda f: services.voeg_personen_samen(
            behouden=f.keuze()[0], weg=f.keuze()[1], door=request.user, request=request
        ),
        message=_bericht,
        success_url=lambda samenvoeging: samenvoeging.behouden.huishouden,
    )
