"""The expenses pages (issue 22 §6). A trusted person: their own claims, and a new claim with its
receipt. A coordinator: every claim, the approval, the export per period, the flat allowances
and their limits per year. Nobody else (trainers, the committee, organisation coordinators)."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netwerk.permissions import get_visible_or_404, role_required
from netwerk.roles import Rol, has_role
from netwerk.toegangslog import Actie, log_access
from onkosten import selectors, services
from onkosten.choices import DeclaratieStatus
from onkosten.exports import OnkostenExport
from onkosten.forms import BeoordelingForm, DeclaratieForm, GrensForm, PeriodeForm, VergoedingForm
from onkosten.models import Declaratie, VergoedingsGrens, Vrijwilligersvergoeding
from samenvooruit.views import form_page, submit

EIGEN = (Rol.COORDINATOR, Rol.VERTROUWENSPERSOON)


@role_required(*EIGEN)
def declaratie_list(request):
    periode = PeriodeForm(request.GET or None)
    van = tot = None
    if periode.is_valid():
        van, tot = periode.cleaned_data["van"], periode.cleaned_data["tot"]
    claims = selectors.declaraties_in_periode(request.user, van=van, tot=tot)
    status = request.GET.get("status", "")
    if status in DeclaratieStatus.values:
        claims = claims.filter(status=status)
    context = {
        "declaraties": claims.order_by("-datum", "-pk")[:500],
        "periode": periode,
        "status": status,
        "statussen": DeclaratieStatus.choices,
        "is_coordinator": has_role(request.user, Rol.COORDINATOR),
        "kan_indienen": has_role(request.user, Rol.VERTROUWENSPERSOON),
    }
    return render(request, "onkosten/declaratie_list.html", context)


@role_required(Rol.VERTROUWENSPERSOON)
def declaratie_create(request):
    form = DeclaratieForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        "onkosten/declaratie_form.html",
        save=lambda form: services.dien_declaratie_in(
            door=request.user,
            soort=form.cleaned_data["soort"],
            datum=form.cleaned_data["datum"],
            bedrag=form.cleaned_data["bedrag"],
            omschrijving=form.cleaned_data["omschrijving"],
            bon=form.cleaned_data["bon"],
        ),
        message=_("De declaratie is ingediend."),
    )


def _declaratie(request, uuid):
    return get_visible_or_404(
        Declaratie.objects.select_related("vertrouwenspersoon", "beoordeeld_door"),
        request.user,
        uuid=uuid,
    )


@role_required(*EIGEN)
def declaratie_detail(request, uuid, beoordeling=None):
    declaratie = _declaratie(request, uuid)
    log_access(request, Actie.BEKEKEN, declaratie, label=str(declaratie.uuid))
    may_judge = (
        has_role(request.user, Rol.COORDINATOR) and declaratie.status == DeclaratieStatus.INGEDIEND
    )
    context = {
        "declaratie": declaratie,
        "beoordeling": beoordeling or (BeoordelingForm() if may_judge else None),
    }
    return render(request, "onkosten/declaratie_detail.html", context)


@role_required(Rol.COORDINATOR)
@require_POST
def declaratie_beoordelen(request, uuid):
    declaratie = _declaratie(request, uuid)
    form = BeoordelingForm(request.POST)
    done, _result = submit(
        request,
        form,
        save=lambda form: services.beoordeel_declaratie(
            declaratie=declaratie,
            door=request.user,
            goedkeuren=form.cleaned_data["besluit"] == "goedkeuren",
            toelichting=form.cleaned_data["toelichting"],
        ),
        message=lambda d: _("De declaratie is %(status)s.") % {"status": d.get_status_display()},
    )
    if done:
        return redirect(declaratie)
    return declaratie_detail(request, uuid, beoordeling=form)


@role_required(*EIGEN)
def bon_download(request, uuid):
    """The receipt, for whoever may see the claim; gone after the retention period."""
    declaratie = _declaratie(request, uuid)
    if not declaratie.bon:
        raise Http404
    log_access(request, Actie.GEDOWNLOAD, declaratie, label=str(declaratie.uuid))
    response = FileResponse(
        declaratie.bon.open("rb"),
        as_attachment=True,
        filename=declaratie.bon_naam or "bon",
        content_type=declaratie.bon_content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(Rol.COORDINATOR)
def export(request):
    """The claims and allowances of a period (van, tot: the dates of the costs) as Excel."""
    periode = PeriodeForm(request.GET or None)
    if request.GET and not periode.is_valid():
        messages.error(request, _("Kies een geldige periode."))
        return redirect("onkosten:declaratie_list")
    data = periode.cleaned_data if periode.is_bound else {}
    return OnkostenExport(request.user, van=data.get("van"), tot=data.get("tot")).response()


@role_required(Rol.COORDINATOR)
def vergoedingen(request):
    """The flat volunteer allowances paid, a new payment (warned above the limits), and the
    limits per year."""
    form = VergoedingForm(request.POST or None, user=request.user, prefix="betaling")
    grens = GrensForm(prefix="grens")
    if request.method == "POST":
        waarschuwingen = []

        def save(form):
            betaling, gevonden = services.betaal_vergoeding(
                door=request.user,
                vertrouwenspersoon=form.cleaned_data["vertrouwenspersoon"],
                datum=form.cleaned_data["datum"],
                bedrag=form.cleaned_data["bedrag"],
                omschrijving=form.cleaned_data["omschrijving"],
            )
            waarschuwingen.extend(gevonden)
            return betaling

        done, _result = submit(
            request, form, save=save, message=_("De vrijwilligersvergoeding is vastgelegd.")
        )
        for waarschuwing in waarschuwingen:
            messages.warning(request, waarschuwing)
        if done:
            return redirect("onkosten:vergoedingen")
    context = {
        "form": form,
        "grens_form": grens,
        "betalingen": Vrijwilligersvergoeding.objects.visible_to(request.user)
        .select_related("vertrouwenspersoon")
        .order_by("-datum", "-pk")[:200],
        "grenzen": VergoedingsGrens.objects.all(),
    }
    return render(request, "onkosten/vergoedingen.html", context)


@role_required(Rol.COORDINATOR)
@require_POST
def grens_opslaan(request):
    form = GrensForm(request.POST, prefix="grens")
    done, _result = submit(
        request,
        form,
        save=lambda form: services.save_grens(door=request.user, **form.cleaned_data),
        message=lambda g: _("De grenzen voor %(jaar)s zijn opgeslagen.") % {"jaar": g.jaar},
    )
    if not done:
        messages.error(request, " ".join(e for es in form.errors.values() for e in es))
    return redirect("onkosten:vergoedingen")
