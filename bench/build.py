"""Fast benchmark data: N help requests with households, persons, status histories, contacts,
referrals and fund applications in the demo's proportions.

Rows are generated in chunks and written with COPY on PostgreSQL (executemany elsewhere), with
explicit ids; sequences are reset afterwards. Every value comes from the product's own choices, so the
data passes the product's validation (bench/run.py checks a sample through the import).
"""

import datetime
import io
import itertools
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import UUIDField
from django.utils import timezone

from bench import namen
from hulpvragen import rapportvelden
from hulpvragen.choices import (
    ContactSoort,
    DoorverwijzingSoort,
    Geslacht,
    Inkomsten,
    JaNeeOnbekend,
    Soort,
    Status,
    Terugkerend,
    UitkomstCategorie,
    Woonplaats,
)
from hulpvragen.models import (
    Contactmoment,
    Doorverwijzing,
    Huishouden,
    Hulpvraag,
    Hulpvrager,
    StatusWijziging,
    Thema,
)
from netwerk.models import (
    VRIJSTELLING_BESTAAND,
    Organisatie,
    OrganisatieSoort,
    Pilot,
    Profiel,
    Vertrouwenspersoon,
)
from netwerk.roles import Rol
from noodfonds.choices import AanvraagStatus, BesluitRoute, Onderwerp, UitbetaaldAan
from noodfonds.models import Aanvraag
from rapportage import dataversie

# Proportions of the demo (121 help requests): households, persons, history, contacts, referrals,
# fund applications per help request; trusted persons per help request.
PER_HULPVRAAG = {
    "huishoudens": 0.8,
    "extra_personen": 0.1,
    "contacten": 2.0,
    "doorverwijzingen": 0.2,
    "aanvragen": 50 / 121,
    "vertrouwenspersonen": 20 / 121,
}
LOADED = [
    Huishouden,
    Hulpvrager,
    Hulpvraag,
    StatusWijziging,
    Contactmoment,
    Doorverwijzing,
    Hulpvraag.themas.through,
    Aanvraag,
]
CHUNK = 50_000
UUID_RNG = random.Random(7)  # uuids of the benchmark data, reproducible
YEARS = 5
# The demo is one short pilot; over five years old help requests get closed. Older than this,
# a help request is almost always afgerond and carries no follow-up date; newer ones keep the
# demo's mix. Fund applications older than OPEN_AANVRAAG_DAGEN have been decided like the demo's.
RECENT_DAGEN = 180
OPEN_AANVRAAG_DAGEN = 3
BENCH_PASSWORD = "bench-wachtwoord-123"  # noqa: S105 (benchmark logins in a benchmark database)


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    cum = list(itertools.accumulate(weights))
    return lambda: rng.choices(values, cum_weights=cum)[0]


class Writer:
    """Insert full rows (every concrete column, in model order) by COPY or executemany."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"

    def insert(self, model, dict_rows):
        """Rows are dicts by attname; a column not given takes the field's default (or NULL)."""
        fields = model._meta.concrete_fields
        table = connection.ops.quote_name(model._meta.db_table)
        columns = [f.column for f in fields]
        fillers = [_filler(f) for f in fields]
        rows = [
            tuple(
                row[f.attname] if f.attname in row else fill()
                for f, fill in zip(fields, fillers, strict=True)
            )
            for row in dict_rows
        ]
        if self.postgres:
            self._copy(table, columns, rows)
        else:
            rows = [
                tuple(f.get_db_prep_value(v, connection) for f, v in zip(fields, row, strict=True))
                for row in rows
            ]
            placeholders = ", ".join(["%s"] * len(columns))
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            with connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})", rows)

    def _copy(self, table, columns, rows):
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join(r"\N" if v is None else _text(v) for v in row))
            buffer.write("\n")
        buffer.seek(0)
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f"COPY {table} ({quoted}) FROM STDIN", buffer)

    def suspend_checks(self, models) -> tuple[list, list, list]:
        """PostgreSQL bulk load: drop the foreign keys and the plain (not unique) indexes of
        these tables for the load and put them back afterwards (`restore_checks`). Adding a
        foreign key back validates every row in one join, instead of millions of deferred
        trigger events at commit; building an index once beats updating it row by row. Primary
        keys and unique constraints stay, so duplicates are refused during the load."""
        if not self.postgres:
            return [], [], []
        tables = [m._meta.db_table for m in models]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
                " FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
                [tables],
            )
            foreign_keys = cursor.fetchall()
            cursor.execute(
                "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
                " WHERE indrelid::regclass::text = ANY(%s) AND NOT indisprimary"
                " AND NOT indisunique",
                [tables],
            )
            indexes = cursor.fetchall()
            for table, name, _definition in foreign_keys:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {name}")
            # The report's data-version triggers are deferred: a million queued events would stop
            # the index rebuild in this transaction ("pending trigger events"). Off during the
            # load; the version is raised once at the end.
            for table in self.versioned(tables):
                cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
        return foreign_keys, indexes, tables

    @staticmethod
    def versioned(tables):
        return [table for table in tables if table in dataversie.TABLES]

    def restore_checks(self, suspended, progress=print):
        foreign_keys, indexes, tables = suspended
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            # the report's copies on the help requests, whose triggers were off (set-based)
            for sql in rapportvelden.fill_sql("postgresql"):
                cursor.execute(sql)
            progress("  the report's copies on the help requests filled in")
            for _name, definition in indexes:
                cursor.execute(definition)
            progress(f"  {len(indexes)} indexes rebuilt")
            for table, name, definition in foreign_keys:
                cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
            progress(f"  {len(foreign_keys)} foreign keys checked and restored")
            for table in self.versioned(tables):
                cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
            cursor.execute(dataversie.BUMP)

    def reset_sequences(self, models):
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _filler(field, rng=UUID_RNG):
    if isinstance(field, UUIDField):
        # 32 hex digits (PostgreSQL's uuid input); uuid.uuid4() per row is slow at a million
        return lambda: f"{rng.getrandbits(128):032x}"
    if field.has_default():
        default = field.default
        return default if callable(default) else (lambda: default)
    if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
        now = timezone.now()
        return lambda: now
    if field.null:
        return lambda: None
    return lambda: ""


def _text(value):
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


def _uitkomst(rng, datum, today) -> dict:
    """Like the demo: a referral gets its outcome within a month; recent ones still wait."""
    uitkomst_datum = datum + datetime.timedelta(days=rng.randint(5, 30))
    if uitkomst_datum > today:
        return {}
    return {"uitkomst": "Opgepakt door de organisatie.", "uitkomst_datum": uitkomst_datum}


def _besluit(rng, ingediend, today, number, bedrag) -> dict:
    """Decided like the demo: one in six refused, the rest granted in full, four in five of those
    paid; the most recent applications wait for the committee."""
    if (today - ingediend).days < OPEN_AANVRAAG_DAGEN:
        return {"status": AanvraagStatus.INGEDIEND}
    besloten = min(today, ingediend + datetime.timedelta(days=rng.randint(1, 5)))
    if number % 6 == 5:
        return {"status": AanvraagStatus.AFGEWEZEN, "besloten_op": besloten}
    granted = {
        "besloten_op": besloten,
        "besluit_route": BesluitRoute.COMMISSIE,
        "toegekend_bedrag": bedrag,
    }
    if number % 5 == 4:
        return {**granted, "status": AanvraagStatus.TOEGEKEND}
    return {
        **granted,
        "status": AanvraagStatus.UITBETAALD,
        "uitbetaald_bedrag": bedrag,
        "uitbetaald_op": min(today, besloten + datetime.timedelta(days=rng.randint(1, 6))),
        "uitbetaald_aan": UitbetaaldAan.LEVERANCIER,
    }


def _setup_network(rng, n_vp):
    """Organisations, trusted persons, the benchmark's role logins."""
    organisaties = [
        Organisatie(
            naam=f"Partner {i}", soort=OrganisatieSoort.VRIJWILLIGERSORGANISATIE, partner=True
        )
        for i in range(12)
    ] + [
        Organisatie(naam=f"Formeel {i}", soort=OrganisatieSoort.BUURTTEAM, partner=False)
        for i in range(8)
    ]
    Organisatie.objects.bulk_create(organisaties)
    partners = organisaties[:12]
    # dated like the services date them (the report counts active ones by start and end)
    start = datetime.date(timezone.localdate().year - YEARS, 1, 1)
    vps = [
        Vertrouwenspersoon(
            nummer=i + 1,  # a fresh database: numbered as `netwerk.services.ken_nummers_toe` does
            naam=f"VP {i}",
            organisatie=partners[i % 12],
            status="actief",
            startdatum=start + datetime.timedelta(days=(i * 37) % (365 * YEARS)),
            # as the workbook gives them: exempted from the onboarding (issue 22 §3)
            vrijstelling_reden=VRIJSTELLING_BESTAAND,
        )
        for i in range(n_vp)
    ]
    Vertrouwenspersoon.objects.bulk_create(vps, batch_size=5000)
    users = {}
    for username, role, org in [
        ("coordinator", Rol.COORDINATOR, None),
        ("orgcoordinator", Rol.ORGCOORDINATOR, partners[0]),
        ("vp1", Rol.VERTROUWENSPERSOON, partners[0]),
        ("commissie1", Rol.FONDSCOMMISSIE, organisaties[12]),
    ]:
        user = get_user_model().objects.create_user(username=username, password=BENCH_PASSWORD)
        user.groups.add(Group.objects.get(name=role))
        Profiel.objects.create(user=user, organisatie=org)
        users[username] = user
    vps[0].user = users["vp1"]
    vps[0].save(update_fields=["user"])
    return organisaties, partners, vps, users


def _pilots(today):
    pilots = []
    start = datetime.date(today.year - YEARS, 1, 1)
    number = 1
    while start <= today:
        end = (
            start.replace(month=start.month + 6)
            if start.month <= 6
            else start.replace(year=start.year + 1, month=1)
        ) - datetime.timedelta(days=1)
        pilots.append(
            Pilot(naam=f"Pilot {number}", startdatum=start, einddatum=end, taakstelling=40)
        )
        start = end + datetime.timedelta(days=1)
        number += 1
    Pilot.objects.bulk_create(pilots)
    return pilots


@transaction.atomic
def build(n: int, seed: int = 2021, progress=print) -> dict:
    """Create n help requests and everything around them. Returns counts per table."""
    rng = random.Random(seed)
    today = timezone.localdate()
    writer = Writer()
    suspended = writer.suspend_checks(LOADED)
    n_vp = max(2, round(n * PER_HULPVRAAG["vertrouwenspersonen"]))
    organisaties, partners, vps, users = _setup_network(rng, n_vp)
    pilots = _pilots(today)
    themes = list(Thema.objects.values_list("pk", flat=True))
    first_day = pilots[0].startdatum
    span = (today - first_day).days

    soort = _weighted(rng, [(Soort.SOCIAAL, 13), (Soort.PRAKTISCH, 90), (Soort.BEIDE, 18)])
    terug = _weighted(rng, [(Terugkerend.TERUGKEREND, 51), (Terugkerend.EENMALIG, 15), ("", 56)])
    geslacht = _weighted(rng, [(Geslacht.MAN, 43), (Geslacht.VROUW, 78), (Geslacht.ANDERS, 1)])
    woonplaats = _weighted(rng, [(w, 72 if w == Woonplaats.OOST else 3) for w in Woonplaats.values])
    inkomsten = _weighted(rng, [(i, 10) for i in Inkomsten.values])
    eindstatus = _weighted(
        rng, [(Status.NOG_IN_BEHANDELING, 60), (Status.BIJ_FORMEEL, 22), (Status.AFGEROND, 39)]
    )
    uitkomst = _weighted(
        rng,
        [
            (UitkomstCategorie.OPGELOST, 45),
            (UitkomstCategorie.DEELS_OPGELOST, 25),
            (UitkomstCategorie.FORMELE_HULP, 15),
            (UitkomstCategorie.GESTOPT, 5),
            (UitkomstCategorie.NIET_BEREIKBAAR, 5),
            (UitkomstCategorie.ANDERS, 5),
        ],
    )
    eindstatus_oud = _weighted(
        rng, [(Status.NOG_IN_BEHANDELING, 15), (Status.BIJ_FORMEEL, 15), (Status.AFGEROND, 970)]
    )
    recent = today - datetime.timedelta(days=RECENT_DAGEN)
    counts = dict.fromkeys(
        [
            "huishoudens",
            "personen",
            "hulpvragen",
            "statuswijzigingen",
            "contacten",
            "doorverwijzingen",
            "themas",
            "aanvragen",
        ],
        0,
    )
    n_households = max(1, round(n * PER_HULPVRAAG["huishoudens"]))
    # vp1 gets a realistic phone-view caseload: the first households are theirs.
    vp_of_household = lambda h: vps[0].pk if h < 6 else vps[h % len(vps)].pk  # noqa: E731
    ids = {"hh": 0, "p": 0, "hv": 0, "sw": 0, "cm": 0, "dv": 0, "th": 0, "nf": 0}
    main_person = {}
    household_org = {}

    for chunk_start in range(0, n, CHUNK):
        chunk = range(chunk_start, min(n, chunk_start + CHUNK))
        hh_rows, p_rows, hv_rows, sw_rows, cm_rows, dv_rows, th_rows, nf_rows = (
            [] for _ in range(8)
        )
        for i in chunk:
            household = i if i < n_households else rng.randrange(n_households)
            intake = first_day + datetime.timedelta(days=rng.randrange(span))
            if household < 6:
                # vp1's own caseload (the phone view) is current work, not five-year-old files
                intake = today - datetime.timedelta(days=rng.randrange(60))
            if household not in main_person:
                ids["hh"] += 1
                vp_id = vp_of_household(household)
                org_id = partners[(vp_id - vps[0].pk) % 12].pk
                household_org[household] = (ids["hh"], org_id, vp_id)
                hh_rows.append(
                    {
                        "id": ids["hh"],
                        "referentie": f"HH-{intake.year}-{household:07d}",
                        "woonplaats": woonplaats(),
                        "inkomsten": inkomsten(),
                        "contact_formeel": JaNeeOnbekend.ONBEKEND,
                        "postcode": namen.postcode(rng) if rng.random() < 0.7 else "",
                        "vertrouwenspersoon_id": vp_id,
                        "organisatie_id": org_id,
                    }
                )
                ids["p"] += 1
                main_person[household] = ids["p"]
                p_rows.append(
                    {
                        "id": ids["p"],
                        "huishouden_id": ids["hh"],
                        "naam": namen.naam(rng),
                        "telefoon": namen.telefoon(rng),
                        "geslacht": geslacht(),
                        "is_hoofdpersoon": True,
                        "geboortejaar": rng.randint(1935, 2004) if rng.random() < 0.85 else None,
                    }
                )
            hh_id, org_id, vp_id = household_org[household]
            person = main_person[household]
            if rng.random() < PER_HULPVRAAG["extra_personen"]:
                ids["p"] += 1
                person = ids["p"]
                p_rows.append(
                    {
                        "id": person,
                        "huishouden_id": hh_id,
                        "naam": namen.naam(rng),
                        "geslacht": geslacht(),
                        "geboortejaar": rng.randint(1935, 2008),
                    }
                )
            ids["hv"] += 1
            hv = ids["hv"]
            pilot = next(p for p in reversed(pilots) if p.startdatum <= intake)
            final = eindstatus() if intake >= recent else eindstatus_oud()
            history = [("", Status.NOG_IN_BEHANDELING, intake)]
            day = intake
            if final in (Status.BIJ_FORMEEL, Status.AFGEROND):
                day = min(today, day + datetime.timedelta(days=rng.randint(5, 60)))
                history.append((Status.NOG_IN_BEHANDELING, Status.BIJ_FORMEEL, day))
            categorie = uitkomst() if final == Status.AFGEROND else ""
            if final == Status.AFGEROND:
                day = min(today, day + datetime.timedelta(days=rng.randint(5, 90)))
                history.append((history[-1][1], Status.AFGEROND, day))
            hv_rows.append(
                {
                    "id": hv,
                    "huishouden_id": hh_id,
                    "hulpvrager_id": person,
                    "pilot_id": pilot.pk,
                    "intake_datum": intake,
                    "omschrijving": "Hulpvraag",
                    "soort": soort(),
                    "terugkerend": terug(),
                    "status": final,
                    "vertrouwenspersoon_id": vp_id,
                    "datum_afgerond": day if final == Status.AFGEROND else None,
                    "uitkomst_categorie": categorie,
                    "nazorg_datum": intake + datetime.timedelta(days=30)
                    if intake >= recent and rng.random() < 0.3
                    else None,
                    "laatste_contact": None,
                }
            )
            for van, naar, datum in history:
                ids["sw"] += 1
                sw_rows.append(
                    {
                        "id": ids["sw"],
                        "hulpvraag_id": hv,
                        "van": van,
                        "naar": naar,
                        "datum": datum,
                        "uitkomst_categorie": categorie if naar == Status.AFGEROND else "",
                    }
                )
            for _ in range(int(PER_HULPVRAAG["contacten"]) + (rng.random() < 0.5)):
                ids["cm"] += 1
                datum = min(today, intake + datetime.timedelta(days=rng.randint(0, 120)))
                cm_rows.append(
                    {
                        "id": ids["cm"],
                        "hulpvraag_id": hv,
                        "datum": datum,
                        "minuten": 30,
                        "soort": ContactSoort.TELEFONISCH,
                        "notitie": "Gebeld",
                    }
                )
                # what the contact services (log_contact) keep on the help request
                hv_rows[-1]["laatste_contact"] = max(datum, hv_rows[-1]["laatste_contact"] or datum)
            if rng.random() < PER_HULPVRAAG["doorverwijzingen"]:
                ids["dv"] += 1
                verwezen = min(today, intake + datetime.timedelta(days=3))  # never in the future
                dv_rows.append(
                    {
                        "id": ids["dv"],
                        "hulpvraag_id": hv,
                        "organisatie_id": organisaties[12 + i % 8].pk,
                        "datum": verwezen,
                        "soort": DoorverwijzingSoort.ADVIES,
                        **_uitkomst(rng, verwezen, today),
                    }
                )
            for theme in rng.sample(themes, 2 if rng.random() < 0.5 else 1):
                ids["th"] += 1
                th_rows.append({"id": ids["th"], "hulpvraag_id": hv, "thema_id": theme})
            if rng.random() < PER_HULPVRAAG["aanvragen"]:
                ids["nf"] += 1
                via_vp = rng.random() < 0.85
                bedrag = Decimal(rng.randrange(50, 600))
                nf_rows.append(
                    {
                        "id": ids["nf"],
                        "referentie": f"NF-{intake.year}-{ids['nf']:07d}",
                        "organisatie_id": org_id,
                        "vertrouwenspersoon_id": vp_id if via_vp else None,
                        "huishouden_id": hh_id,
                        "woonplaats": woonplaats(),
                        "onderwerp": rng.choice(Onderwerp.values),
                        "inkomsten": inkomsten(),
                        "contact_formeel": rng.random() < 0.46,
                        "gevraagd_bedrag": bedrag,
                        "motivatie": "Acute nood",
                        "ingediend_op": intake,
                        **_besluit(rng, intake, today, ids["nf"], bedrag),
                    }
                )
        writer.insert(Huishouden, hh_rows)
        writer.insert(Hulpvrager, p_rows)
        writer.insert(Hulpvraag, hv_rows)
        writer.insert(StatusWijziging, sw_rows)
        writer.insert(Contactmoment, cm_rows)
        writer.insert(Doorverwijzing, dv_rows)
        writer.insert(Hulpvraag.themas.through, th_rows)
        writer.insert(Aanvraag, nf_rows)
        for key, rows in zip(
            counts,
            [hh_rows, p_rows, hv_rows, sw_rows, cm_rows, dv_rows, th_rows, nf_rows],
            strict=True,
        ):
            counts[key] += len(rows)
        progress(f"  {min(n, chunk_start + CHUNK):>9} hulpvragen")
    writer.restore_checks(suspended, progress)
    writer.reset_sequences(LOADED)
    counts["meldingen"] = build_meldingen(today, progress=progress)
    if writer.postgres:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"counts": counts, "users": users, "pilots": pilots}


# --- the inbox (meldingen:inbox) ------------------------------------------------------------------

# A year of notices in each benchmark login's inbox, per day. A trusted person: the daily run's
# reminders about their own help requests (follow-up date, no contact for 21 days, a household
# assigned): at a million the run makes 0.3 per trusted person a day, 3 is a busy caseload. A
# committee member: each new application (about 110 a day at a million, shared by the members,
# most read in the queue): 3. An organisation coordinator and the coordinator: applications
# waiting, split votes and, the most, "mogelijk dubbele registratie" for intakes that look like
# a registered person (most intakes at the bench's names, docs/PERFORMANCE.md): 10 and 50, a
# pessimistic inbox of 18,250 notices. Read after a day, except the last week's.
MELDINGEN_PER_DAG = {"vp1": 3, "commissie1": 3, "orgcoordinator": 10, "coordinator": 50}
MELDINGEN_DAGEN = 365
ONGELEZEN_DAGEN = 7
MELDINGEN_POOL = 5_000  # the records a login's notices are about (all of vp1's own)


def build_meldingen(today=None, seed=17, progress=print) -> int:
    """A year of notices (MELDINGEN_PER_DAG) for the benchmark's logins, each about a record
    that exists, as the daily run stores them (kind, reference, link, day; at most one per
    event a day). Returns how many."""
    from meldingen.models import Melding
    from meldingen.models import Soort as MeldingSoort
    from meldingen.services import AANVRAAG, HULPVRAAG, link_per_uuid

    rng = random.Random(seed)
    today = today or timezone.localdate()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=MELDINGEN_PER_DAG)}
    hulpvraag_link = link_per_uuid("hulpvragen:hulpvraag_detail")
    aanvraag_link = link_per_uuid("noodfonds:aanvraag_detail")

    def hulpvragen(**filters):
        return [
            (HULPVRAAG, pk, referentie, hulpvraag_link(uuid))
            for pk, uuid, referentie in Hulpvraag.objects.filter(**filters)
            .order_by("-pk")
            .values_list("pk", "uuid", "huishouden__referentie")[:MELDINGEN_POOL]
        ]

    aanvragen = [
        (AANVRAAG, pk, referentie, aanvraag_link(uuid))
        for pk, uuid, referentie in Aanvraag.objects.order_by("-pk").values_list(
            "pk", "uuid", "referentie"
        )[:MELDINGEN_POOL]
    ]
    # (kinds, records) per login
    wat = {
        "vp1": (
            [MeldingSoort.NAZORG, MeldingSoort.ZONDER_CONTACT, MeldingSoort.TOEGEWEZEN],
            hulpvragen(huishouden__vertrouwenspersoon__user__username="vp1"),
        ),
        "commissie1": ([MeldingSoort.NIEUWE_AANVRAAG], aanvragen),
        "orgcoordinator": (
            [MeldingSoort.MOGELIJK_DUBBEL, MeldingSoort.AANVRAAG_WACHT],
            hulpvragen(huishouden__organisatie__profielen__user__username="orgcoordinator"),
        ),
        "coordinator": ([MeldingSoort.MOGELIJK_DUBBEL, MeldingSoort.AANVRAAG_WACHT], hulpvragen()),
    }
    writer = Writer()
    zone = timezone.get_current_timezone()
    rows = []
    next_id = (Melding.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    for username, per_dag in MELDINGEN_PER_DAG.items():
        user = users.get(username)
        soorten, records = wat[username]
        if user is None or not records:
            continue
        for dagen_terug in range(MELDINGEN_DAGEN):
            dag = today - datetime.timedelta(days=dagen_terug)
            begin = datetime.datetime.combine(dag, datetime.time(6), tzinfo=zone)
            paren = {(rng.choice(soorten), rng.choice(records)) for _i in range(per_dag)}
            for i, (soort, (object_type, pk, referentie, link)) in enumerate(paren):
                aangemaakt = begin + datetime.timedelta(seconds=i)
                gelezen = aangemaakt + datetime.timedelta(days=1)
                rows.append(
                    {
                        "id": next_id + len(rows),
                        "ontvanger_id": user.pk,
                        "soort": soort,
                        "tekst": f"{MeldingSoort(soort).label}: {referentie}",
                        "link": link,
                        "object_type": object_type,
                        "object_id": pk,
                        "referentie": referentie,
                        "datum": dag,
                        "aantallen": {},
                        "aangemaakt": aangemaakt,
                        "gelezen_op": None if dagen_terug < ONGELEZEN_DAGEN else gelezen,
                        "gemaild_op": None,
                    }
                )
    with transaction.atomic():
        writer.insert(Melding, rows)
        writer.reset_sequences([Melding])
    progress(f"  {len(rows)} meldingen")
    return len(rows)
