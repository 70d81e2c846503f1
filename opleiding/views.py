"""Training pages. Access: pages by role (404 for other roles), records through `visible_to`."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from netwerk.permissions import get_visible_or_404, role_required
from netwerk.roles import Rol, has_role, vertrouwenspersoon_id_of
from netwerk.toegangslog import Actie as LogActie
from netwerk.toegangslog import log_access
from opleiding import exports, selectors, services
from opleiding.choices import AanwezigheidStatus, DeelnameStatus, MetingSoort
from opleiding.forms import (
    KANDIDAAT_REGELS,
    MAX_KANDIDAAT_REGELS,
    BijeenkomstForm,
    CertificaatForm,
    CohortCreateForm,
    CohortForm,
    DeelnameUpdateForm,
    InschrijvenForm,
    KandidaatUpdateForm,
    LeeruurForm,
    MetingForm,
    OntwikkelstapForm,
    kandidaat_formset,
)
from opleiding.models import (
    Aanwezigheid,
    Bijeenkomst,
    Cohort,
    Deelname,
    Leeruur,
    Meting,
    Ontwikkelstap,
)
from opleiding.tables import CohortTable
from samenvooruit.pdf import PDF_CONTENT_TYPE, render_pdf
from samenvooruit.views import form_page, save_form, telling

TRAINING = (Rol.COORDINATOR, Rol.OPLEIDER)


def _may_edit_deelname(user):
    return has_role(user, Rol.COORDINATOR)


@login_required
def cohort_list(request):
    if not has_role(request.user, *TRAINING):
        if has_role(request.user, Rol.VERTROUWENSPERSOON):
            return redirect("opleiding:mijn")
        raise Http404
    cohorten = (
        Cohort.objects.visible_to(request.user)
        .select_related("pilot")
        .annotate(
            n_deelnemers=Count("deelnames", distinct=True),
            n_afgerond=Count(
                "deelnames",
                filter=Q(deelnames__status=DeelnameStatus.AFGEROND),
                distinct=True,
            ),
            n_bijeenkomsten=Count("bijeenkomsten", distinct=True),
        )
    )
    table = CohortTable(cohorten)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    dagwerk = selectors.opleider_dagwerk(request.user)
    tellingen = [
        telling("open", dagwerk["open"], _("bijeenkomsten zonder aanwezigheid")),
        telling("vandaag", dagwerk["vandaag"], _("bijeenkomsten vandaag")),
    ]
    return render(
        request,
        "opleiding/cohort_list.html",
        {"table": table, "tellingen": tellingen, "mag_aanmaken": True},
    )


@role_required(*TRAINING)
def cohort_create(request):
    return form_page(
        request,
        CohortCreateForm(request.POST or None, user=request.user),
        "opleiding/cohort_form.html",
        save=_create_cohort,
        message=_("Cohort aangemaakt."),
    )


def _create_cohort(form):
    data = form.cleaned_data
    return services.create_cohort(
        naam=data["naam"],
        startdatum=data["startdatum"],
        pilot=data["pilot"],
        opleiders=data["opleiders"],
        weekdag=data["weekdag"] if data["standaardprogramma"] else None,
    )


@role_required(Rol.COORDINATOR)
def cohort_update(request, pk):
    cohort = get_visible_or_404(Cohort.objects, request.user, pk=pk)
    return form_page(
        request,
        CohortForm(request.POST or None, instance=cohort, user=request.user),
        "opleiding/cohort_form.html",
        {"cohort": cohort},
        save=lambda form: services.update_cohort(
            cohort=form.save(commit=False),
            opleiders=form.cleaned_data["opleiders"],
            versie=form.versie,
        ),
        message=_("Cohort opgeslagen."),
    )


@role_required(*TRAINING)
def cohort_detail(request, pk):
    cohort = get_visible_or_404(Cohort.objects.select_related("pilot"), request.user, pk=pk)
    voortgang = selectors.cohort_voortgang(cohort)
    onhaalbaar = {d.pk: d for d in selectors.kan_80_procent_niet_meer_halen(cohort)}
    context = {
        "cohort": cohort,
        "rijen": [(v, _onhaalbaar(onhaalbaar.get(v.deelname.pk))) for v in voortgang],
        "opleiders": cohort.opleiders.all(),
        "bijeenkomsten": cohort.bijeenkomsten.annotate(geregistreerd=Count("aanwezigheden")),
        "voortgang": voortgang,
        "soorten": selectors.bijeenkomst_soorten(voortgang),
        "min_pct": _min_pct(),
        "mag_beheren": has_role(request.user, Rol.COORDINATOR),
        "vandaag": timezone.localdate(),
    }
    return render(request, "opleiding/cohort_detail.html", context)


def _onhaalbaar(deelname):
    """For the early-warning badge: the lessons still within reach (attended + to come) and the
    lessons needed, or None when the trainee can still meet the rule."""
    if deelname is None:
        return None
    return {
        "haalbaar": deelname.lessen_aanwezig + deelname.lessen_te_gaan,
        "nodig": selectors.lessen_nodig(deelname.lessen_totaal),
    }


def _min_pct():
    return settings.OPLEIDING_MIN_AANWEZIG_PCT


@role_required(*TRAINING)
def bijeenkomst_create(request, pk):
    cohort = get_visible_or_404(Cohort.objects, request.user, pk=pk)
    return form_page(
        request,
        BijeenkomstForm(request.POST or None, instance=Bijeenkomst(cohort=cohort)),
        "opleiding/bijeenkomst_form.html",
        {"cohort": cohort},
        save=save_form,
        message=_("Bijeenkomst toegevoegd."),
        success_url=cohort,
    )


@role_required(*TRAINING)
def bijeenkomst_update(request, pk):
    bijeenkomst = get_visible_or_404(
        Bijeenkomst.objects.select_related("cohort"), request.user, pk=pk
    )
    return form_page(
        request,
        BijeenkomstForm(request.POST or None, instance=bijeenkomst),
        "opleiding/bijeenkomst_form.html",
        {"cohort": bijeenkomst.cohort, "bijeenkomst": bijeenkomst},
        save=save_form,
        message=_("Bijeenkomst opgeslagen."),
        success_url=bijeenkomst.cohort,
    )


@role_required(*TRAINING)
def bijeenkomst_delete(request, pk):
    bijeenkomst = get_visible_or_404(
        Bijeenkomst.objects.select_related("cohort"), request.user, pk=pk
    )
    if request.method == "POST":
        cohort = bijeenkomst.cohort
        bijeenkomst.delete()
        messages.success(request, _("Bijeenkomst verwijderd."))
        return redirect(cohort)
    context = {
        "bijeenkomst": bijeenkomst,
        "geregistreerd": bijeenkomst.aanwezigheden.count(),
    }
    return render(request, "opleiding/bijeenkomst_confirm_delete.html", context)


@role_required(*TRAINING)
def aanwezigheid(request, pk):
    """One screen per session: one tap per trainee (a small form per button, no JS needed)."""
    bijeenkomst = get_visible_or_404(
        Bijeenkomst.objects.select_related("cohort"), request.user, pk=pk
    )
    deelnames = selectors.aanwezigheid_lijst(bijeenkomst)
    if request.method == "POST":
        return _record_aanwezigheid(request, bijeenkomst, deelnames)
    siblings = Bijeenkomst.objects.filter(cohort_id=bijeenkomst.cohort_id)
    context = {
        "bijeenkomst": bijeenkomst,
        "deelnames": deelnames,
        "keuzes": AanwezigheidStatus.choices,
        "vorige": siblings.filter(
            Q(datum__lt=bijeenkomst.datum) | Q(datum=bijeenkomst.datum, pk__lt=bijeenkomst.pk)
        )
        .order_by("-datum", "-pk")
        .first(),
        "volgende": siblings.filter(
            Q(datum__gt=bijeenkomst.datum) | Q(datum=bijeenkomst.datum, pk__gt=bijeenkomst.pk)
        )
        .order_by("datum", "pk")
        .first(),
    }
    return render(request, "opleiding/aanwezigheid.html", context)


def _record_aanwezigheid(request, bijeenkomst, deelnames):
    url = reverse("opleiding:aanwezigheid", args=[bijeenkomst.pk])
    if request.POST.get("actie") == "rest_aanwezig":
        n = services.mark_rest_present(bijeenkomst=bijeenkomst, deelnames=deelnames)
        messages.success(request, _("%(n)d deelnemers op aanwezig gezet.") % {"n": n})
        return redirect(url)
    deelname = deelnames.filter(uuid=_uuid_or_none(request.POST.get("deelname"))).first()
    if deelname is None:
        raise Http404
    try:
        services.record_aanwezigheid(
            bijeenkomst=bijeenkomst, deelname=deelname, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        if _wants_json(request):
            return JsonResponse({"fout": exc.messages[0]}, status=400)
        messages.error(request, exc.messages[0])
        return redirect(url)
    if _wants_json(request):
        return JsonResponse({"status": request.POST["status"]})
    return redirect(f"{url}#d-{deelname.uuid}")


def _wants_json(request):
    return request.headers.get("X-Requested-With") == "fetch"


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


@role_required(*TRAINING)
def deelname_create(request, pk):
    """Enrol participants in bulk: trusted persons (a coordinator) and candidates who are not a
    trusted person yet (coordinator and trainer), all in one form (`services.inschrijven`)."""
    cohort = get_visible_or_404(Cohort.objects, request.user, pk=pk)
    data = request.POST or None
    form = InschrijvenForm(data, user=request.user, cohort=cohort)
    regels = _regels(request)
    kandidaten = kandidaat_formset(regels)(data, prefix="k")
    if data is not None and form.is_valid() and kandidaten.is_valid():
        ingevuld = [k for k in kandidaten if k.has_changed()]
        try:
            nieuw = services.inschrijven(
                cohort=cohort,
                status_datum=form.cleaned_data["status_datum"],
                vertrouwenspersonen=form.gekozen(),
                kandidaten=[k.cleaned_data for k in ingevuld],
            )
        except ValidationError as exc:
            _fouten_bij_regels(exc, form, ingevuld)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d deelnemer ingeschreven.", "%(n)d deelnemers ingeschreven.", len(nieuw)
                )
                % {"n": len(nieuw)},
            )
            return redirect(cohort)
    context = {
        "cohort": cohort,
        "form": form,
        "kandidaten": kandidaten,
        "meer_regels": min(regels + KANDIDAAT_REGELS, MAX_KANDIDAAT_REGELS),
        "max_regels": regels >= MAX_KANDIDAAT_REGELS,
    }
    return render(request, "opleiding/deelname_inschrijven.html", context)


def _regels(request) -> int:
    """The number of empty candidate rows asked for (`?regels=`), within bounds."""
    tekst = request.GET.get("regels", "")
    if not tekst.isdigit() or len(tekst) > 3:
        return KANDIDAAT_REGELS
    return max(1, min(int(tekst), MAX_KANDIDAAT_REGELS))


def _fouten_bij_regels(exc: ValidationError, form, ingevuld) -> None:
    """A refusal of `services.inschrijven`: a candidate's error on their row, the rest above."""
    for sleutel, fouten in getattr(exc, "message_dict", {None: exc.messages}).items():
        if sleutel and sleutel.startswith("kandidaat_"):
            ingevuld[int(sleutel.removeprefix("kandidaat_"))].add_error(None, fouten)
        else:
            form.add_error(sleutel if sleutel in form.fields else None, fouten)


def _save_deelname(form):
    return services.save_deelname(deelname=form.save(commit=False))


def _deelname(request, uuid):
    return get_visible_or_404(
        Deelname.objects.select_related("cohort", "vertrouwenspersoon"), request.user, uuid=uuid
    )


@role_required(*TRAINING, Rol.VERTROUWENSPERSOON)
def deelname_detail(request, uuid):
    deelname = _deelname(request, uuid)
    log_access(request, LogActie.BEKEKEN, deelname)
    status = Aanwezigheid.objects.filter(bijeenkomst=OuterRef("pk"), deelname=deelname)
    voortgang = selectors.completion_for(deelname)
    metingen = selectors.metingen_per_deelnemer([deelname])[0]
    context = {
        "deelname": deelname,
        "cohort": deelname.cohort,
        "voortgang": voortgang,
        "soorten": selectors.bijeenkomst_soorten([voortgang]),
        "min_pct": _min_pct(),
        "bijeenkomsten": deelname.cohort.bijeenkomsten.annotate(
            aanwezigheid=Subquery(status.values("status")[:1])
        ),
        "aanwezigheid_labels": dict(AanwezigheidStatus.choices),
        "metingen": metingen,
        "chart": metingen.chart(),
        "stappen": Ontwikkelstap.objects.visible_to(request.user).filter(
            vertrouwenspersoon=deelname.vertrouwenspersoon
        ),
        "leeruren": Leeruur.objects.visible_to(request.user).filter(
            vertrouwenspersoon=deelname.vertrouwenspersoon
        ),
        "leeruren_totaal": selectors.leeruren_per_soort([deelname.vertrouwenspersoon_id]).get(
            deelname.vertrouwenspersoon_id, {}
        ),
        "mag_bewerken": has_role(request.user, *TRAINING),
        "mag_beheren": _may_edit_deelname(request.user),
        # a candidate's right-of-access file (privacy:inzage_deelname): coordinators
        "mag_inzage": deelname.is_kandidaat and has_role(request.user, Rol.COORDINATOR),
        "certificaat_form": CertificaatForm(initial={"datum": timezone.localdate()}),
    }
    return render(request, "opleiding/deelname_detail.html", context)


@role_required(Rol.COORDINATOR)
def deelname_update(request, uuid):
    deelname = _deelname(request, uuid)
    klasse = KandidaatUpdateForm if deelname.is_kandidaat else DeelnameUpdateForm
    return form_page(
        request,
        klasse(request.POST or None, instance=deelname),
        "opleiding/deelname_form.html",
        {"deelname": deelname, "cohort": deelname.cohort},
        save=_save_deelname,
        message=_("Deelname opgeslagen."),
        success_url=deelname,
    )


@require_POST
@role_required(Rol.COORDINATOR)
def certificaat(request, uuid):
    deelname = _deelname(request, uuid)
    form = CertificaatForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["datum"][0])
        return redirect(deelname)
    kandidaat, email = deelname.is_kandidaat, deelname.kandidaat_email
    try:
        deelname = services.confirm_certificaat(deelname=deelname, datum=form.cleaned_data["datum"])
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Afronding bevestigd: certificaat geregistreerd."))
        if kandidaat:
            persoon = deelname.vertrouwenspersoon
            tekst = _("%(naam)s is nu vertrouwenspersoon met nummer %(nummer)s.") % {
                "naam": persoon.naam,
                "nummer": persoon.nummer,
            }
            if email:
                tekst += " " + _("E-mail voor een login: %(email)s.") % {"email": email}
            messages.info(request, tekst)
    return redirect(deelname)


@role_required(*TRAINING)
def certificaat_pdf(request, uuid):
    """The certificate of a completed enrolment as a PDF (coordinators and the cohort's
    trainers); 404 while there is no certificate."""
    deelname = _deelname(request, uuid)
    gegevens = selectors.certificaat_voor(deelname)
    if gegevens is None:
        raise Http404
    log_access(request, LogActie.GEDOWNLOAD, deelname, label="certificaat")
    inhoud = render_pdf("opleiding/certificaat_pdf.html", {"c": gegevens})
    response = HttpResponse(inhoud, content_type=PDF_CONTENT_TYPE)
    naam = slugify(f"certificaat {gegevens.naam} {gegevens.cohort}") or "certificaat"
    response["Content-Disposition"] = f'attachment; filename="{naam}.pdf"'
    return response


@role_required(*TRAINING)
def meting_edit(request, uuid, soort):
    if soort not in MetingSoort.values:
        raise Http404
    deelname = _deelname(request, uuid)
    meting = Meting.objects.filter(deelname=deelname, soort=soort).first()
    meting = meting or Meting(deelname=deelname, soort=soort)
    return form_page(
        request,
        MetingForm(request.POST or None, instance=meting),
        "opleiding/meting_form.html",
        {"deelname": deelname, "meting": meting},
        save=lambda form: services.save_meting(meting=form.save(commit=False)),
        message=_("Meting opgeslagen."),
        success_url=deelname,
    )


@role_required(*TRAINING)
def cohort_metingen(request, pk):
    cohort = get_visible_or_404(Cohort.objects, request.user, pk=pk)
    vergelijking = selectors.meting_vergelijking(cohort)
    deelnames = cohort.deelnames.select_related("vertrouwenspersoon")
    context = {
        "cohort": cohort,
        "vergelijking": vergelijking,
        "chart": selectors.vergelijking_chart(vergelijking),
        "per_deelnemer": selectors.metingen_per_deelnemer(deelnames),
    }
    return render(request, "opleiding/cohort_metingen.html", context)


@role_required(*TRAINING)
def ontwikkelstap_create(request, uuid):
    deelname = _deelname(request, uuid)
    if deelname.is_kandidaat:
        raise Http404  # steps belong to a trusted person; a candidate is not one yet
    stap = Ontwikkelstap(vertrouwenspersoon=deelname.vertrouwenspersoon)
    return form_page(
        request,
        OntwikkelstapForm(request.POST or None, instance=stap),
        "opleiding/ontwikkelstap_form.html",
        {"deelname": deelname},
        save=save_form,
        message=_("Ontwikkelstap opgeslagen."),
        success_url=deelname,
    )


def _stap(request, uuid):
    return get_visible_or_404(
        Ontwikkelstap.objects.select_related("vertrouwenspersoon"), request.user, uuid=uuid
    )


def _back_to_deelname(request, stap):
    """The enrolment of the step's trusted person that this user may see, else the list."""
    deelname = (
        Deelname.objects.visible_to(request.user)
        .filter(vertrouwenspersoon=stap.vertrouwenspersoon)
        .order_by("-cohort__startdatum")
        .first()
    )
    return deelname or "opleiding:cohort_list"


@role_required(*TRAINING)
def ontwikkelstap_update(request, uuid):
    stap = _stap(request, uuid)
    return form_page(
        request,
        OntwikkelstapForm(request.POST or None, instance=stap),
        "opleiding/ontwikkelstap_form.html",
        {"stap": stap},
        save=save_form,
        message=_("Ontwikkelstap opgeslagen."),
        success_url=lambda stap: _back_to_deelname(request, stap),
    )


@require_POST
@role_required(*TRAINING)
def ontwikkelstap_delete(request, uuid):
    stap = _stap(request, uuid)
    stap.delete()
    messages.success(request, _("Ontwikkelstap verwijderd."))
    return redirect(_back_to_deelname(request, stap))


@role_required(*TRAINING)
def leeruur_create(request, uuid):
    """Hours of learning of the enrolment's trusted person (issue 22 §5)."""
    deelname = _deelname(request, uuid)
    leeruur = Leeruur(vertrouwenspersoon=deelname.vertrouwenspersoon)
    return form_page(
        request,
        LeeruurForm(request.POST or None, instance=leeruur),
        "opleiding/leeruur_form.html",
        {"deelname": deelname},
        save=lambda form: services.save_leeruur(leeruur=form.save(commit=False)),
        message=_("Leeruren opgeslagen."),
        success_url=deelname,
    )


@require_POST
@role_required(*TRAINING)
def leeruur_delete(request, uuid):
    leeruur = get_visible_or_404(
        Leeruur.objects.select_related("vertrouwenspersoon"), request.user, uuid=uuid
    )
    leeruur.delete()
    messages.success(request, _("Leeruren verwijderd."))
    return redirect(_back_to_deelname(request, leeruur))


@role_required(*TRAINING)
def cohort_ontwikkeling(request, pk):
    cohort = get_visible_or_404(Cohort.objects, request.user, pk=pk)
    context = {"cohort": cohort, **selectors.ontwikkeling_overzicht(cohort)}
    return render(request, "opleiding/cohort_ontwikkeling.html", context)


@role_required(*TRAINING)
def export_aanwezigheid(request, pk):
    cohort = get_visible_or_404(Cohort.objects, request.user, pk=pk)
    log_access(request, LogActie.GEDOWNLOAD, cohort, label="aanwezigheid")
    return exports.AanwezigheidExport(cohort).response()


@role_required(*TRAINING)
def export_metingen(request, pk):
    cohort = get_visible_or_404(Cohort.objects, request.user, pk=pk)
    log_access(request, LogActie.GEDOWNLOAD, cohort, label="metingen")
    return exports.MetingenExport(cohort).response()


@role_required(Rol.VERTROUWENSPERSOON)
def mijn_opleiding(request):
    """A trusted person's own enrolments and development steps."""
    vp_id = vertrouwenspersoon_id_of(request.user)
    deelnames = (
        Deelname.objects.visible_to(request.user)
        .filter(vertrouwenspersoon_id=vp_id)
        .select_related("cohort")
        .order_by("-cohort__startdatum")
    )
    stappen = Ontwikkelstap.objects.visible_to(request.user).filter(vertrouwenspersoon_id=vp_id)
    context = {"deelnames": deelnames, "stappen": stappen}
    return render(request, "opleiding/mijn_opleiding.html", context)
