"""The quarterly report page and its Excel download (coordinators; organisation coordinators
get the same report limited to their organisation through `visible_to`)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerk.permissions import role_required
from netwerk.roles import Rol
from rapportage.report import build_report
from rapportage.report.categories import rounding_key_figures
from rapportage.report.charts import page_tables
from rapportage.report.excel import report_workbook
from rapportage.report.forms import RapportForm, presets
from samenvooruit import xlsx
from taken.services import Uitkomst, achtergrondtaak
from taken.views import als_taak

REPORT_ROLES = (Rol.COORDINATOR, Rol.ORGCOORDINATOR)


@role_required(*REPORT_ROLES)
def rapport(request):
    form = RapportForm(request.GET, user=request.user)
    report = build_report(user=request.user, **form.report_kwargs()) if form.is_valid() else None
    context = {
        "form": form,
        "report": report,
        "tables": page_tables(report) if report else [],
        "afronding": rounding_key_figures(),
        "presets": presets(form, timezone.localdate()),
        "xlsx_query": form.query(),
    }
    return render(request, "rapportage/rapport.html", context, status=200 if report else 400)


@role_required(*REPORT_ROLES)
def rapport_xlsx(request):
    """The report's workbook, made in the background (it competes with the daily pages)."""
    form = RapportForm(request.GET, user=request.user)
    if not form.is_valid():
        # The page shows what is wrong, next to the field.
        return redirect(f"{reverse('rapportage:rapport')}?{request.GET.urlencode()}")
    filename = _filename(form.cleaned_data["peildatum"])
    return als_taak(
        request,
        functie=rapport_als_taak,
        parameters={"gebruiker_id": request.user.pk, "query": request.GET.urlencode()},
        titel=_("Rapportage (Excel)"),
        label=filename,
    )


def _filename(peildatum):
    return f"rapportage-{peildatum:%Y-%m-%d}.xlsx"


@achtergrondtaak
def rapport_als_taak(*, voortgang, gebruiker_id: int, query: str) -> Uitkomst:
    """The report's workbook for this user's scope, as the page would show it."""
    gebruiker = get_user_model().objects.get(pk=gebruiker_id)
    form = RapportForm(QueryDict(query), user=gebruiker)
    if not form.is_valid():
        raise ValidationError([str(e) for errors in form.errors.values() for e in errors])
    report = build_report(user=gebruiker, **form.report_kwargs())
    inhoud = xlsx.workbook_bytes(report_workbook(report))
    return Uitkomst(bestandsnaam=_filename(report.params.peildatum), inhoud=inhoud)
