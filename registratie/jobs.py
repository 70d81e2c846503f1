"""The registration workbook's background jobs (taken.services): the export of the whole
registration, the check of an uploaded workbook and its import. The upload (personal data) waits
in the default storage under UPLOAD_DIR only as long as it may still be imported: the check
deletes it when it cannot be (not a workbook, a problem, nothing new), the import when it ends,
stored or not, a cancel at once, and the hourly periodic job `verlopen_uploads` whatever is left
after a day (a job that never ran, a session that ended). The worker checks the role again: a
job may start after its user lost it."""

import datetime
import tempfile
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from netwerk.permissions import require_role
from netwerk.roles import Rol
from registratie.workbook import (
    WorkbookError,
    import_workbook,
    log_export,
    read_plan,
    write_registratie,
)
from registratie.workbook.dubbelen import log_dubbelen, waarschuwingen
from registratie.workbook.summary import outcome
from taken.services import Uitkomst, achtergrondtaak

UPLOAD_DIR = "registratie-import"
UPLOAD_BEWAREN = datetime.timedelta(days=1)  # an upload left behind is deleted after this
MAX_SHOWN = 500  # problems listed on the page; the count says how many there are in all
MAX_NAMES = 50  # new organisations / trusted persons named on the page


def export_naam() -> str:
    return f"registratie-{timezone.localdate():%Y-%m-%d}.xlsx"


@achtergrondtaak
def export_als_taak(*, voortgang, gebruiker_id: int) -> Uitkomst:
    """The whole registration as a workbook. Side effect: its WerkmapLog entry."""
    gebruiker = _coordinator(gebruiker_id)
    naam = export_naam()
    bestand = tempfile.TemporaryFile()
    counts = write_registratie(bestand, progress=voortgang)
    log_export(door=gebruiker, bestandsnaam=naam, counts=counts)
    bestand.seek(0)
    return Uitkomst(bestandsnaam=naam, inhoud=bestand)


@achtergrondtaak(herhaalbaar=False)
def controle_als_taak(*, voortgang, gebruiker_id: int, pad: str) -> Uitkomst:
    """What an import of the upload would create and every problem; stores nothing. The page
    shows the result (`gegevens`: summary.outcome, or `fout` for a file that is no workbook).
    Side effect: the upload is deleted unless it can be imported as it is (no problem, something
    new): the coordinator uploads the corrected file."""
    importeerbaar = False
    try:
        gebruiker = _coordinator(gebruiker_id)
        with _upload(pad) as fileobj:
            try:
                plan = read_plan(fileobj, progress=voortgang)
            except WorkbookError as error:
                return Uitkomst(melding=str(error), gegevens={"fout": str(error)})
        plan.waarschuwingen, plan.niet_op_dubbelen_gecontroleerd = waarschuwingen(plan)
        log_dubbelen(plan.waarschuwingen, gebruiker)
        importeerbaar = plan.ok and not plan.niets_nieuw
        return _uitkomst(
            outcome(plan, opgeslagen=False, max_names=MAX_NAMES, max_problems=MAX_SHOWN)
        )
    finally:
        if not importeerbaar:
            delete_upload(pad)


@achtergrondtaak(herhaalbaar=False)
def import_als_taak(*, voortgang, gebruiker_id: int, pad: str, bestandsnaam: str) -> Uitkomst:
    """The import of the upload, all or nothing (workbook.import_workbook). Side effects: the
    records and the WerkmapLog entry when stored; the upload deleted whatever the outcome (a
    service refusing a record fails the job with its message: nothing is stored then either)."""
    try:
        gebruiker = _coordinator(gebruiker_id)
        with _upload(pad) as fileobj:
            return _import(fileobj, gebruiker, bestandsnaam, voortgang)
    finally:
        delete_upload(pad)


def delete_upload(pad: str) -> None:
    """Delete an upload (a path outside UPLOAD_DIR is never touched)."""
    if pad.startswith(f"{UPLOAD_DIR}/"):
        default_storage.delete(pad)


def verlopen_uploads(*, nu: datetime.datetime | None = None) -> int:
    """Periodic (settings.PERIODIEKE_TAKEN, hourly): delete every upload older than
    UPLOAD_BEWAREN, whatever became of it. Returns how many went."""
    nu = nu or timezone.now()
    try:
        _dirs, files = default_storage.listdir(UPLOAD_DIR)
    except (FileNotFoundError, NotImplementedError):
        return 0
    weg = 0
    for name in files:
        pad = f"{UPLOAD_DIR}/{name}"
        try:
            if nu - default_storage.get_modified_time(pad) > UPLOAD_BEWAREN:
                default_storage.delete(pad)
                weg += 1
        except (FileNotFoundError, NotImplementedError, OSError):
            continue  # gone meanwhile, or a storage that cannot tell: the next run tries again
    return weg


def _import(fileobj, gebruiker, bestandsnaam, voortgang) -> Uitkomst:
    try:
        resultaat = import_workbook(
            fileobj, door=gebruiker, bestandsnaam=bestandsnaam, progress=voortgang
        )
    except WorkbookError as error:
        return Uitkomst(melding=str(error), gegevens={"fout": str(error)})
    except IntegrityError:
        # Someone registered the same reference between the check and the write: nothing stored.
        melding = _("De registratie veranderde tijdens de import; er is niets opgeslagen.")
        return Uitkomst(melding=melding, gegevens={"veranderd": True})
    return _uitkomst(
        outcome(
            resultaat.plan,
            opgeslagen=resultaat.opgeslagen,
            max_names=MAX_NAMES,
            max_problems=MAX_SHOWN,
        )
    )


def _uitkomst(gegevens: dict) -> Uitkomst:
    """The outcome for the page (`gegevens`) and in words for the job's own page (`melding`)."""
    regels = list(gegevens["regels"])
    if not gegevens["ok"]:
        n = gegevens["aantal_problemen"]
        regels.insert(
            0,
            ngettext(
                "De werkmap heeft %(n)s probleem. Er wordt niets opgeslagen; verbeter het "
                "bestand en probeer het opnieuw.",
                "De werkmap heeft %(n)s problemen. Er wordt niets opgeslagen; verbeter het "
                "bestand en probeer het opnieuw.",
                n,
            )
            % {"n": n},
        )
    n = gegevens.get("aantal_waarschuwingen", 0)
    if n:
        regels.append(
            ngettext(
                "%(n)s nieuwe persoon lijkt op iemand die al geregistreerd is: zie de "
                "waarschuwingen.",
                "%(n)s nieuwe personen lijken op iemand die al geregistreerd is: zie de "
                "waarschuwingen.",
                n,
            )
            % {"n": n}
        )
    return Uitkomst(melding="\n".join(regels), gegevens=gegevens)


def _coordinator(gebruiker_id: int):
    gebruiker = get_user_model().objects.get(pk=gebruiker_id)
    require_role(gebruiker, Rol.COORDINATOR)
    return gebruiker


@contextmanager
def _upload(pad: str):
    """The uploaded workbook, opened; a path outside UPLOAD_DIR or a file already gone (the
    upload was cancelled) is a Dutch message."""
    if not pad.startswith(f"{UPLOAD_DIR}/") or not default_storage.exists(pad):
        raise ValidationError(_("Er staat geen werkmap klaar; kies eerst een bestand."))
    with default_storage.open(pad, "rb") as fileobj:
        yield fileobj
