"""The registration workbook for coordinators: download the template or the export, upload a
workbook, see what it would create and every problem, then confirm.

The export, the check and the import run in the background (registratie.jobs): the export's
user lands on the job's page; the check and the import show their progress on the preview page,
which then shows what they found. The session holds the upload and its jobs (their ids).

Between preview and confirmation the upload waits in the default storage under a random name that
only this session knows; the check deletes it when it cannot be imported, the import when it
ends, stored or not; cancel deletes it too, and the periodic job `verlopen_uploads` after a day
at most anyway (registratie.jobs)."""

import secrets
from pathlib import PurePosixPath

from django import forms
from django.contrib import messages
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from netwerk.permissions import role_required
from netwerk.roles import Rol
from netwerk.toegangslog import Actie as LogActie
from netwerk.toegangslog import log_access
from registratie import jobs
from registratie.jobs import UPLOAD_DIR
from registratie.models import WerkmapLog
from registratie.workbook import WorkbookError, build_workbook
from registratie.workbook.bestand import check_archive
from samenvooruit.xlsx import xlsx_response
from taken.models import Taak, TaakStatus
from taken.selectors import resterend
from taken.services import start_taak
from taken.views import als_taak

SESSION_KEY = "registratie_import"
MAX_UPLOAD = 25 * 1024 * 1024


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
        try:
            check_archive(bestand)  # an absurd workbook is refused here, before any job
        except WorkbookError as error:
            raise forms.ValidationError(str(error)) from error
        return bestand


@role_required(Rol.COORDINATOR)
def registratie(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _discard_upload(request)
        bestand = form.cleaned_data["bestand"]
        pad = default_storage.save(f"{UPLOAD_DIR}/{secrets.token_urlsafe(24)}.xlsx", bestand)
        taak = start_taak(
            eigenaar=request.user,
            functie=jobs.controle_als_taak,
            titel=_("Import controleren"),
            parameters={"gebruiker_id": request.user.pk, "pad": pad},
        )
        request.session[SESSION_KEY] = {
            "pad": pad,
            "naam": PurePosixPath(bestand.name).name,
            "controle": str(taak.uuid),
        }
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
    """The whole registration, made in the background (the job writes the WerkmapLog entry)."""
    return als_taak(
        request,
        functie=jobs.export_als_taak,
        parameters={"gebruiker_id": request.user.pk},
        titel=_("Registratie exporteren"),
        label=jobs.export_naam(),
    )


@role_required(Rol.COORDINATOR)
def controle(request):
    """The upload's check, then its import: each shows its progress until its job is done, then
    what it found (the preview), or the import's outcome."""
    upload = _upload(request)
    if upload is None:
        return redirect("registratie:registratie")
    if "import" in upload:
        return _import_outcome(request, upload)
    taak = _taak(request, upload.get("controle"))
    if taak is None:
        return _no_upload(request)
    if taak.status == TaakStatus.MISLUKT:
        return _preview(request, upload, fout=taak.melding)
    # the check deletes an upload that cannot be imported: what it found is still shown
    if not _refused(taak) and not default_storage.exists(upload["pad"]):
        return _no_upload(request)
    if not taak.is_afgelopen:
        return _preview(request, upload, bezig=taak)
    return _preview(request, upload, uitkomst=taak.resultaat)


def _refused(controle) -> bool:
    """The check is done and found the upload cannot be imported (it deleted the file)."""
    if not controle.is_afgelopen:
        return False
    uitkomst = controle.resultaat or {}
    return controle.status == TaakStatus.MISLUKT or not (
        uitkomst.get("ok") and not uitkomst.get("niets_nieuw")
    )


@role_required(Rol.COORDINATOR)
@require_POST
def bevestigen(request):
    upload = _upload(request)
    if upload is None:
        return redirect("registratie:registratie")
    if "import" not in upload:  # a second click while the import runs starts nothing
        controle = _taak(request, upload.get("controle"))
        if controle is not None and _refused(controle):
            return redirect("registratie:controle")  # what the check found, again
        if not default_storage.exists(upload["pad"]):
            return _no_upload(request)
        taak = start_taak(
            eigenaar=request.user,
            functie=jobs.import_als_taak,
            titel=_("Importeren"),
            parameters={
                "gebruiker_id": request.user.pk,
                "pad": upload["pad"],
                "bestandsnaam": upload["naam"],
            },
        )
        request.session[SESSION_KEY] = {**upload, "import": str(taak.uuid)}
    return redirect("registratie:controle")


@role_required(Rol.COORDINATOR)
@require_POST
def annuleren(request):
    _discard_upload(request)
    messages.info(request, _("De import is geannuleerd; het bestand is verwijderd."))
    return redirect("registratie:registratie")


def _import_outcome(request, upload):
    taak = _taak(request, upload["import"])
    if taak is None:
        return _no_upload(request)
    if not taak.is_afgelopen:
        return _preview(request, upload, bezig=taak)
    uitkomst = taak.resultaat
    if taak.status == TaakStatus.MISLUKT or uitkomst.get("veranderd"):
        # The job deleted the upload: the coordinator chooses the file again.
        _discard_upload(request)
        messages.error(request, taak.melding)
        return redirect("registratie:registratie")
    if not uitkomst.get("opgeslagen"):
        # The registration changed since the preview: the problems as they are now.
        return _preview(request, upload, uitkomst=uitkomst)
    _discard_upload(request)
    for line in uitkomst["regels"]:
        messages.success(request, line)
    return redirect("registratie:registratie")


def _preview(request, upload, *, uitkomst=None, fout="", bezig=None):
    """The check page: a running job's progress (`bezig`), a failure (`fout`) or what the check
    or the refused import found (`uitkomst`, a job's result; its `fout`: not a workbook)."""
    context = {"naam": upload["naam"], "fout": fout or (uitkomst or {}).get("fout", "")}
    if bezig is not None:
        context.update(taak=bezig, resterend=resterend(bezig), importeert="import" in upload)
    elif uitkomst is not None and "regels" in uitkomst:
        context["uitkomst"] = uitkomst
    return render(request, "registratie/controle.html", context)


def _taak(request, uuid):
    """This user's job of the upload (None when it is gone: older than its 24 hours)."""
    if not uuid:
        return None
    return Taak.objects.visible_to(request.user).filter(uuid=uuid).first()


def _no_upload(request):
    _discard_upload(request)
    messages.info(request, _("Er staat geen werkmap klaar; kies eerst een bestand."))
    return redirect("registratie:registratie")


def _upload(request):
    """The upload of this session, if there is one."""
    upload = request.session.get(SESSION_KEY)
    if isinstance(upload, dict) and str(upload.get("pad", "")).startswith(f"{UPLOAD_DIR}/"):
        return upload
    request.session.pop(SESSION_KEY, None)
    messages.info(request, _("Er staat geen werkmap klaar; kies eerst een bestand."))
    return None


def _discard_upload(request):
    upload = request.session.pop(SESSION_KEY, None)
    if isinstance(upload, dict):
        jobs.delete_upload(str(upload.get("pad", "")))
