"""Fund pages. Casework pages start from Aanvraag.visible_to (404 outside it); the committee's
pages only from the pseudonymised selectors; the budget is for coordinators. Every status change
goes through services.transition_aanvraag."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from hulpvragen.models import Huishouden
from netwerk.permissions import get_visible_or_404, role_required
from netwerk.roles import Rol, is_coordinator
from netwerk.toegangslog import Actie as LogActie
from netwerk.toegangslog import log_access
from noodfonds import exports, selectors, views_betalingen
from noodfonds.choices import AanvraagStatus, Actie
from noodfonds.filters import AanvraagFilter
from noodfonds.forms import (
    AanvraagForm,
    BeoordelingForm,
    BijlageForm,
    HerbeoordelingForm,
    IndienenForm,
    IntrekkenForm,
    MeerInformatieForm,
    PeriodeForm,
    SpoedForm,
    StortingForm,
    UitbetalenForm,
)
from noodfonds.keten_views import keten_context
from noodfonds.models import Aanvraag, Bijlage
from noodfonds.services import (
    add_bijlage,
    allowed_acties,
    create_aanvraag,
    delete_bijlage,
    euro,
    register_storting,
    transition_aanvraag,
    update_aanvraag,
)
from noodfonds.tables import AanvraagTable
from samenvooruit.views import form_page, submit, telling

casework = role_required(Rol.COORDINATOR, Rol.ORGCOORDINATOR, Rol.VERTROUWENSPERSOON)
commissie = role_required(Rol.FONDSCOMMISSIE)
coordinator = role_required(Rol.COORDINATOR)
PER_PAGE = 25

# URL slug → (action, form). The service decides whether the user may; the forms check input.
ACTIES = {
    "indienen": (Actie.INDIENEN, IndienenForm),
    "intrekken": (Actie.INTREKKEN, IntrekkenForm),
    "meer-informatie": (Actie.MEER_INFORMATIE, MeerInformatieForm),
    "spoed": (Actie.SPOEDTOEKENNING, SpoedForm),
    "uitbetalen": (Actie.UITBETALEN, UitbetalenForm),
    "opnieuw-beoordelen": (Actie.HERBEOORDELING, HerbeoordelingForm),
}
GEDAAN = {
    Actie.INDIENEN: gettext_lazy("De aanvraag is ingediend bij de fondscommissie."),
    Actie.INTREKKEN: gettext_lazy("De aanvraag is ingetrokken."),
    Actie.MEER_INFORMATIE: gettext_lazy("De vraag is naar de aanvrager gestuurd."),
    Actie.SPOEDTOEKENNING: gettext_lazy("Het bedrag is via de spoedroute toegekend."),
    Actie.UITBETALEN: gettext_lazy("De uitbetaling is vastgelegd."),
    Actie.BEOORDELEN: gettext_lazy("Uw oordeel is vastgelegd."),
    Actie.OORDEEL_WIJZIGEN: gettext_lazy("Uw gewijzigde oordeel is vastgelegd."),
    Actie.HERBEOORDELING: gettext_lazy(
        "De oordelen zijn gewist: de commissie beoordeelt de aanvraag opnieuw."
    ),
}


# --- casework: list, create, detail, edit, actions ------------------------------------------


@casework
def aanvraag_list(request):
    filterset = AanvraagFilter(
        request.GET or None, queryset=selectors.aanvragen_for_list(request.user)
    )
    rows = (
        filterset.qs if not filterset.is_bound or filterset.is_valid() else Aanvraag.objects.none()
    )
    table = AanvraagTable(rows)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(request, "noodfonds/aanvraag_list.html", {"filter": filterset, "table": table})


@casework
def aanvraag_create(request):
    if request.method == "POST":
        form = AanvraagForm(request.POST, user=request.user)
    else:
        form = AanvraagForm(user=request.user, initial=_initial_from_huishouden(request))
    return form_page(
        request,
        form,
        "noodfonds/aanvraag_form.html",
        save=lambda form: create_aanvraag(door=request.user, **form.service_velden()),
        message=_("Concept opgeslagen. Voeg een offerte toe en dien de aanvraag in."),
    )


def _initial_from_huishouden(request):
    """`?huishouden=HH-…` preselects a household the user may see and copies its statistics."""
    referentie = request.GET.get("huishouden")
    huishouden = (
        Huishouden.objects.visible_to(request.user).filter(referentie=referentie).first()
        if referentie
        else None
    )
    if huishouden is None:
        return {}
    initial = {
        "huishouden": huishouden,
        "woonplaats": huishouden.woonplaats,
        "inkomsten": huishouden.inkomsten,
    }
    if huishouden.contact_formeel in ("ja", "nee"):
        initial["contact_formeel"] = huishouden.contact_formeel
    return initial


def _aanvraag(request, uuid):
    return get_visible_or_404(
        Aanvraag.objects.select_related("organisatie", "vertrouwenspersoon", "huishouden"),
        request.user,
        uuid=uuid,
    )


@casework
def aanvraag_detail(request, uuid):
    aanvraag = _aanvraag(request, uuid)
    log_access(request, LogActie.BEKEKEN, aanvraag)
    return _detail(request, aanvraag)


def _detail(request, aanvraag, *, bound=None, status=200):
    """The detail page, with the forms of the actions the user may take now. `bound` holds a
    form that failed, to show its messages next to its fields."""
    acties = allowed_acties(request.user, aanvraag)
    bound = bound or {}
    forms = {
        slug: bound.get(slug) or form_class()
        for slug, (actie, form_class) in ACTIES.items()
        if actie in acties
    }
    if "spoed" in forms and not aanvraag.spoed:
        del forms["spoed"]
    vastgelopen = is_coordinator(request.user) and selectors.is_vastgelopen(aanvraag)
    if "opnieuw-beoordelen" in forms and not vastgelopen and "opnieuw-beoordelen" not in bound:
        del forms["opnieuw-beoordelen"]
    if "uitbetalen" in forms and "uitbetalen" not in bound:
        forms["uitbetalen"] = UitbetalenForm(initial={"bedrag": aanvraag.toegekend_bedrag})
    # A refused form stays visible with its message, also when the action is not possible now.
    forms.update({slug: form for slug, form in bound.items() if slug in ACTIES})
    bewerkbaar = aanvraag.status in ("concept", "meer_informatie")
    context = {
        "aanvraag": aanvraag,
        "forms": forms,
        "bewerkbaar": bewerkbaar,
        "bijlage_form": bound.get("bijlage") or (BijlageForm() if bewerkbaar else None),
        "bijlagen": aanvraag.bijlagen.all(),
        "overgangen": aanvraag.overgangen.select_related("door"),
        "beoordelingen": aanvraag.beoordelingen.select_related("lid")
        if is_coordinator(request.user)
        else None,
        "toon_wie": is_coordinator(request.user),
        "wijzigingen": selectors.aanvraag_wijzigingen([aanvraag.pk])
        if is_coordinator(request.user)
        else None,
        "spoed_max": settings.SPOED_MAX_BEDRAG,
        "verdeeld": is_coordinator(request.user) and selectors.is_verdeeld(aanvraag),
        "vastgelopen": vastgelopen,
    }
    context.update(views_betalingen.detail_context(request, aanvraag, bound))
    context.update(keten_context(request, aanvraag, bound))  # checklist, loan (issue 21)
    return render(request, "noodfonds/aanvraag_detail.html", context, status=status)


@casework
def aanvraag_update(request, uuid):
    aanvraag = _aanvraag(request, uuid)
    if aanvraag.status not in ("concept", "meer_informatie"):
        messages.error(request, _("Deze aanvraag kan niet meer worden gewijzigd."))
        return redirect(aanvraag)
    return form_page(
        request,
        AanvraagForm(request.POST or None, instance=aanvraag, user=request.user),
        "noodfonds/aanvraag_form.html",
        {"aanvraag": aanvraag},
        save=lambda form: update_aanvraag(
            aanvraag=aanvraag, door=request.user, versie=form.versie, **form.service_velden()
        ),
        message=_("De aanvraag is bijgewerkt."),
    )


@casework
@require_POST
def aanvraag_actie(request, uuid, actie):
    if actie not in ACTIES:
        raise Http404
    aanvraag = _aanvraag(request, uuid)
    overgang, form_class = ACTIES[actie]
    form = form_class(request.POST)
    done, _result = submit(
        request,
        form,
        save=lambda form: transition_aanvraag(
            aanvraag=aanvraag, actie=overgang, door=request.user, **form.cleaned_data
        ),
        message=GEDAAN[overgang],
    )
    if done:
        return redirect(aanvraag)
    return _detail(request, aanvraag, bound={actie: form})


# --- attachments ----------------------------------------------------------------------------


@casework
@require_POST
def bijlage_upload(request, uuid):
    aanvraag = _aanvraag(request, uuid)
    form = BijlageForm(request.POST, request.FILES)
    done, _result = submit(
        request,
        form,
        save=lambda form: add_bijlage(
            aanvraag=aanvraag,
            door=request.user,
            upload=form.cleaned_data["bestand"],
            soort=form.cleaned_data["soort"],
        ),
        message=_("De bijlage is toegevoegd."),
    )
    if done:
        return redirect(aanvraag)
    return _detail(request, aanvraag, bound={"bijlage": form})


@casework
@require_POST
def bijlage_delete(request, uuid):
    bijlage = get_object_or_404(
        Bijlage.objects.filter(aanvraag__in=Aanvraag.objects.visible_to(request.user)), uuid=uuid
    )
    try:
        delete_bijlage(bijlage=bijlage, door=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De bijlage is verwijderd."))
    return redirect(bijlage.aanvraag)


@login_required
def bijlage_download(request, uuid):
    """Only for users who may see the application (casework scope or committee scope)."""
    bijlage, filename = selectors.bijlage_for_download(request.user, uuid)
    log_access(request, LogActie.GEDOWNLOAD, bijlage, label=bijlage.aanvraag.referentie)
    response = FileResponse(
        bijlage.bestand.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=bijlage.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- committee --------------------------------------------------------------------------------


WACHTRIJ_SECTIES = (
    "derde_oordeel",
    "te_beoordelen",
    "beoordeeld",
    "meer_informatie",
    "niet_door_u",
)
WACHTRIJ_PER_PAGINA = 25


@commissie
def commissie_queue(request):
    """The committee member's start page: what waits for their judgement (urgent first), then
    what waits for others, and the latest decisions."""
    context = selectors.commissie_wachtrij(request.user)
    voor_mij = context["derde_oordeel"] + context["te_beoordelen"]
    context["tellingen"] = [
        telling("open", len(voor_mij), _("wachten op uw oordeel")),
        telling("spoed", sum(1 for r in voor_mij if r["spoed"]), _("met spoed")),
    ]
    # paged per section: a city-wide fund has hundreds of open applications
    context["pagina"] = {}
    for sectie in WACHTRIJ_SECTIES:
        page = Paginator(context[sectie], WACHTRIJ_PER_PAGINA).get_page(request.GET.get(sectie))
        context[sectie] = page
        context["pagina"][sectie] = {
            "vorige": page.has_previous() and _page_url(request, sectie, page.number - 1),
            "volgende": page.has_next() and _page_url(request, sectie, page.number + 1),
        }
    return render(request, "noodfonds/commissie.html", context)


def _page_url(request, sectie, number):
    query = request.GET.copy()
    query[sectie] = number
    return f"?{query.urlencode()}"


@commissie
def commissie_detail(request, uuid):
    response = _commissie_detail(request, uuid)
    aanvraag = (
        selectors.commissie_queryset(request.user).only("pk", "uuid", "referentie").get(uuid=uuid)
    )
    log_access(request, LogActie.BEKEKEN, aanvraag, label="fondscommissie")
    return response


def _commissie_detail(request, uuid, *, bound=None):
    rij = selectors.commissie_aanvraag(request.user, uuid)
    bound = bound or {}
    open_voor_mij = rij["status"] in selectors.OPEN and not rij["belang"]
    mijn = selectors.mijn_beoordeling(request.user, uuid) if rij["mijn_stem"] else None
    context = {
        "a": rij,
        "verdeeld": selectors.derde_oordeel_nodig(request.user).filter(uuid=uuid).exists(),
        "beschikbaar": selectors.budget_saldo()["beschikbaar"],
        "eerder": selectors.eerdere_aanvragen(uuid),
        "beoordeling_form": (bound.get("beoordeling") or BeoordelingForm())
        if open_voor_mij and not rij["mijn_stem"]
        else None,
        # until the decision is taken a member may change their own opinion; a refused change
        # stays visible with its message
        "wijzig_form": bound.get("wijzigen")
        or (BeoordelingForm(initial=mijn) if open_voor_mij and mijn else None),
        "vraag_form": (bound.get("vraag") or MeerInformatieForm()) if open_voor_mij else None,
    }
    return render(request, "noodfonds/commissie_detail.html", context)


def _commissie_aanvraag(request, uuid):
    return get_object_or_404(
        selectors.commissie_queryset(request.user).only("pk", "gevraagd_bedrag"), uuid=uuid
    )


@commissie
@require_POST
def commissie_beoordelen(request, uuid):
    aanvraag = _commissie_aanvraag(request, uuid)
    form = BeoordelingForm(request.POST, gevraagd_bedrag=aanvraag.gevraagd_bedrag)
    return _commissie_actie(request, uuid, aanvraag, form, Actie.BEOORDELEN, "beoordeling")


@commissie
@require_POST
def commissie_oordeel_wijzigen(request, uuid):
    aanvraag = _commissie_aanvraag(request, uuid)
    form = BeoordelingForm(request.POST, gevraagd_bedrag=aanvraag.gevraagd_bedrag)
    return _commissie_actie(request, uuid, aanvraag, form, Actie.OORDEEL_WIJZIGEN, "wijzigen")


@commissie
@require_POST
def commissie_meer_informatie(request, uuid):
    aanvraag = _commissie_aanvraag(request, uuid)
    form = MeerInformatieForm(request.POST)
    return _commissie_actie(request, uuid, aanvraag, form, Actie.MEER_INFORMATIE, "vraag")


def _commissie_actie(request, uuid, aanvraag, form, actie, naam):
    done, _result = submit(
        request,
        form,
        save=lambda form: transition_aanvraag(
            aanvraag=aanvraag, actie=actie, door=request.user, **form.cleaned_data
        ),
        message=lambda result: _gedaan_met_besluit(actie, result),
    )
    if done:
        return redirect("noodfonds:commissie")
    return _commissie_detail(request, uuid, bound={naam: form})


def _gedaan_met_besluit(actie, aanvraag) -> str:
    """The message after an opinion; when it decided, with the outcome and the amount applied
    (the lowest granting amount), so that the member whose opinion decides sees it."""
    gedaan = str(GEDAAN[actie])
    if aanvraag.status == AanvraagStatus.TOEGEKEND:
        besluit = _(
            "Daarmee is de aanvraag toegekend: %(bedrag)s (bij verschillende bedragen geldt "
            "het laagste)."
        ) % {"bedrag": euro(aanvraag.toegekend_bedrag)}
        return f"{gedaan} {besluit}"
    if aanvraag.status == AanvraagStatus.AFGEWEZEN:
        return f"{gedaan} {_('Daarmee is de aanvraag afgewezen.')}"
    return gedaan


# --- budget and overview (coordinators) ---------------------------------------------------


def _periode(request):
    form = PeriodeForm(request.GET or None)
    periode = form.cleaned_data.get("periode") if form.is_valid() else ""
    return form, periode or "kwartaal"


@coordinator
def budget(request, storting_form=None):
    periode_form, periode = _periode(request)
    per_periode = selectors.per_periode(periode)
    context = {
        "saldo": selectors.budget_saldo(),
        "periode_form": periode_form,
        "periode": periode,
        "per_periode": per_periode,
        "grafiek": {
            "labels": [r["label"] for r in per_periode],
            "toegekend": [float(r["toegekend"]) for r in per_periode],
            "uitbetaald": [float(r["uitbetaald"]) for r in per_periode],
            "toegekend_label": _("Toegekend"),
            "uitbetaald_label": _("Uitbetaald"),
        },
        "per_onderwerp": selectors.per_onderwerp(),
        "per_organisatie": selectors.per_organisatie(),
        "doorlooptijd": selectors.doorlooptijd_dagen(),
        "boekingen": selectors.boekingen(limit=100),
        "storting_form": storting_form or StortingForm(),
        # split committee votes that no third member can decide: the coordinator acts
        "vastgelopen": selectors.vastgelopen_aanvragen().values(
            "uuid", "referentie", "ingediend_op"
        ),
        **_leningen_context(),
    }
    return render(request, "noodfonds/budget.html", context)


def _leningen_context() -> dict:
    """Loans behind their plan (flagged for the coordinator) and the loans' totals (issue 21)."""
    stand = selectors.leningen_met_stand(timezone.localdate())
    return {
        "achterstallig": [r for r in stand if r["achterstand"] > 0],
        "leningen": {
            "aantal": len(stand),
            "afgelost": sum((r["afgelost"] for r in stand), Decimal(0)),
            "openstaand": sum((r["openstaand"] for r in stand), Decimal(0)),
        }
        if stand
        else None,
    }


@coordinator
@require_POST
def storting_create(request):
    form = StortingForm(request.POST)
    done, _result = submit(
        request,
        form,
        save=lambda form: register_storting(door=request.user, **form.cleaned_data),
        message=_("De storting is vastgelegd."),
    )
    if done:
        return redirect("noodfonds:budget")
    return budget(request, storting_form=form)


@coordinator
def budget_xlsx(request):
    _form, periode = _periode(request)
    log_access(request, LogActie.GEDOWNLOAD, label=f"budget per {periode}")
    return exports.BudgetExport(periode).response()
