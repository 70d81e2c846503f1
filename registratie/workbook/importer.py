"""Writing a checked workbook: everything in one transaction, or nothing at all."""

import logging
import re
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from hulpvragen.choices import Status
from hulpvragen.models import Huishouden, Hulpvraag, Hulpvrager, StatusWijziging
from netwerk.models import (
    Organisatie,
    OrganisatieSoort,
    Pilot,
    Vertrouwenspersoon,
    VertrouwenspersoonStatus,
)
from noodfonds.models import Aanvraag
from registratie.models import WerkmapActie, WerkmapLog
from registratie.workbook.reader import Plan, read_plan

logger = logging.getLogger(__name__)
BATCH = 500
REFERENTIE = re.compile(r"^NF-(\d{4})-(\d+)$")


@dataclass
class Resultaat:
    """The outcome of an import: the plan (counts, new names, problems) and whether it was stored."""

    plan: Plan
    opgeslagen: bool


def import_workbook(fileobj, *, door=None, bestandsnaam="", via="web") -> Resultaat:
    """Check the workbook and, when it has no problems, store everything it adds.

    Side effects: in one transaction creates pilots, organisations, trusted persons, households,
    persons, help requests with their status history and themes, and fund applications, and a
    WerkmapLog entry. A refused import changes no table: it goes to the application log instead.
    Raises WorkbookError for a file that is not a registration workbook; stores nothing then."""
    with transaction.atomic():
        plan = read_plan(fileobj)
        if plan.ok:
            write_plan(plan)
            log_import(plan, door=door, bestandsnaam=bestandsnaam, via=via)
    if not plan.ok:
        logger.warning(
            "Import geweigerd: %s door %s via %s, %d problemen",
            bestandsnaam,
            door or "-",
            via,
            len(plan.problemen),
        )
    return Resultaat(plan=plan, opgeslagen=plan.ok)


def log_import(plan, *, door, bestandsnaam, via):
    aantallen = dict(plan.aantallen())
    aantallen["al_aanwezig"] = dict(plan.bestaand)
    WerkmapLog.objects.create(
        actie=WerkmapActie.IMPORT,
        door=door,
        via=via,
        bestandsnaam=bestandsnaam[:255],
        aantallen=aantallen,
    )


def write_plan(plan: Plan) -> None:
    """Store a problem-free plan. Call inside a transaction."""
    ids = Ids()
    ids.pilot = _create_pilots(plan)
    ids.org = _create_organisaties(plan)
    ids.vp = _create_vertrouwenspersonen(plan, ids)
    ids.huishouden = {**plan.huishouden_ids, **_create_huishoudens(plan, ids)}
    ids.persoon = {**plan.persoon_ids, **_create_personen(plan, ids)}
    _create_hulpvragen(plan, ids)
    _create_aanvragen(plan, ids)


class Ids:
    """Ids of new records by their key in the plan; existing records are already ids (int)."""

    def __init__(self):
        self.pilot, self.org, self.vp, self.huishouden, self.persoon = {}, {}, {}, {}, {}

    @staticmethod
    def of(mapping, ref):
        if ref is None or isinstance(ref, int):
            return ref
        return mapping[ref]


def _create(model, objects):
    return model.objects.bulk_create(objects, batch_size=BATCH)


def _create_pilots(plan):
    created = _create(Pilot, [Pilot(**fields) for fields in plan.pilots.values()])
    return dict(zip(plan.pilots, (p.pk for p in created), strict=True))


def _create_organisaties(plan):
    # Unknown organisations get a neutral kind; the summary names them so a coordinator completes them.
    objects = [
        Organisatie(naam=naam, soort=OrganisatieSoort.ANDERS, partner=True)
        for naam in plan.organisaties.values()
    ]
    created = _create(Organisatie, objects)
    return dict(zip(plan.organisaties, (o.pk for o in created), strict=True))


def _create_vertrouwenspersonen(plan, ids):
    objects = [
        Vertrouwenspersoon(
            naam=vp["naam"],
            organisatie_id=Ids.of(ids.org, vp["organisatie"]),
            status=VertrouwenspersoonStatus.ACTIEF,
        )
        for vp in plan.vertrouwenspersonen.values()
    ]
    created = _create(Vertrouwenspersoon, objects)
    return dict(zip(plan.vertrouwenspersonen, (v.pk for v in created), strict=True))


def _create_huishoudens(plan, ids):
    objects = [
        Huishouden(
            referentie=h["referentie"],
            woonplaats=h["woonplaats"],
            inkomsten=h["inkomsten"],
            contact_formeel=h["contact_formeel"],
            organisatie_id=Ids.of(ids.org, h["organisatie"]),
            vertrouwenspersoon_id=Ids.of(ids.vp, h["vertrouwenspersoon"]),
        )
        for h in plan.huishoudens.values()
    ]
    created = _create(Huishouden, objects)
    return dict(zip(plan.huishoudens, (h.pk for h in created), strict=True))


def _create_personen(plan, ids):
    objects = [
        Hulpvrager(huishouden_id=ids.huishouden[key[0]], **fields)
        for key, fields in plan.personen.items()
    ]
    created = _create(Hulpvrager, objects)
    return dict(zip(plan.personen, (p.pk for p in created), strict=True))


def _create_hulpvragen(plan, ids):
    Through = Hulpvraag.themas.through
    for start in range(0, len(plan.hulpvragen), BATCH):
        rows = plan.hulpvragen[start : start + BATCH]
        created = _create(Hulpvraag, [_hulpvraag(r, ids) for r in rows])
        history, themes = [], []
        for r, hulpvraag in zip(rows, created, strict=True):
            previous = ""
            for datum, status in r.historie:
                history.append(
                    StatusWijziging(
                        hulpvraag_id=hulpvraag.pk, van=previous, naar=status, datum=datum
                    )
                )
                previous = status
            themes += [Through(hulpvraag_id=hulpvraag.pk, thema_id=t) for t in r.themas]
        _create(StatusWijziging, history)
        _create(Through, themes)


def _hulpvraag(r, ids):
    return Hulpvraag(
        huishouden_id=ids.huishouden[r.ref],
        hulpvrager_id=ids.persoon[r.persoon],
        pilot_id=Ids.of(ids.pilot, r.pilot),
        intake_datum=r.intake,
        omschrijving=r.omschrijving,
        soort=r.soort,
        terugkerend=r.terugkerend,
        status=r.status,
        datum_afgerond=r.datum_afgerond if r.status == Status.AFGEROND else None,
        vertrouwenspersoon_id=Ids.of(ids.vp, r.vertrouwenspersoon),
    )


def _create_aanvragen(plan, ids):
    numbers = _next_numbers(plan)
    objects = []
    for a in plan.aanvragen:
        referentie = a.referentie
        if not referentie:
            year = (a.datum or timezone.localdate()).year
            numbers[year] += 1
            referentie = f"NF-{year}-{numbers[year]:04d}"
        objects.append(_aanvraag(a, referentie, ids))
    _create(Aanvraag, objects)


def _next_numbers(plan):
    """The highest NF-<year>-<n> number per year, stored or in the workbook."""
    numbers = defaultdict(int)
    stored = Aanvraag.objects.filter(referentie__startswith="NF-").values_list(
        "referentie", flat=True
    )
    for referentie in [*stored, *(a.referentie for a in plan.aanvragen)]:
        match = REFERENTIE.match(referentie or "")
        if match:
            year, number = int(match.group(1)), int(match.group(2))
            numbers[year] = max(numbers[year], number)
    return numbers


def _aanvraag(a, referentie, ids):
    return Aanvraag(
        referentie=referentie,
        organisatie_id=Ids.of(ids.org, a.organisatie),
        vertrouwenspersoon_id=Ids.of(ids.vp, a.vertrouwenspersoon),
        huishouden_id=ids.huishouden[a.huishouden] if a.huishouden else None,
        woonplaats=a.woonplaats,
        onderwerp=a.onderwerp,
        inkomsten=a.inkomsten,
        contact_formeel=a.contact,
        gevraagd_bedrag=a.gevraagd,
        motivatie=a.motivatie,
        status=a.status,
        ingediend_op=a.datum,
        besloten_op=a.besloten_op,
        toegekend_bedrag=a.toegekend,
        uitbetaald_bedrag=a.uitbetaald_bedrag,
        uitbetaald_op=a.uitbetaald_op,
        uitbetaald_aan=a.uitbetaald_aan,
    )
