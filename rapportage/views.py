"""The quarterly report page and its Excel download (coordinators; organisation coordinators
get the same report limited to their organisation through `visible_to`)."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from netwerk.permissions import role_required
from netwerk.roles import Rol
from netwerk.toegangslog import Actie as LogActie
from netwerk.toegangslog import log_access
from rapportage.report import build_report
from rapportage.report.charts import page_tables
from rapportage.report.excel import report_workbook
from rapportage.report.forms import RapportForm, presets
from samenvooruit import xlsx

REPORT_ROLES = (Rol.COORDINATOR, Rol.ORGCOORDINATOR)


@role_required(*REPORT_ROLES)
def rapport(request):
    form = RapportForm(request.GET, user=request.user)
    report = build_report(user=request.user, **form.report_kwargs()) if form.is_valid() else None
    context = {
        "form": form,
        "report": report,
        "tables": page_tables(report) if report else [],
        "presets": presets(form, timezone.localdate()),
        "xlsx_query": form.query(),
    }
    return render(request, "rapportage/rapport.html", context, status=200 if report else 400)


@role_required(*REPORT_ROLES)
def rapport_xlsx(request):
    form = RapportForm(request.GET, user=request.user)
    if not form.is_valid():
        # The page shows what is wrong, next to the field.
        return redirect(f"{reverse('rapportage:rapport')}?{request.GET.urlencode()}")
    report = build_report(user=request.user, **form.report_kwargs())
    filename = f"rapportage-{report.params.peildatum:%Y-%m-%d}.xlsx"
    log_access(request, LogActie.GEDOWNLOAD, label=filename)
    return xlsx.xlsx_response(report_workbook(report), filename)
