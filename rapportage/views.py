"""The quarterly report page and its Excel and PDF downloads (coordinators; organisation
coordinators get the same report limited to their organisation through `visible_to`)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from netwerk.permissions import role_required
from netwerk.roles import Rol
from rapportage.report import build_report
from rapportage.report.categories import rounding_key_figures
from rapportage.report.charts import page_tables, trend_view
from rapportage.report.excel import report_workbook
from rapportage.report.forms import RapportForm, presets
from rapportage.report.pdf import report_pdf
from rapportage.report.trend import build_trend
from samenvooruit import xlsx
from taken.services import Uitkomst, achtergrondtaak
from taken.views import als_taak

REPORT_ROLES = (Rol.COORDINATOR, Rol.ORGCOORDINATOR)


@role_required(*REPORT_ROLES)
def rapport(request):
    form = RapportForm(request.GET, user=request.user)
    report = trend = None
    if form.is_valid():
        report = build_report(user=request.user, **form.report_kwargs())
        trend = _trend_for(request.user, form)
    context = {
        "form": form,
        "report": report,
        "tables": page_tables(report) if report else [],
        "trend": trend_view(trend) if trend else None,
        "afronding": rounding_key_figures(),
        "presets": presets(form, timezone.localdate()),
        "xlsx_query": form.query(),
    }
    return render(request, "rapportage/rapport.html", context, status=200 if report else 400)


@role_required(*REPORT_ROLES)
def rapport_xlsx(request):
    """The report's workbook, made in the background (it competes with the daily pages)."""
    return _download(request, rapport_als_taak, _("Rapportage (Excel)"), "xlsx")


@role_required(*REPORT_ROLES)
def rapport_pdf(request):
    """The report as a PDF for the funder, made in the background like the workbook."""
    return _download(request, rapport_pdf_als_taak, _("Rapportage (PDF)"), "pdf")


def _download(request, functie, titel: str, extensie: str):
    form = RapportForm(request.GET, user=request.user)
    if not form.is_valid():
        # The page shows what is wrong, next to the field.
        return redirect(f"{reverse('rapportage:rapport')}?{request.GET.urlencode()}")
    return als_taak(
        request,
        functie=functie,
        parameters={"gebruiker_id": request.user.pk, "query": request.GET.urlencode()},
        titel=titel,
        label=_filename(form.cleaned_data["peildatum"], extensie),
    )


def _filename(peildatum, extensie: str = "xlsx"):
    return f"rapportage-{peildatum:%Y-%m-%d}.{extensie}"


def _trend_for(user, form):
    """The key figures of the last eight quarters, with the report's filters."""
    kwargs = form.report_kwargs()
    kwargs.pop("van")
    return build_trend(user=user, **kwargs)


def _report_for(gebruiker_id: int, query: str):
    """The user, the report for their scope as the page would show it, and its trend."""
    gebruiker = get_user_model().objects.get(pk=gebruiker_id)
    form = RapportForm(QueryDict(query), user=gebruiker)
    if not form.is_valid():
        raise ValidationError([str(e) for errors in form.errors.values() for e in errors])
    report = build_report(user=gebruiker, **form.report_kwargs())
    return gebruiker, report, _trend_for(gebruiker, form)


@achtergrondtaak
def rapport_als_taak(*, voortgang, gebruiker_id: int, query: str) -> Uitkomst:
    """The report's workbook for this user's scope, as the page would show it."""
    _gebruiker, report, trend = _report_for(gebruiker_id, query)
    inhoud = xlsx.workbook_bytes(report_workbook(report, trend=trend))
    return Uitkomst(bestandsnaam=_filename(report.params.peildatum), inhoud=inhoud)


@achtergrondtaak
def rapport_pdf_als_taak(*, voortgang, gebruiker_id: int, query: str) -> Uitkomst:
    """The report's PDF for this user's scope, naming them as the one who made it; in Dutch
    (the funder's language), whatever the language of the page it was asked from."""
    with translation.override(settings.LANGUAGE_CODE):
        gebruiker, report, trend = _report_for(gebruiker_id, query)
        door = gebruiker.get_full_name() or gebruiker.get_username()
        inhoud = report_pdf(report, door=door, trend=trend)
    return Uitkomst(bestandsnaam=_filename(report.params.peildatum, "pdf"), inhoud=inhoud)
