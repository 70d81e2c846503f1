"""Demo step 2 (after demo.netwerk): the registration behind the source report's section 5.

Builds the two pilots, 121 help requests (households, persons, status histories, themes, consent)
and 50 fund applications whose report on peildatum 2021-03-01 equals `seed_tables.json` cell for
cell, with the source's two counting errors resolved as that file says. The generator functions
take the target tables as arguments, so tests can feed other distributions.

How the marginals become records: for every pilot column, each table's rows give a list of values
(e.g. 17 x man, 39 x vrouw); each list is shuffled with the demo's random generator and the lists
are zipped into one spec per help request. The marginals are therefore exact; the combinations are
random. Likewise for the four fund tables.

Status histories: every help request starts `nog in behandeling` on its intake date and reaches
its status of the table on or before the peildatum (some through `in behandeling bij formeel`);
a share changes again after the peildatum, so the rule "status as it was on the peildatum" is
exercised by the demo itself.
"""

import datetime
import json
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from hulpvragen import services as hulpvraag_services
from hulpvragen.choices import (
    Binnenkomst,
    Geslacht,
    Inkomsten,
    JaNeeOnbekend,
    Samenstelling,
    Soort,
    Status,
    Terugkerend,
    ToestemmingScope,
    UitkomstCategorie,
    Woonplaats,
)
from hulpvragen.models import Huishouden, Hulpvraag, Hulpvrager, StatusWijziging, Thema, Toestemming
from netwerk.models import Organisatie, OrganisatieSoort, Pilot, Vertrouwenspersoon
from noodfonds.choices import AanvraagStatus, Actie, Onderwerp
from noodfonds.models import Aanvraag, Overgang
from rapportage.report.categories import (
    AGE_BANDS,
    CONTACT_FORMEEL,
    CONTACT_ROWS,
    INKOMSTEN,
    LEEFTIJD,
    NG,
    ONBEKEND,
    ONDERWERP,
    SEKSE,
    STATUS,
    TOTAAL,
    TYPE_VRAAG,
    WOONPLAATS,
)

SEED_TABLES = Path(__file__).with_name("seed_tables.json")
PEILDATUM = datetime.date(2021, 3, 1)
FONDS_START = datetime.date(2020, 11, 1)

# The source's two counting errors, resolved as "known_errors_in_source" in seed_tables.json says:
# Pilot 2's age bands and its recurrence rows add up to 66 against 65 help requests.
CORRECTIONS = {
    (LEEFTIJD, "40 t/m 60 jaar", "Pilot 2"): 28,
    (TYPE_VRAAG, "Terugkerend", "Pilot 2"): 50,
}
# Ages used inside a band (the open bands get a believable end).
AGE_RANGE = {"1 t/m 20 jaar": (16, 19), "80+": (80, 93)}
SHARED_HOUSEHOLD = 0.2  # share of help requests that join an earlier household of their pilot
VIA_VERTROUWENSPERSOON = 0.85  # source: "Vanuit vertrouwenspersonen (85% van aanvragen)"
LATER_CHANGE = 0.35  # share of help requests whose status changes again after the peildatum

VOORNAMEN = [
    "Amina", "Bram", "Chaima", "Daan", "Esra", "Fenna", "Gijs", "Hafsa", "Imane", "Jesse",
    "Karim", "Lotte", "Mehmet", "Naima", "Omar", "Priya", "Quinten", "Rania", "Sanne", "Tarik",
    "Umut", "Vera", "Wouter", "Yara", "Zeynep", "Anouk", "Bilal", "Dewi", "Elif", "Farid",
]  # fmt: skip
THEMAS = {
    Soort.SOCIAAL: [
        "Eenzaamheid/sociaal isolement",
        "Taal",
        "Participatie/werk",
        "Huiselijke sfeer",
        "Empowerment",
    ],
    Soort.PRAKTISCH: [
        "Schulden",
        "Inkomen/armoede",
        "Formulieren en administratie",
        "Contact met instanties",
        "Woning",
        "Gezondheid",
    ],
}
THEMAS[Soort.BEIDE] = THEMAS[Soort.SOCIAAL] + THEMAS[Soort.PRAKTISCH]
OMSCHRIJVINGEN = {
    Soort.SOCIAAL: "Zoekt contact en wil vaker de deur uit.",
    Soort.PRAKTISCH: "Hulp bij post, formulieren en contact met instanties.",
    Soort.BEIDE: "Loopt vast met de administratie en zit veel alleen thuis.",
}
# The outcomes of the closed help requests, in turn (no random draw: the seed's other numbers
# depend on the random generator's sequence): mostly (partly) solved, some handed over to formal
# help, a few stopped or out of reach.
UITKOMSTEN = [
    UitkomstCategorie.OPGELOST,
    UitkomstCategorie.DEELS_OPGELOST,
    UitkomstCategorie.OPGELOST,
    UitkomstCategorie.FORMELE_HULP,
    UitkomstCategorie.OPGELOST,
    UitkomstCategorie.DEELS_OPGELOST,
    UitkomstCategorie.GESTOPT,
    UitkomstCategorie.OPGELOST,
    UitkomstCategorie.FORMELE_HULP,
    UitkomstCategorie.NIET_BEREIKBAAR,
    UitkomstCategorie.OPGELOST,
    UitkomstCategorie.ANDERS,
]
BEDRAGEN = {  # onderwerp -> (lowest, highest) amount asked, in euros
    Onderwerp.VERBLIJF: (300, 900),
    Onderwerp.GEZONDHEID: (60, 350),
    Onderwerp.INRICHTING: (150, 600),
    Onderwerp.UITVAART: (400, 1000),
    Onderwerp.GEMEENTELIJK: (50, 300),
    Onderwerp.STUDIE: (200, 500),
    Onderwerp.KLEDING: (50, 250),
    Onderwerp.WITGOED: (200, 550),
    Onderwerp.VOEDSEL: (40, 150),
}
HUISHOUDEN_WOONPLAATS = [(Woonplaats.OOST, 85), (Woonplaats.GEEN_ADRES, 5), (Woonplaats.DIEMEN, 5)]
HUISHOUDEN_WOONPLAATS += [(Woonplaats.NIEUW_WEST, 3), (Woonplaats.ZUID, 2)]
HUISHOUDEN_INKOMSTEN = [
    (Inkomsten.UITKERING, 50),
    (Inkomsten.GEEN, 20),
    (Inkomsten.PENSIOEN, 12),
    (Inkomsten.ZIEKTE, 8),
    (Inkomsten.WERK, 5),
    (Inkomsten.ONBEKEND, 5),
]


# --- the target tables --------------------------------------------------------------------------


def load_tables(path: Path = SEED_TABLES, *, corrected: bool = True) -> dict:
    """seed_tables.json (read from the app itself, never from outside the repository); with
    `corrected`, the source's counting errors are replaced by the numbers the file names and the
    Totaal column of those rows is added up again."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if corrected:
        for (title, label, column), value in CORRECTIONS.items():
            table = data["hulpvragen"][title]
            row = next(r for r in table["rows"] if r[0] == label)
            columns = table["columns"]
            row[1 + columns.index(column)] = value
            numbers = [v for v in row[1:-1] if isinstance(v, int)]
            row[-1] = sum(numbers)
    return data


def _column(table: dict, pilot: str) -> tuple[dict, int]:
    """One pilot column of a table as {label: value} (without Totaal) and its Totaal."""
    index = 1 + table["columns"].index(pilot)
    values = {row[0]: row[index] for row in table["rows"]}
    return values, values.pop(TOTAAL)


def _expand(counts: dict, mapping: dict, rng: random.Random, *, total: int, what: str) -> list:
    """[value] * count for every label, shuffled; the counts must add up to `total`."""
    if sum(counts.values()) != total:
        raise ValueError(f"{what}: de rijen tellen op tot {sum(counts.values())}, niet {total}.")
    values = []
    for label, count in counts.items():
        if label not in mapping:
            raise ValueError(f"{what}: onbekend label {label!r}.")
        values += [mapping[label]] * count
    rng.shuffle(values)
    return values


@dataclass
class HulpvraagSpec:
    pilot: str
    leeftijd: tuple[int, int] | None  # (lowest, highest) age at intake; None = Onbekend
    geslacht: str
    status: str  # the status on the peildatum
    soort: str
    terugkerend: str  # "" = not recorded


def _age_mapping():
    mapping = {label: AGE_RANGE.get(label, (lo, hi)) for label, lo, hi in AGE_BANDS}
    mapping[ONBEKEND] = None
    return mapping


def _recurrence(values: dict, total: int, rng, what: str) -> list[str]:
    """Terugkerend / Eenmalig counts, or all not recorded when the column says N.G."""
    terug, eenmalig = values.pop("Terugkerend"), values.pop("Eenmalig")
    if NG in (terug, eenmalig):
        return [""] * total
    rest = {"": total - terug - eenmalig}
    if rest[""] < 0:
        raise ValueError(f"{what}: terugkerend + eenmalig ({terug + eenmalig}) > {total}.")
    mapping = {"Terugkerend": Terugkerend.TERUGKEREND, "Eenmalig": Terugkerend.EENMALIG, "": ""}
    return _expand(
        {"Terugkerend": terug, "Eenmalig": eenmalig, **rest}, mapping, rng, total=total, what=what
    )


def hulpvraag_specs(tables: dict, rng: random.Random) -> list[HulpvraagSpec]:
    """One spec per help request with exactly the marginals of the four help-request tables
    (`tables` = {title: {"columns", "rows"}}); raises ValueError when a column does not add up."""
    pilots = [c for c in tables[LEEFTIJD]["columns"] if c != TOTAAL]
    mappings = {
        LEEFTIJD: _age_mapping(),
        SEKSE: {label: value for value, label in Geslacht.choices},
        STATUS: {label: value for value, label in Status.choices},
        TYPE_VRAAG: {label: value for value, label in Soort.choices},
    }
    specs = []
    for pilot in pilots:
        columns = {title: _column(tables[title], pilot) for title in mappings}
        total = columns[LEEFTIJD][1]
        if any(t != total for _v, t in columns.values()):
            raise ValueError(f"{pilot}: de tabellen noemen verschillende totalen.")
        soorten, _t = columns[TYPE_VRAAG]
        terugkerend = _recurrence(soorten, total, rng, f"{TYPE_VRAAG} {pilot}")
        lists = {
            title: _expand(values, mappings[title], rng, total=total, what=f"{title} {pilot}")
            for title, (values, _t) in columns.items()
        }
        specs += [
            HulpvraagSpec(pilot, leeftijd, geslacht, status, soort, terug)
            for leeftijd, geslacht, status, soort, terug in zip(
                lists[LEEFTIJD],
                lists[SEKSE],
                lists[STATUS],
                lists[TYPE_VRAAG],
                terugkerend,
                strict=True,
            )
        ]
    return specs


@dataclass
class AanvraagSpec:
    woonplaats: str
    onderwerp: str
    inkomsten: str
    contact_formeel: bool


def aanvraag_specs(tables: dict, rng: random.Random) -> list[AanvraagSpec]:
    """One spec per fund application with exactly the counts of the four fund tables."""
    mappings = {
        WOONPLAATS: {label: value for value, label in Woonplaats.choices},
        ONDERWERP: {label: value for value, label in Onderwerp.choices},
        INKOMSTEN: {label: value for value, label in Inkomsten.choices},
        CONTACT_FORMEEL: {label: value for value, label in CONTACT_ROWS},
    }
    lists = {}
    for title, mapping in mappings.items():
        rows = tables[title]["rows"]
        counts = {row[0]: row[1] for row in rows if row[0] != TOTAAL}
        total = next(row[1] for row in rows if row[0] == TOTAAL)
        lists[title] = _expand(counts, mapping, rng, total=total, what=title)
    if len({len(v) for v in lists.values()}) != 1:
        raise ValueError("De fondstabellen noemen verschillende totalen.")
    return [AanvraagSpec(*values) for values in zip(*lists.values(), strict=True)]


# --- the records --------------------------------------------------------------------------------


def _random_date(rng, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _history(
    spec: HulpvraagSpec, intake, rng, peildatum, vandaag
) -> list[tuple[str, datetime.date]]:
    """The dated status changes: the table's status on the peildatum, maybe a later change."""
    steps = [(Status.NOG_IN_BEHANDELING, intake)]

    def later_than(date, days):
        return min(date + datetime.timedelta(days=rng.randint(0, days)), peildatum)

    if spec.status == Status.BIJ_FORMEEL or (spec.status == Status.AFGEROND and rng.random() < 0.1):
        steps.append((Status.BIJ_FORMEEL, later_than(intake, 60)))
    if spec.status == Status.AFGEROND:
        steps.append((Status.AFGEROND, later_than(steps[-1][1], 120)))
    if spec.status != Status.AFGEROND and rng.random() < LATER_CHANGE:
        after = peildatum + datetime.timedelta(days=rng.randint(1, 150))
        if after <= vandaag:
            naar = (
                Status.AFGEROND
                if spec.status == Status.BIJ_FORMEEL
                else rng.choice([Status.BIJ_FORMEEL, Status.AFGEROND])
            )
            steps.append((naar, after))
    return steps


def _vps_for(pilot: Pilot, vertrouwenspersonen, first=()) -> list:
    """The trusted persons working during the pilot (those listed in `first` at the front)."""
    working = [
        vp
        for vp in vertrouwenspersonen
        if (vp.startdatum is None or vp.startdatum <= pilot.einddatum)
        and (vp.einddatum is None or vp.einddatum >= pilot.startdatum)
    ] or list(vertrouwenspersonen)
    return [vp for vp in first if vp in working] + [vp for vp in working if vp not in first]


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


class _Referenties:
    """HH-<year>-<nnnn> / NF-<year>-<nnnn>: the first number per year from `first_free(year)`
    (what the database holds), then counting on without a query per record."""

    def __init__(self, first_free):
        self.first_free = first_free
        self.last = {}

    def __call__(self, year: int) -> str:
        if year not in self.last:
            prefix, number = self.first_free(year).rsplit("-", 1)
            self.last[year] = [prefix, int(number) - 1]
        self.last[year][1] += 1
        prefix, number = self.last[year]
        return f"{prefix}-{number:04d}"


def _birth_year(spec, intake, rng):
    if spec.leeftijd is None:
        return None
    lo, hi = spec.leeftijd
    return intake.year - rng.randint(lo, hi)


def _fits(person, spec, intake) -> bool:
    """May this person be the one asking `spec`? Same sex, an age in the band."""
    if person.geslacht != spec.geslacht:
        return False
    if spec.leeftijd is None or person.geboortejaar is None:
        return spec.leeftijd is None and person.geboortejaar is None
    lo, hi = spec.leeftijd
    return lo <= intake.year - person.geboortejaar <= hi


def build_hulpvragen(
    specs: list[HulpvraagSpec],
    *,
    pilots: dict,
    vertrouwenspersonen: list,
    rng: random.Random,
    peildatum: datetime.date = PEILDATUM,
    first_vps=(),
) -> list[Hulpvraag]:
    """Households, persons, help requests, status histories, themes and consent for `specs`
    (bulk inserts). Intake dates fall in the pilot, on or before the peildatum. About one in five
    help requests joins an earlier household of its pilot, as the same person or a new one."""
    vandaag = timezone.localdate()
    dated = sorted(
        (
            (
                _random_date(
                    rng, pilots[s.pilot].startdatum, min(pilots[s.pilot].einddatum, peildatum)
                ),
                i,
                s,
            )
            for i, s in enumerate(specs)
        ),
        key=lambda t: (t[0], t[1]),
    )
    vps = {name: _vps_for(pilot, vertrouwenspersonen, first_vps) for name, pilot in pilots.items()}
    referentie = _Referenties(lambda y: hulpvraag_services.next_referentie(jaar=y))
    households, persons, plan = {}, [], []
    per_pilot = {name: [] for name in pilots}
    for intake, _i, spec in dated:
        household = None
        if per_pilot[spec.pilot] and rng.random() < SHARED_HOUSEHOLD:
            household = rng.choice(per_pilot[spec.pilot])
        if household is None:
            options = vps[spec.pilot]
            vp = options[len(per_pilot[spec.pilot]) % len(options)] if options else None
            household = Huishouden(
                referentie=referentie(intake.year),
                woonplaats=_weighted(rng, HUISHOUDEN_WOONPLAATS),
                samenstelling=rng.choice(Samenstelling.values),
                aantal_kinderen=rng.randint(0, 4),
                inkomsten=_weighted(rng, HUISHOUDEN_INKOMSTEN),
                contact_formeel=rng.choice(JaNeeOnbekend.values),
                binnenkomst=rng.choice(Binnenkomst.values),
                vertrouwenspersoon=vp,
                organisatie=vp.organisatie if vp else None,
            )
            household.intake = intake
            households[household.referentie] = household
            per_pilot[spec.pilot].append(household)
        person = next(
            (p for p in persons if p.huishouden is household and _fits(p, spec, intake)), None
        )
        if person is None:
            person = Hulpvrager(
                huishouden=household,
                naam=f"{rng.choice(VOORNAMEN)} {chr(rng.randint(65, 90))}.",
                geslacht=spec.geslacht,
                geboortejaar=_birth_year(spec, intake, rng),
                is_hoofdpersoon=not any(p.huishouden is household for p in persons),
            )
            persons.append(person)
        plan.append((intake, spec, household, person))
    Huishouden.objects.bulk_create(households.values())
    Hulpvrager.objects.bulk_create(persons)
    Toestemming.objects.bulk_create(
        Toestemming(huishouden=h, datum=h.intake, scope=ToestemmingScope.REGISTRATIE)
        for h in households.values()
    )
    return _hulpvragen(plan, pilots, rng, peildatum, vandaag)


def _hulpvragen(plan, pilots, rng, peildatum, vandaag) -> list[Hulpvraag]:
    histories, hulpvragen = [], []
    for intake, spec, household, person in plan:
        history = _history(spec, intake, rng, peildatum, vandaag)
        status, datum = history[-1]
        closed = status == Status.AFGEROND
        categorie = UITKOMSTEN[len(hulpvragen) % len(UITKOMSTEN)] if closed else ""
        hulpvragen.append(
            Hulpvraag(
                huishouden=household,
                hulpvrager=person,
                pilot=pilots[spec.pilot],
                intake_datum=intake,
                omschrijving=OMSCHRIJVINGEN[spec.soort],
                soort=spec.soort,
                terugkerend=spec.terugkerend,
                status=status,
                datum_afgerond=datum if status == Status.AFGEROND else None,
                uitkomst="Samen opgelost." if closed else "",
                uitkomst_categorie=categorie,
                vertrouwenspersoon=household.vertrouwenspersoon,
            )
        )
        histories.append(history)
    Hulpvraag.objects.bulk_create(hulpvragen)
    wijzigingen = []
    for hulpvraag, history in zip(hulpvragen, histories, strict=True):
        van = ""
        for naar, datum in history:
            wijzigingen.append(
                StatusWijziging(hulpvraag=hulpvraag, van=van, naar=naar, datum=datum)
            )
            van = naar
        if wijzigingen[-1].naar == Status.AFGEROND:  # the closing records the outcome
            wijzigingen[-1].uitkomst_categorie = hulpvraag.uitkomst_categorie
    StatusWijziging.objects.bulk_create(wijzigingen)
    _themas(hulpvragen, rng)
    return hulpvragen


def _themas(hulpvragen, rng):
    themas = {t.naam: t for t in Thema.objects.all()}
    Through = Hulpvraag.themas.through
    links = []
    for hulpvraag in hulpvragen:
        names = [n for n in THEMAS[hulpvraag.soort] if n in themas]
        for naam in rng.sample(names, min(len(names), rng.randint(1, 3))):
            links.append(Through(hulpvraag_id=hulpvraag.pk, thema_id=themas[naam].pk))
    Through.objects.bulk_create(links)


def build_aanvragen(
    specs: list[AanvraagSpec],
    *,
    vertrouwenspersonen: list,
    organisaties: list,
    rng: random.Random,
    van: datetime.date = FONDS_START,
    peildatum: datetime.date = PEILDATUM,
    door=None,
) -> list[Aanvraag]:
    """Submitted fund applications for `specs`, dated van..peildatum: about 85% via a trusted
    person (their organisation applies; a household of theirs in the same residence is linked
    when there is one), the rest by an organisation without a trusted person. Logs the creation
    and submission of each (Overgang)."""
    via_vp = int(len(specs) * VIA_VERTROUWENSPERSOON + 0.5)  # half up: 43 of 50
    flags = [True] * via_vp + [False] * (len(specs) - via_vp)
    rng.shuffle(flags)
    dates = sorted(_random_date(rng, van, peildatum) for _ in specs)
    households = {}
    for h in Huishouden.objects.filter(vertrouwenspersoon__in=vertrouwenspersonen).order_by("pk"):
        households.setdefault((h.vertrouwenspersoon_id, h.woonplaats), []).append(h)
    referentie = _Referenties(_next_aanvraag_referentie)
    aanvragen = []
    for i, (spec, via, datum) in enumerate(zip(specs, flags, dates, strict=True)):
        vp = (
            vertrouwenspersonen[i % len(vertrouwenspersonen)]
            if via and vertrouwenspersonen
            else None
        )
        lo, hi = BEDRAGEN[spec.onderwerp]
        linked = households.get((vp.pk, spec.woonplaats)) if vp else None
        aanvragen.append(
            Aanvraag(
                referentie=referentie(datum.year),
                organisatie=vp.organisatie if vp else rng.choice(organisaties),
                vertrouwenspersoon=vp,
                huishouden=rng.choice(linked) if linked else None,
                woonplaats=spec.woonplaats,
                onderwerp=spec.onderwerp,
                inkomsten=spec.inkomsten,
                contact_formeel=spec.contact_formeel,
                gevraagd_bedrag=Decimal(rng.randint(lo, hi) // 5 * 5),
                motivatie=f"Acute nood: {Onderwerp(spec.onderwerp).label.lower()}.",
                status=AanvraagStatus.INGEDIEND,
                ingediend_op=datum,
                aangemaakt_door=(vp.user if vp and vp.user_id else door),
            )
        )
    Aanvraag.objects.bulk_create(aanvragen)
    _log_submission(aanvragen)
    return aanvragen


def _next_aanvraag_referentie(year: int) -> str:
    prefix = f"NF-{year}-"
    numbers = [
        int(ref.removeprefix(prefix))
        for ref in Aanvraag.objects.filter(referentie__startswith=prefix).values_list(
            "referentie", flat=True
        )
        if ref.removeprefix(prefix).isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def _log_submission(aanvragen):
    tz = timezone.get_current_timezone()
    overgangen = []
    for aanvraag in aanvragen:
        op = datetime.datetime.combine(aanvraag.ingediend_op, datetime.time(10), tzinfo=tz)
        door = aanvraag.aangemaakt_door
        overgangen += [
            Overgang(
                aanvraag=aanvraag,
                actie=Actie.AANMAKEN,
                van="",
                naar=AanvraagStatus.CONCEPT,
                door=door,
                op=op,
            ),
            Overgang(
                aanvraag=aanvraag,
                actie=Actie.INDIENEN,
                van=AanvraagStatus.CONCEPT,
                naar=AanvraagStatus.INGEDIEND,
                door=door,
                op=op + datetime.timedelta(minutes=20),
            ),
        ]
    Overgang.objects.bulk_create(overgangen)


# --- the demo step ------------------------------------------------------------------------------


def _network(ctx):
    vps = ctx.get("vertrouwenspersonen") or list(Vertrouwenspersoon.objects.order_by("pk"))
    partners = ctx.get("partners") or list(Organisatie.objects.filter(partner=True).order_by("pk"))
    organisaties = list((ctx.get("organisaties") or {}).values()) or list(
        Organisatie.objects.order_by("pk")
    )
    return vps, partners, organisaties


def build(ctx):
    """The demo's registration step: pilots, help requests and fund applications of the seed.
    Puts pilots, huishoudens, hulpvragen, aanvragen and peildatum in ctx."""
    rng = ctx["rng"]
    data = load_tables()
    vps, partners, organisaties = _network(ctx)
    pilots = {
        p["naam"]: Pilot.objects.get_or_create(
            naam=p["naam"],
            defaults={
                "startdatum": datetime.date.fromisoformat(p["startdatum"]),
                "einddatum": datetime.date.fromisoformat(p["einddatum"]),
                "taakstelling": p["taakstelling"],
            },
        )[0]
        for p in data["pilots"]
    }
    first = [vp for vp in (ctx.get("vp1"), ctx.get("vp2")) if vp is not None]
    hulpvragen = build_hulpvragen(
        hulpvraag_specs(data["hulpvragen"], rng),
        pilots=pilots,
        vertrouwenspersonen=vps,
        rng=rng,
        first_vps=first,
    )
    fonds_pilot = max(pilots.values(), key=lambda p: p.startdatum)
    # Applications by others than trusted persons: partner and formal organisations alike.
    anderen = [o for o in organisaties if o.soort != OrganisatieSoort.ONDERWIJS] or partners
    aanvragen = build_aanvragen(
        aanvraag_specs(data["noodfonds"], rng),
        vertrouwenspersonen=_vps_for(fonds_pilot, vps, first),
        organisaties=anderen,
        rng=rng,
        door=ctx.get("users", {}).get("coordinator"),
    )
    ctx.update(
        pilots=list(pilots.values()),
        hulpvragen=hulpvragen,
        huishoudens=list({h.huishouden_id: h.huishouden for h in hulpvragen}.values()),
        aanvragen=aanvragen,
        peildatum=PEILDATUM,
    )
