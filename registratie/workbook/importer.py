"""Writing a checked workbook: everything in one transaction, or nothing at all. Every record goes
in through the owning app's services (their many-at-once variants), so the domain's rules hold for
an import as for the web forms."""

import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max

from hulpvragen import services as hulpvragen_services
from hulpvragen.choices import Binnenkomst, Samenstelling
from hulpvragen.models import (
    Contactmoment,
    Doorverwijzing,
    Huishouden,
    Hulpvraag,
    Hulpvrager,
    Signaal,
    Thema,
    Toestemming,
)
from netwerk import services as netwerk_services
from netwerk.models import (
    Organisatie,
    OrganisatieSoort,
    Pilot,
    Vertrouwenspersoon,
    VertrouwenspersoonStatus,
)
from noodfonds import betalingen
from noodfonds import services as noodfonds_services
from noodfonds.checklist import register_checklists, signaal_thema
from noodfonds.leningen import register_leningen
from noodfonds.models import Aanvraag
from opleiding import services as opleiding_services
from opleiding.models import Cohort, Deelname
from registratie.models import WerkmapActie, WerkmapLog
from registratie.workbook.dossier_sheets import FONDS_THEMA
from registratie.workbook.dubbelen import log_dubbelen, waarschuwingen
from registratie.workbook.plan import CHUNK
from registratie.workbook.reader import Plan, read_plan

logger = logging.getLogger(__name__)


@dataclass
class Resultaat:
    """The outcome of an import: the plan (counts, new names, problems) and whether it was stored."""

    plan: Plan
    opgeslagen: bool


def import_workbook(
    fileobj, *, door=None, bestandsnaam="", via="web", progress=None, dubbelen=False
) -> Resultaat:
    """Check the workbook and, when it has no problems, store everything it adds.

    Side effects: in one transaction creates pilots, organisations, trusted persons, households,
    persons, help requests with their status history and themes, fund applications, consents,
    referrals, contacts, signals, training cohorts and enrolments, and a WerkmapLog entry. A
    refused import changes no table: it goes to the application log instead.
    Raises WorkbookError for a file that is not a registration workbook; stores nothing then.

    The file is read and checked before the transaction opens: on SQLite a transaction holds the
    one write lock, and the web's writes should wait only for the writing, not for the reading.
    Should the registration change while the file is read (a record added or removed in a table
    the check reads), the file is checked again inside the transaction, as it is written.
    `progress(done, total)` counts the rows read, then the records written (a job's progress bar;
    it is called inside the transaction too).
    `dubbelen`: also look for new persons who may already be registered, as the web page's
    check does (`workbook.dubbelen`), before anything is written: `plan.waarschuwingen` and
    `plan.niet_op_dubbelen_gecontroleerd`, each household named in the access log for `door`."""
    steps = _Steps(progress)
    versie = registratie_versie()
    plan = read_plan(fileobj, progress=steps.reading)
    gevonden = waarschuwingen(plan) if dubbelen else ([], 0)
    log_dubbelen(gevonden[0], door)
    with transaction.atomic():
        if registratie_versie() != versie:
            fileobj.seek(0)
            plan = read_plan(fileobj)
        plan.waarschuwingen, plan.niet_op_dubbelen_gecontroleerd = gevonden
        if plan.ok:
            write_plan(plan, progress=steps.writing(plan))
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


# The tables whose rows the check compares the workbook with.
CHECKED_MODELS = (
    Pilot,
    Organisatie,
    Vertrouwenspersoon,
    Thema,
    Huishouden,
    Hulpvrager,
    Hulpvraag,
    Aanvraag,
    Toestemming,
    Doorverwijzing,
    Contactmoment,
    Signaal,
    Cohort,
    Deelname,
)


def registratie_versie() -> list:
    """How many rows, and the highest id, of each table the check reads: unchanged means that
    nothing was added or removed there in between (changes to stored records the services'
    rules and the unique constraints still catch when writing)."""
    return [model.objects.aggregate(n=Count("pk"), hoogste=Max("pk")) for model in CHECKED_MODELS]


class _Steps:
    """One progress bar over both steps of an import: the rows read, then the records written.
    Until the check is done the writing is guessed at one record per row."""

    def __init__(self, progress):
        self.progress = progress
        self.read = 0

    def reading(self, done, total=None):
        self.read = done
        if self.progress is not None:
            self.progress(done, None if total is None else 2 * total)

    def writing(self, plan):
        if self.progress is None:
            return None
        total = self.read + sum(plan.aantallen().values())
        self.progress(self.read, total)
        return lambda written: self.progress(self.read + written, total)


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


def write_plan(plan: Plan, progress=None) -> None:
    """Store a problem-free plan. Call inside a transaction. `progress(records written)` is
    called as they are written."""
    written = _Written(progress)
    ids = Ids()
    ids.pilot = written.add(_register_pilots(plan))
    ids.org = written.add(_register_organisaties(plan))
    ids.vp = written.add(_register_vertrouwenspersonen(plan, ids))
    ids.huishouden = {**plan.huishouden_ids, **written.add(_register_huishoudens(plan, ids))}
    ids.persoon = {**plan.persoon_ids, **written.add(_register_hulpvragers(plan, ids))}
    _register_hulpvragen(plan, ids, written)
    _register_aanvragen(plan, ids)
    written.add(plan.aanvragen)
    hulpvraag = _hulpvraag_ids(plan, ids)
    written.add(_register_toestemmingen(plan, ids))
    written.add(_register_doorverwijzingen(plan, ids, hulpvraag))
    written.add(_register_contactmomenten(plan, hulpvraag))
    written.add(_register_signalen(plan, ids, hulpvraag))
    written.add(_register_koppelingen(plan, hulpvraag))
    ids.cohort = written.add(_register_cohorten(plan, ids))
    written.add(_register_deelnames(plan, ids))


class _Written:
    """Counts the records written, for `write_plan`'s progress."""

    STEP = 100

    def __init__(self, progress):
        self.progress, self.count = progress, 0

    def add(self, records):
        self.count += len(records)
        if self.progress is not None:
            self.progress(self.count)
        return records

    def counted(self, records):
        """`records` passed on as a service takes them, counted STEP at a time."""
        step = []
        for record in records:
            step.append(record)
            if len(step) == self.STEP:
                self.add(step)
                step = []
            yield record
        self.add(step)


class Ids:
    """Ids of new records by their key in the plan; existing records are already ids (int)."""

    def __init__(self):
        self.pilot, self.org, self.vp, self.huishouden, self.persoon = {}, {}, {}, {}, {}
        self.cohort = {}

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
        {"naam": naam, "soort": OrganisatieSoort.ANDERS, "partner": key in plan.partners}
        for key, naam in plan.organisaties.items()
    ]
    created = netwerk_services.register_organisaties(organisaties=organisaties)
    return _by_key(plan.organisaties, created)


def _register_vertrouwenspersonen(plan, ids):
    vertrouwenspersonen = [
        {
            "naam": vp["naam"],
            "organisatie_id": Ids.of(ids.org, vp["organisatie"]),
            "status": VertrouwenspersoonStatus.ACTIEF,
            "startdatum": vp.get("startdatum"),
            **vp.get("velden", {}),  # from the Vertrouwenspersonen sheet
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
            # from the Huishoudens sheet
            "samenstelling": h.get("samenstelling", Samenstelling.ONBEKEND),
            "aantal_kinderen": h.get("aantal_kinderen", 0),
            "binnenkomst": h.get("binnenkomst", Binnenkomst.ZELF),
            "doorverwezen_door_id": Ids.of(ids.org, h.get("doorverwezen_door")),
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


def _register_hulpvragen(plan, ids, written):
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
            "uitkomst_categorie": r.uitkomst_categorie,
            "themas": r.themas,
            "historie": r.historie,
        }
        for r in plan.hulpvragen
    )
    hulpvragen_services.register_hulpvragen(hulpvragen=written.counted(hulpvragen))


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
            "voorziening": a.voorziening,
            "voorziening_resultaat": a.voorziening_resultaat,
        }
        for a in plan.aanvragen
    ]
    stored = noodfonds_services.register_aanvragen(aanvragen=aanvragen)
    betalingen.register_crediteuren(
        crediteuren=[
            {
                "aanvraag_id": aanvraag.pk,
                "naam": a.crediteur_naam,
                "iban": a.crediteur_iban,
                "kenmerk": a.crediteur_kenmerk,
            }
            for a, aanvraag in zip(plan.aanvragen, stored, strict=True)
            if a.crediteur_iban
        ]
    )
    made = stored
    # issue 21: the checklist's papers and the loans with their repayments
    register_checklists(
        items=[
            {"aanvraag_id": m.pk, "soort": soort, "status": status}
            for a, m in zip(plan.aanvragen, made, strict=True)
            for soort, status in a.checklist.items()
        ]
    )
    register_leningen(
        leningen=[
            {"aanvraag_id": m.pk, **a.lening}
            for a, m in zip(plan.aanvragen, made, strict=True)
            if a.lening
        ]
    )


def _hulpvraag_ids(plan, ids):
    """The id of the help request a referral, contact or signal row names
    (`plan.Verwijzing`): the how-manieth of its person's help requests on its intake date, oldest
    first (the stored ones, then those just written in the order of the sheet). One query per
    CHUNK of persons."""
    verwijzingen = [r["hulpvraag"] for r in (*plan.doorverwijzingen, *plan.contactmomenten)]
    verwijzingen += [v for s in plan.signalen for v in s["hulpvragen"]]
    verwijzingen += [k["hulpvraag"] for k in plan.koppelingen]
    persons = list({ids.persoon[v.persoon] for v in verwijzingen})
    found = defaultdict(list)
    for start in range(0, len(persons), CHUNK):
        for pk, person, intake in (
            Hulpvraag.objects.filter(hulpvrager_id__in=persons[start : start + CHUNK])
            .order_by("pk")
            .values_list("pk", "hulpvrager_id", "intake_datum")
        ):
            found[(person, intake)].append(pk)
    return lambda v: found[(ids.persoon[v.persoon], v.intake)][v.volgnummer - 1]


def _register_toestemmingen(plan, ids):
    toestemmingen = [
        {
            "huishouden_id": ids.huishouden[t["huishouden"]],
            "datum": t["datum"],
            "scope": t["scope"],
            "organisatie_id": Ids.of(ids.org, t["organisatie"]),
            "ingetrokken_op": t["ingetrokken_op"],
        }
        for t in plan.toestemmingen
    ]
    return hulpvragen_services.register_toestemmingen(toestemmingen=toestemmingen)


def _register_doorverwijzingen(plan, ids, hulpvraag):
    doorverwijzingen = [
        {
            **{k: v for k, v in d.items() if k not in ("hulpvraag", "organisatie")},
            "hulpvraag_id": hulpvraag(d["hulpvraag"]),
            "organisatie_id": Ids.of(ids.org, d["organisatie"]),
        }
        for d in plan.doorverwijzingen
    ]
    return hulpvragen_services.register_doorverwijzingen(doorverwijzingen=doorverwijzingen)


def _register_contactmomenten(plan, hulpvraag):
    contactmomenten = [
        {
            **{k: v for k, v in c.items() if k != "hulpvraag"},
            "hulpvraag_id": hulpvraag(c["hulpvraag"]),
        }
        for c in plan.contactmomenten
    ]
    return hulpvragen_services.register_contactmomenten(contactmomenten=contactmomenten)


def _register_signalen(plan, ids, hulpvraag):
    fonds_thema = None
    if any(s["thema_id"] == FONDS_THEMA for s in plan.signalen):
        fonds_thema = signaal_thema().pk
    signalen = [
        {
            "datum": s["datum"],
            "thema_id": fonds_thema if s["thema_id"] == FONDS_THEMA else s["thema_id"],
            "tekst": s["tekst"],
            "organisatie_id": Ids.of(ids.org, s["organisatie"]),
            "hulpvragen": [hulpvraag(v) for v in s["hulpvragen"]],
            "bron": s["bron"],
            "voorziening": s["voorziening"],
        }
        for s in plan.signalen
    ]
    return hulpvragen_services.register_signalen(signalen=signalen)


def _register_koppelingen(plan, hulpvraag):
    koppelingen = [
        {"signaal_id": k["signaal_id"], "hulpvraag_id": hulpvraag(k["hulpvraag"])}
        for k in plan.koppelingen
    ]
    return hulpvragen_services.link_signalen(koppelingen=koppelingen)


def _register_cohorten(plan, ids):
    cohorten = [
        {
            "naam": c["naam"],
            "startdatum": c["startdatum"],
            "pilot_id": Ids.of(ids.pilot, c["pilot"]),
        }
        for c in plan.cohorten.values()
    ]
    created = opleiding_services.register_cohorten(cohorten=cohorten)
    return _by_key(plan.cohorten, created)


def _register_deelnames(plan, ids):
    deelnames = [
        {
            "cohort_id": Ids.of(ids.cohort, d["cohort"]),
            "vertrouwenspersoon_id": Ids.of(ids.vp, d["vertrouwenspersoon"]),
            "status": d["status"],
            "status_datum": d["status_datum"],
            "certificaat_datum": d["certificaat_datum"],
        }
        for d in plan.deelnames
    ]
    return opleiding_services.register_deelnames(deelnames=deelnames)
