"""The quarterly report page and its Excel and PDF downloads (coordinators; organisation
coordinators get the same report limited to their organisation through `visible_to`)."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from netwerk.permissions import role_required
from rapportage import warmhouden
from rapportage.report import build_report
from rapportage.report.categories import rounding_key_figures
from rapportage.report.charts import page_tables, trend_view
from rapportage.report.excel import report_workbook
from rapportage.report.forms import RapportForm, presets
from rapportage.report.pdf import report_pdf
from rapportage.services import REPORT_ROLES, report_for, trend_for
from samenvooruit import xlsx
from taken.services import Uitkomst, achtergrondtaak
from taken.views import als_taak


@role_required(*REPORT_ROLES)
def rapport(request):
    form = RapportForm(request.GET, user=request.user)
    report = trend = None
    if form.is_valid():
        report = build_report(user=request.user, **form.report_kwargs())
        trend = trend_for(request.user, form)
        warmhouden.onthoud(request.user, request.GET.urlencode())
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


@achtergrondtaak
def rapport_als_taak(*, voortgang, gebruiker_id: int, query: str) -> Uitkomst:
    """The report's workbook for this user's scope, as the page would show it."""
    _gebruiker, report, trend = report_for(gebruiker_id, query)
    inhoud = xlsx.workbook_bytes(report_workbook(report, trend=trend))
    return Uitkomst(bestandsnaam=_filename(report.params.peildatum), inhoud=inhoud)


@achtergrondtaak
def rapport_pdf_als_taak(*, voortgang, gebruiker_id: int, query: str) -> Uitkomst:
    """The report's PDF for this user's scope, naming them as the one who made it; in Dutch
    (the funder's language), whatever the language of the page it was asked from."""
    with translation.override(settings.LANGUAGE_CODE):
        gebruiker, report, trend = report_for(gebruiker_id, query)
        door = gebruiker.get_full_name() or gebruiker.get_username()
        inhoud = report_pdf(report, door=door, trend=trend)
    return Uitkomst(bestandsnaam=_filename(report.params.peildatum, "pdf"), inhoud=inhoud)
