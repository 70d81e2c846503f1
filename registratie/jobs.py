"""The registration workbook's background jobs (taken.services): the export of the whole
registration, the check of an uploaded workbook and its import. The upload waits in the default
storage under UPLOAD_DIR; the import deletes it when it ends, stored or not. The worker checks
the role again: a job may start after its user lost it."""

import tempfile
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hulpvragen.models import Huishouden
from netwerk.permissions import require_role
from netwerk.roles import Rol
from netwerk.toegangslog import Actie, log_access
from registratie.workbook import (
    WorkbookError,
    import_workbook,
    log_export,
    read_plan,
    write_registratie,
)
from registratie.workbook.dubbelen import waarschuwingen
from registratie.workbook.summary import outcome
from taken.services import Uitkomst, achtergrondtaak

UPLOAD_DIR = "registratie-import"
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
    shows the result (`gegevens`: summary.outcome, or `fout` for a file that is no workbook)."""
    gebruiker = _coordinator(gebruiker_id)
    with _upload(pad) as fileobj:
        try:
            plan = read_plan(fileobj, progress=voortgang)
        except WorkbookError as error:
            return Uitkomst(melding=str(error), gegevens={"fout": str(error)})
    plan.waarschuwingen, plan.niet_op_dubbelen_gecontroleerd = waarschuwingen(plan)
    _log_dubbelen(plan.waarschuwingen, gebruiker)
    return _uitkomst(outcome(plan, opgeslagen=False, max_names=MAX_NAMES, max_problems=MAX_SHOWN))


def _log_dubbelen(gevonden, gebruiker) -> None:
    """Every household the check names as a possible duplicate is in the access log, once."""
    ids = list(dict.fromkeys(pk for w in gevonden for pk in w.huishoudens))
    for start in range(0, len(ids), 500):
        for huishouden in Huishouden.objects.filter(pk__in=ids[start : start + 500]):
            log_access(None, Actie.MOGELIJK_DUBBEL, huishouden, label="werkmap", user=gebruiker)


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
        if pad.startswith(f"{UPLOAD_DIR}/"):
            default_storage.delete(pad)


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
