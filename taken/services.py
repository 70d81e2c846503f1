"""Starting, running and tidying up the jobs users start (`Taak`). A job function is a plain
function marked with `@achtergrondtaak`: it gets a `voortgang` callable and its parameters, and
returns an `Uitkomst` (a file to offer, a message). It runs in the worker (`tasks.voer_uit`)."""

import datetime
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import connections, transaction
from django.db.utils import OperationalError
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from taken.models import Taak, TaakStatus

logger = logging.getLogger("samenvooruit.taken")

ONBEKENDE_FOUT = "Er ging iets mis. Probeer het opnieuw; lukt het dan niet, meld het de beheerder."
ONDERBROKEN = "De taak is onderbroken (de verwerking stopte). Probeer het opnieuw."


@dataclass
class Uitkomst:
    """What a job made: a file to offer (bytes or an open file) and/or a message."""

    bestandsnaam: str = ""
    inhoud: bytes | IO | None = None
    melding: str = ""
    gegevens: dict = field(default_factory=dict)


def achtergrondtaak(func: Callable | None = None, *, herhaalbaar: bool = True):
    """Marks a function as one a user may start as a job (only marked functions run).
    `herhaalbaar=False`: a failed run cannot simply run again (its input is gone, e.g. an
    uploaded workbook deleted when its import ended); the job's page then offers no retry."""

    def mark(f: Callable) -> Callable:
        f.achtergrondtaak = True
        f.herhaalbaar = herhaalbaar
        return f

    return mark(func) if func is not None else mark


def herhaalbaar(taak: Taak) -> bool:
    """Whether a failed job may run again with the same parameters."""
    return getattr(_functie(taak.functie), "herhaalbaar", True)


def _pad(functie: Callable | str) -> str:
    return functie if isinstance(functie, str) else f"{functie.__module__}.{functie.__qualname__}"


def _functie(pad: str) -> Callable:
    func = import_string(pad)
    if not getattr(func, "achtergrondtaak", False):
        raise ValueError(f"{pad} is geen achtergrondtaak")
    return func


@transaction.atomic
def start_taak(*, eigenaar, functie: Callable | str, titel: str, parameters: dict) -> Taak:
    """Record a job for `eigenaar` and enqueue it; returns at once (the worker runs it).

    Side effects: one `Taak` row and one queued task (same transaction: a worker sees the task
    only when the job's row is there too). `parameters` must be JSON (ids, dates as text)."""
    pad = _pad(functie)
    _functie(pad)
    taak = Taak.objects.create(
        eigenaar=eigenaar,
        functie=pad,
        parameters=parameters,
        titel=titel,
        verloopt_op=timezone.now() + datetime.timedelta(hours=settings.TAKEN_BEWAAR_UREN),
    )
    from taken.tasks import voer_uit  # the task module imports this one

    resultaat = voer_uit.enqueue(str(taak.uuid))
    Taak.objects.filter(pk=taak.pk).update(task_id=resultaat.id)
    return taak


@transaction.atomic
def start_opnieuw(*, taak: Taak) -> Taak:
    """The same job again, for a job that failed. Side effect: a new `Taak` and task."""
    if taak.status != TaakStatus.MISLUKT or not herhaalbaar(taak):
        raise ValidationError(_("Alleen een mislukte taak kan opnieuw."))
    return start_taak(
        eigenaar=taak.eigenaar, functie=taak.functie, titel=taak.titel, parameters=taak.parameters
    )


class Voortgang:
    """Writes a job's progress (rows done of total) and its sign of life, at most every
    `interval` seconds. With TAKEN_VOORTGANG_APART it writes over a connection of its own, so
    that progress is visible while the job's own work is still inside one transaction (an
    all-or-nothing import). Progress is best effort: a locked database skips a step."""

    def __init__(self, taak: Taak, *, interval: float = 0.5):
        self.taak = taak
        self.interval = interval
        self.laatst = None
        self.connection = None
        if settings.TAKEN_VOORTGANG_APART:
            self.connection = connections.create_connection("default")

    def __call__(self, gedaan: int, totaal: int | None = None, *, nu: bool = False) -> None:
        moment = timezone.now()
        if not nu and self.laatst and (moment - self.laatst).total_seconds() < self.interval:
            return
        self.laatst = moment
        self.taak.gedaan = gedaan
        if totaal is not None:
            self.taak.totaal = totaal
        self._schrijf(gedaan=gedaan, totaal=self.taak.totaal, levensteken=moment)

    def _schrijf(self, **velden) -> None:
        try:
            if self.connection is None:
                Taak.objects.filter(pk=self.taak.pk).update(**velden)
                return
            self._eigen_verbinding(velden)
        except OperationalError:
            logger.info("Voortgang van taak %s overgeslagen (database bezet)", self.taak.pk)

    def _eigen_verbinding(self, velden) -> None:
        self.connection.ensure_connection()
        if self.connection.vendor == "sqlite":
            # The job's own transaction may hold SQLite's one write lock: skip, don't wait.
            self.connection.connection.execute("PRAGMA busy_timeout = 50")
        table = Taak._meta.db_table
        columns = ", ".join(f"{self.connection.ops.quote_name(k)} = %s" for k in velden)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {columns} WHERE id = %s", [*velden.values(), self.taak.pk]
            )
        if not self.connection.get_autocommit():
            self.connection.commit()

    def sluit(self) -> None:
        if self.connection is not None:
            self.connection.close()


def export_uitkomst(exporter, voortgang: Voortgang) -> Uitkomst:
    """Run a download (samenvooruit.exporters) as a job: its rows counted into the progress
    bar, the workbook written to a temporary file that the job then keeps."""
    voortgang(0, exporter.total(), nu=True)
    bestand = tempfile.TemporaryFile()
    exporter.save(bestand, progress=voortgang)
    bestand.seek(0)
    return Uitkomst(bestandsnaam=exporter.filename(), inhoud=bestand)


def request_voor(gebruiker, query: str = "") -> HttpRequest:
    """A GET request of `gebruiker` with `query`, for the list code (filters, sorting) that a
    download job runs again in the worker, within the same user's scope (visible_to)."""
    request = HttpRequest()
    request.method = "GET"
    request.GET = QueryDict(query)
    request.user = gebruiker
    return request


def voer_taak_uit(taak: Taak) -> None:
    """Run one job in this process: mark it running, call its function, store the file and
    mark it done, or mark it failed with a Dutch message. The file is on offer only once the
    job is marked done: a worker that dies half-way leaves no half file to fetch."""
    Taak.objects.filter(pk=taak.pk).update(
        status=TaakStatus.BEZIG, gestart=timezone.now(), levensteken=timezone.now()
    )
    voortgang = Voortgang(taak)
    try:
        uitkomst = _functie(taak.functie)(voortgang=voortgang, **taak.parameters)
    except ValidationError as fout:
        _mislukt(taak, "\n".join(fout.messages), {"problemen": fout.messages})
        return
    except Exception:
        _mislukt(taak, ONBEKENDE_FOUT, {})
        raise  # the worker records the traceback on its task result too
    finally:
        voortgang.sluit()
    _klaar(taak, uitkomst)


def _klaar(taak: Taak, uitkomst: Uitkomst) -> None:
    if uitkomst.inhoud is not None:
        inhoud = uitkomst.inhoud
        bestand = ContentFile(inhoud) if isinstance(inhoud, bytes) else File(inhoud)
        extensie = uitkomst.bestandsnaam.rsplit(".", 1)[-1]
        taak.bestand.save(f"{taak.uuid}.{extensie}", bestand, save=False)
        taak.bestandsnaam = uitkomst.bestandsnaam
        if hasattr(inhoud, "close"):
            inhoud.close()
    taak.status = TaakStatus.KLAAR
    taak.klaar_op = timezone.now()
    taak.melding = uitkomst.melding
    taak.resultaat = uitkomst.gegevens
    if taak.totaal is not None:
        taak.gedaan = taak.totaal
    # only what is written here: the start and the sign of life were written by update(), and
    # this instance still holds the values from before the job ran
    taak.save(
        update_fields=[
            "bestand", "bestandsnaam", "status", "klaar_op", "melding", "resultaat", "gedaan"
        ]
    )  # fmt: skip


def _mislukt(taak: Taak, melding: str, resultaat: dict) -> None:
    Taak.objects.filter(pk=taak.pk).update(
        status=TaakStatus.MISLUKT, klaar_op=timezone.now(), melding=melding, resultaat=resultaat
    )


def markeer_vastgelopen() -> int:
    """Running jobs without a sign of life for TAKEN_STIL_MINUTEN lost their worker (killed,
    machine gone): mark them failed so the user can try again, and the task result too (the
    database backend would show it as running for ever). Returns how many."""
    grens = timezone.now() - datetime.timedelta(minutes=settings.TAKEN_STIL_MINUTEN)
    vast = Taak.objects.filter(status=TaakStatus.BEZIG, levensteken__lt=grens)
    task_ids = list(vast.exclude(task_id="").values_list("task_id", flat=True))
    aantal = vast.update(status=TaakStatus.MISLUKT, klaar_op=timezone.now(), melding=ONDERBROKEN)
    if task_ids:
        DBTaskResult.objects.filter(id__in=task_ids, status="RUNNING").update(
            status="FAILED", finished_at=timezone.now()
        )
    return aantal


def ruim_op() -> int:
    """Delete jobs (and their files) past their 24 hours, and files of jobs that never
    finished. Returns how many jobs went."""
    markeer_vastgelopen()
    weg = 0
    for taak in Taak.objects.filter(verloopt_op__lt=timezone.now()).iterator():
        if taak.bestand:
            taak.bestand.delete(save=False)
        taak.delete()
        weg += 1
    return weg
