"""The registration workbook for coordinators: download the template or the export, upload a
workbook, see what it would create and every problem, then confirm.

Between preview and confirmation the upload waits in the default storage under a random name that
only this session knows; it is deleted after the import or on cancel (and after a day anyway)."""

import datetime
import secrets
from pathlib import PurePosixPath

from django import forms
from django.contrib import messages
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from netwerk.permissions import role_required
from netwerk.roles import Rol
from netwerk.toegangslog import Actie as LogActie
from netwerk.toegangslog import log_access
from registratie.models import WerkmapLog
from registratie.workbook import (
    WorkbookError,
    build_workbook,
    import_workbook,
    log_export,
    read_plan,
    summary_lines,
)
from samenvooruit.xlsx import xlsx_response

SESSION_KEY = "registratie_import"
UPLOAD_DIR = "registratie-import"
MAX_UPLOAD = 25 * 1024 * 1024
MAX_SHOWN = 500  # problems listed on the page; the count says how many there are in all
MAX_NAMES = 50  # new organisations / trusted persons named on the page
STALE_AFTER = datetime.timedelta(days=1)


class UploadForm(forms.Form):
    bestand = forms.FileField(
        label=gettext_lazy("Werkmap (.xlsx)"),
        help_text=gettext_lazy("Eerst ziet u wat de import zou aanmaken en elk probleem."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if not bestand.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("Kies een Excel-werkmap (.xlsx); sla het bestand zo nodig in Excel op als .xlsx.")
            )
        if bestand.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Het bestand is groter dan 25 MB."))
        return bestand


@role_required(Rol.COORDINATOR)
def registratie(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _discard_upload(request)
        _remove_stale_uploads()
        bestand = form.cleaned_data["bestand"]
        pad = default_storage.save(f"{UPLOAD_DIR}/{secrets.token_urlsafe(24)}.xlsx", bestand)
        request.session[SESSION_KEY] = {"pad": pad, "naam": PurePosixPath(bestand.name).name}
        return redirect("registratie:controle")
    logs = WerkmapLog.objects.select_related("door")[:10]
    return render(request, "registratie/registratie.html", {"form": form, "logs": logs})


@role_required(Rol.COORDINATOR)
def sjabloon(request):
    wb, _counts = build_workbook(template=True)
    log_access(request, LogActie.GEDOWNLOAD, label="registratie-sjabloon.xlsx")
    return xlsx_response(wb, "registratie-sjabloon.xlsx")


@role_required(Rol.COORDINATOR)
def export(request):
    wb, counts = build_workbook()
    naam = f"registratie-{timezone.localdate():%Y-%m-%d}.xlsx"
    log_export(door=request.user, bestandsnaam=naam, counts=counts)
    log_access(request, LogActie.GEDOWNLOAD, label=naam)
    return xlsx_response(wb, naam)


@role_required(Rol.COORDINATOR)
def controle(request):
    upload = _upload(request)
    if upload is None:
        return redirect("registratie:registratie")
    try:
        with default_storage.open(upload["pad"], "rb") as fileobj:
            plan = read_plan(fileobj)
    except WorkbookError as error:
        return _preview(request, upload, fout=str(error))
    return _preview(request, upload, plan=plan)


@role_required(Rol.COORDINATOR)
@require_POST
def bevestigen(request):
    upload = _upload(request)
    if upload is None:
        return redirect("registratie:registratie")
    try:
        with default_storage.open(upload["pad"], "rb") as fileobj:
            resultaat = import_workbook(fileobj, door=request.user, bestandsnaam=upload["naam"])
    except WorkbookError as error:
        return _preview(request, upload, fout=str(error))
    except IntegrityError:
        # Someone registered the same reference between the check and the write: nothing stored.
        messages.error(
            request, _("De registratie veranderde tijdens de import; er is niets opgeslagen.")
        )
        return redirect("registratie:controle")
    if not resultaat.opgeslagen:
        # The registration changed since the preview: show the problems as they are now.
        return _preview(request, upload, plan=resultaat.plan)
    _discard_upload(request)
    for line in summary_lines(resultaat.plan, opgeslagen=True, limit=MAX_NAMES):
        messages.success(request, line)
    return redirect("registratie:registratie")


@role_required(Rol.COORDINATOR)
@require_POST
def annuleren(request):
    _discard_upload(request)
    messages.info(request, _("De import is geannuleerd; het bestand is verwijderd."))
    return redirect("registratie:registratie")


def _preview(request, upload, *, plan=None, fout=""):
    context = {"naam": upload["naam"], "fout": fout, "plan": plan}
    if plan is not None:
        context.update(
            regels=summary_lines(plan, opgeslagen=False, limit=MAX_NAMES),
            problemen=plan.problemen[:MAX_SHOWN],
            meer=max(0, len(plan.problemen) - MAX_SHOWN),
        )
    return render(request, "registratie/controle.html", context)


def _upload(request):
    """The upload of this session, if it is (still) there."""
    upload = request.session.get(SESSION_KEY)
    if (
        not isinstance(upload, dict)
        or not str(upload.get("pad", "")).startswith(f"{UPLOAD_DIR}/")
        or not default_storage.exists(upload["pad"])
    ):
        request.session.pop(SESSION_KEY, None)
        messages.info(request, _("Er staat geen werkmap klaar; kies eerst een bestand."))
        return None
    return upload


def _discard_upload(request):
    upload = request.session.pop(SESSION_KEY, None)
    if isinstance(upload, dict) and str(upload.get("pad", "")).startswith(f"{UPLOAD_DIR}/"):
        default_storage.delete(upload["pad"])


def _remove_stale_uploads():
    """Uploads never confirmed nor cancelled do not stay longer than a day."""
    try:
        _dirs, files = default_storage.listdir(UPLOAD_DIR)
        for name in files:
            pad = f"{UPLOAD_DIR}/{name}"
            if timezone.now() - default_storage.get_modified_time(pad) > STALE_AFTER:
                default_storage.delete(pad)
    except (FileNotFoundError, NotImplementedError, OSError):
        pass
