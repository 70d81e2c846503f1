"""Writing a checked workbook: everything in one transaction, or nothing at all. Every record goes
in through the owning app's services (their many-at-once variants), so the domain's rules hold for
an import as for the web forms."""

import logging
from dataclasses import dataclass

from django.db import transaction

from hulpvragen import services as hulpvragen_services
from netwerk import services as netwerk_services
from netwerk.models import OrganisatieSoort, VertrouwenspersoonStatus
from noodfonds import services as noodfonds_services
from registratie.models import WerkmapActie, WerkmapLog
from registratie.workbook.reader import Plan, read_plan

logger = logging.getLogger(__name__)


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
    ids.pilot = _register_pilots(plan)
    ids.org = _register_organisaties(plan)
    ids.vp = _register_vertrouwenspersonen(plan, ids)
    ids.huishouden = {**plan.huishouden_ids, **_register_huishoudens(plan, ids)}
    ids.persoon = {**plan.persoon_ids, **_register_hulpvragers(plan, ids)}
    _register_hulpvragen(plan, ids)
    _register_aanvragen(plan, ids)


class Ids:
    """Ids of new records by their key in the plan; existing records are already ids (int)."""

    def __init__(self):
        self.pilot, self.org, self.vp, self.huishouden, self.persoon = {}, {}, {}, {}, {}

    @staticmethod
    def of(mapping, ref):
        if ref is None or isinstance(ref, int):
            return ref
        return mapping[ref]


def _by_key(keys, created) -> dict:
    return dict(zip(keys, (record.pk for record in created), strict=True))


def _register_pilots(plan):
    created = netwerk_services.register_pilots(pilots=list(plan.pilots.values()))
    return _by_key(plan.pilots, created)


def _register_organisaties(plan):
    # Unknown organisations get a neutral kind; the summary names them so a coordinator completes them.
    organisaties = [
        {"naam": naam, "soort": OrganisatieSoort.ANDERS, "partner": True}
        for naam in plan.organisaties.values()
    ]
    created = netwerk_services.register_organisaties(organisaties=organisaties)
    return _by_key(plan.organisaties, created)


def _register_vertrouwenspersonen(plan, ids):
    vertrouwenspersonen = [
        {
            "naam": vp["naam"],
            "organisatie_id": Ids.of(ids.org, vp["organisatie"]),
            "status": VertrouwenspersoonStatus.ACTIEF,
        }
        for vp in plan.vertrouwenspersonen.values()
    ]
    created = netwerk_services.register_vertrouwenspersonen(vertrouwenspersonen=vertrouwenspersonen)
    return _by_key(plan.vertrouwenspersonen, created)


def _register_huishoudens(plan, ids):
    huishoudens = [
        {
            "referentie": h["referentie"],
            "woonplaats": h["woonplaats"],
            "inkomsten": h["inkomsten"],
            "contact_formeel": h["contact_formeel"],
            "organisatie_id": Ids.of(ids.org, h["organisatie"]),
            "vertrouwenspersoon_id": Ids.of(ids.vp, h["vertrouwenspersoon"]),
        }
        for h in plan.huishoudens.values()
    ]
    created = hulpvragen_services.register_huishoudens(huishoudens=huishoudens)
    return _by_key(plan.huishoudens, created)


def _register_hulpvragers(plan, ids):
    # In plan order each household's main person comes first (see Reader.check_persons).
    hulpvragers = [
        {"huishouden_id": ids.huishouden[key[0]], **fields} for key, fields in plan.personen.items()
    ]
    created = hulpvragen_services.register_hulpvragers(hulpvragers=hulpvragers)
    return _by_key(plan.personen, created)


def _register_hulpvragen(plan, ids):
    hulpvragen = (
        {
            "huishouden_id": ids.huishouden[r.ref],
            "hulpvrager_id": ids.persoon[r.persoon],
            "pilot_id": Ids.of(ids.pilot, r.pilot),
            "vertrouwenspersoon_id": Ids.of(ids.vp, r.vertrouwenspersoon),
            "intake_datum": r.intake,
            "soort": r.soort,
            "terugkerend": r.terugkerend,
            "omschrijving": r.omschrijving,
            "status": r.status,
            "datum_afgerond": r.datum_afgerond,
            "themas": r.themas,
            "historie": r.historie,
        }
        for r in plan.hulpvragen
    )
    hulpvragen_services.register_hulpvragen(hulpvragen=hulpvragen)


def _register_aanvragen(plan, ids):
    aanvragen = [
        {
            "referentie": a.referentie,
            "organisatie_id": Ids.of(ids.org, a.organisatie),
            "vertrouwenspersoon_id": Ids.of(ids.vp, a.vertrouwenspersoon),
            "huishouden_id": ids.huishouden[a.huishouden] if a.huishouden else None,
            "woonplaats": a.woonplaats,
            "onderwerp": a.onderwerp,
            "inkomsten": a.inkomsten,
            "contact_formeel": a.contact,
            "gevraagd_bedrag": a.gevraagd,
            "motivatie": a.motivatie,
            "status": a.status,
            "ingediend_op": a.datum,
            "besloten_op": a.besloten_op,
            "toegekend_bedrag": a.toegekend,
            "uitbetaald_bedrag": a.uitbetaald_bedrag,
            "uitbetaald_op": a.uitbetaald_op,
            "uitbetaald_aan": a.uitbetaald_aan,
        }
        for a in plan.aanvragen
    ]
    noodfonds_services.register_aanvragen(aanvragen=aanvragen)
