import datetime
import io
import json
import random
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo import seed
from hulpvragen.choices import (
    Geslacht,
    Inkomsten,
    Soort,
    Status,
    Terugkerend,
    UitkomstCategorie,
    Woonplaats,
)
from hulpvragen.models import Doorverwijzing, Hulpvraag
from netwerk.models import Pilot
from noodfonds.choices import AanvraagStatus
from rapportage.report import build_report, report_json
from rapportage.report.categories import (
    AGE_BANDS,
    CONTACT_FORMEEL,
    FONDS_TABLES,
    GEEN_PILOT,
    HULPVRAAG_TABLES,
    INKOMSTEN,
    LEEFTIJD,
    ONBEKEND,
    SEKSE,
    STATUS,
    TYPE_VRAAG,
    UITKOMST,
    WOONPLAATS,
)
from rapportage.report.params import Params, hulpvragen_in_window
from rapportage.report.tables import Percent, whole_percents
from tests.factories import (
    AanvraagFactory,
    OrganisatieFactory,
    PilotFactory,
    VertrouwenspersoonFactory,
)
from tests.rapportage.conftest import PEILDATUM, change, make_hulpvraag, seed_tables_of

D = datetime.date


def tables_of(**kwargs):
    return build_report(user=None, **kwargs).tables


def row(table, label):
    return next(r for r in table["rows"] if r[0] == label)


def json_command(*args):
    out = io.StringIO()
    call_command("rapportage", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


# --- acceptance 1: the seed's tables, cell for cell ----------------------------------------------


def test_json_command_equals_the_seed_tables(seeded, expected_tables):
    data = json_command("--peildatum", "2021-03-01")

    assert seed_tables_of(data["tables"]) == expected_tables
    assert list(seed_tables_of(data["tables"])) == list(expected_tables)
    assert data["peildatum"] == "2021-03-01"


def test_json_command_with_the_fund_start_equals_the_fund_tables(seeded, expected_tables):
    data = json_command("--peildatum", "2021-03-01", "--van", "2020-11-01")

    for title in FONDS_TABLES:
        assert data["tables"][title] == expected_tables[title]
    assert row(data["tables"][LEEFTIJD], "Totaal")[-1] == 65
    assert data["tables"][LEEFTIJD]["columns"] == ["Pilot 2", "Totaal"]


# --- acceptance 2: edge cases --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (19, "1 t/m 20 jaar"),
        (20, "20 t/m 40 jaar"),
        (39, "20 t/m 40 jaar"),
        (40, "40 t/m 60 jaar"),
        (59, "40 t/m 60 jaar"),
        (60, "60 t/m 80 jaar"),
        (79, "60 t/m 80 jaar"),
        (80, "80+"),
    ],
)
def test_age_band_edges(pilot2, age, band):
    make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 15), geboortejaar=2021 - age)

    table = tables_of(peildatum=PEILDATUM)[LEEFTIJD]

    assert row(table, band) == [band, 1, 1]
    assert sum(r[1] for r in table["rows"][:-1]) == 1


def test_age_uses_the_intake_year_not_the_peildatum(pilot1):
    make_hulpvraag(pilot=pilot1, intake=D(2019, 12, 31), geboortejaar=1999)  # 20 at intake

    table = tables_of(peildatum=D(2021, 3, 1))[LEEFTIJD]

    assert row(table, "20 t/m 40 jaar")[1] == 1


def test_no_birth_year_is_onbekend(pilot1):
    make_hulpvraag(pilot=pilot1, intake=D(2020, 1, 10), geboortejaar=None)

    assert row(tables_of(peildatum=PEILDATUM)[LEEFTIJD], "Onbekend") == ["Onbekend", 1, 1]


def test_status_changed_after_the_peildatum_counts_with_its_old_status(pilot2):
    hv = make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 5))
    change(hv, Status.BIJ_FORMEEL, D(2021, 2, 1))
    change(hv, Status.AFGEROND, D(2021, 3, 2))

    table = tables_of(peildatum=PEILDATUM)[STATUS]

    assert row(table, "In behandeling bij formeel")[1:] == [1, 1]
    assert row(table, "Afgerond")[1:] == [0, 0]
    assert row(tables_of(peildatum=D(2021, 3, 2))[STATUS], "Afgerond")[1:] == [1, 1]


def test_status_changes_on_one_day_the_latest_recorded_counts(pilot2):
    hv = make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 5))
    change(hv, Status.BIJ_FORMEEL, D(2021, 2, 1))
    change(hv, Status.AFGEROND, D(2021, 2, 1))

    table = tables_of(peildatum=D(2021, 2, 1))[STATUS]

    assert row(table, "Afgerond")[1:] == [1, 1]


def test_intake_after_the_peildatum_is_not_counted(pilot2):
    make_hulpvraag(pilot=pilot2, intake=D(2021, 3, 1))
    make_hulpvraag(pilot=pilot2, intake=D(2021, 3, 2))

    tables = tables_of(peildatum=PEILDATUM)

    for title in HULPVRAAG_TABLES:
        assert row(tables[title], "Totaal") == ["Totaal", 1, 1]


def test_start_date_is_inclusive(pilot2):
    make_hulpvraag(pilot=pilot2, intake=D(2020, 12, 31))
    make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 1))

    table = tables_of(peildatum=PEILDATUM, van=D(2021, 1, 1))[SEKSE]

    assert row(table, "Totaal") == ["Totaal", 1, 1]


def test_pilot_without_recurrence_shows_ng_and_totaal_adds_only_numbers(pilot1, pilot2):
    make_hulpvraag(pilot=pilot1, intake=D(2020, 1, 10))
    make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 10), terugkerend=Terugkerend.TERUGKEREND)
    make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 11), terugkerend=Terugkerend.EENMALIG)
    make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 12), terugkerend=Terugkerend.TERUGKEREND)

    table = tables_of(peildatum=PEILDATUM)[TYPE_VRAAG]

    assert row(table, "Terugkerend") == ["Terugkerend", "N.G", 2, 2]
    assert row(table, "Eenmalig") == ["Eenmalig", "N.G", 1, 1]
    assert row(table, "Totaal") == ["Totaal", 1, 3, 4]


def test_partly_recorded_recurrence_gets_a_row_so_the_column_adds_up(pilot1, pilot2):
    make_hulpvraag(pilot=pilot1, intake=D(2020, 1, 10))
    make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 10), terugkerend=Terugkerend.TERUGKEREND)
    make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 11), terugkerend=Terugkerend.EENMALIG)
    make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 12))
    make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 13))

    table = tables_of(peildatum=PEILDATUM)[TYPE_VRAAG]

    assert [r[0] for r in table["rows"][3:]] == [
        "Terugkerend",
        "Eenmalig",
        "Terugkerend/eenmalig niet geregistreerd",
        "Totaal",
    ]
    assert row(table, "Terugkerend/eenmalig niet geregistreerd") == [
        "Terugkerend/eenmalig niet geregistreerd",
        "N.G",  # pilot 1 recorded none: N.G, as in its other recurrence rows
        2,
        2,
    ]
    pilot2_rows = [r[2] for r in table["rows"][3:-1]]
    assert sum(pilot2_rows) == row(table, "Totaal")[2] == 4


def test_fully_recorded_recurrence_gets_no_extra_row(pilot2):
    make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 10), terugkerend=Terugkerend.TERUGKEREND)
    make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 11), terugkerend=Terugkerend.EENMALIG)

    table = tables_of(peildatum=PEILDATUM)[TYPE_VRAAG]

    assert [r[0] for r in table["rows"][3:]] == ["Terugkerend", "Eenmalig", "Totaal"]


@pytest.mark.parametrize(("amount", "text"), [("120.5", "120.50"), ("200", "200.00")])
def test_json_amounts_are_text_with_two_decimals(db, amount, text):
    AanvraagFactory(
        toegekend_bedrag=Decimal(amount),
        besloten_op=D(2021, 2, 1),
        uitbetaald_bedrag=Decimal(amount),
        uitbetaald_op=D(2021, 2, 3),
    )

    figures = {
        f["key"]: f["value"] for f in json_command("--peildatum", "2021-03-01")["key_figures"]
    }

    assert figures["bedrag_toegekend"] == text and figures["bedrag_uitbetaald"] == text


def test_json_amount_without_applications_is_zero_with_two_decimals(db):
    figures = {
        f["key"]: f["value"] for f in json_command("--peildatum", "2021-03-01")["key_figures"]
    }

    assert figures["bedrag_toegekend"] == "0.00"


def test_soort_rows_count_each_kind(pilot2):
    make_hulpvraag(pilot=pilot2, soort=Soort.SOCIAAL)
    make_hulpvraag(pilot=pilot2, soort=Soort.BEIDE)

    table = tables_of(peildatum=PEILDATUM)[TYPE_VRAAG]

    assert [r[1] for r in table["rows"][:3]] == [1, 0, 1]


def test_pilot_without_requests_in_the_window_has_no_column(pilot1, pilot2):
    PilotFactory(naam="Pilot 3", startdatum=D(2021, 6, 1), einddatum=D(2021, 12, 31))
    make_hulpvraag(pilot=pilot1, intake=D(2020, 1, 10))
    make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 10))

    tables = tables_of(peildatum=PEILDATUM, van=D(2020, 11, 1))

    for title in HULPVRAAG_TABLES:
        assert tables[title]["columns"] == ["Pilot 2", "Totaal"]


def test_columns_follow_the_pilot_start_dates(db):
    late = PilotFactory(naam="A later pilot", startdatum=D(2020, 6, 1), einddatum=D(2020, 12, 1))
    early = PilotFactory(naam="Z early pilot", startdatum=D(2019, 1, 1), einddatum=D(2019, 12, 1))
    make_hulpvraag(pilot=late, intake=D(2020, 7, 1))
    make_hulpvraag(pilot=early, intake=D(2019, 7, 1))
    make_hulpvraag(pilot=None, intake=D(2021, 2, 1))

    table = tables_of(peildatum=PEILDATUM)[SEKSE]

    assert table["columns"] == ["Z early pilot", "A later pilot", "Geen pilot", "Totaal"]
    assert row(table, "Totaal") == ["Totaal", 1, 1, 1, 3]


def test_sex_rows_anders_and_onbekend_only_when_not_zero(pilot2):
    make_hulpvraag(pilot=pilot2, geslacht=Geslacht.MAN)

    before = [r[0] for r in tables_of(peildatum=PEILDATUM)[SEKSE]["rows"]]
    make_hulpvraag(pilot=pilot2, geslacht=Geslacht.ONBEKEND)
    after = [r[0] for r in tables_of(peildatum=PEILDATUM)[SEKSE]["rows"]]

    assert before == ["Man", "Vrouw", "Totaal"]
    assert after == ["Man", "Vrouw", "Onbekend", "Totaal"]


def test_empty_database_gives_zeros_without_error(db):
    built = build_report(user=None, peildatum=PEILDATUM)

    for title in HULPVRAAG_TABLES:
        table = built.tables[title]
        assert table["columns"] == ["Totaal"]
        assert all(r[1:] == [0] for r in table["rows"])
    for title in FONDS_TABLES:
        assert all(r[1:] == [0, Percent(0)] for r in built.tables[title]["rows"])
    assert all(f.value == 0 for f in built.key_figures)


# --- outcomes --------------------------------------------------------------------------------


def test_outcome_table_counts_the_closed_help_requests_by_category_per_pilot(pilot1, pilot2):
    for pilot, intake, categorie in [
        (pilot1, D(2020, 1, 10), UitkomstCategorie.OPGELOST),
        (pilot1, D(2020, 1, 11), UitkomstCategorie.FORMELE_HULP),
        (pilot2, D(2021, 1, 10), UitkomstCategorie.OPGELOST),
        (pilot2, D(2021, 1, 11), UitkomstCategorie.NIET_BEREIKBAAR),
    ]:
        change(make_hulpvraag(pilot=pilot, intake=intake), Status.AFGEROND, intake, categorie)
    make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 12))  # still open

    tables = tables_of(peildatum=PEILDATUM)
    table = tables[UITKOMST]

    assert table["columns"] == ["Pilot 1", "Pilot 2", "Totaal"]
    assert [r[0] for r in table["rows"]] == [
        "Opgelost",
        "Deels opgelost",
        "Overgedragen aan formele hulp",
        "Gestopt door hulpvrager",
        "Niet bereikbaar",
        "Anders",
        "Totaal",
    ]
    assert row(table, "Opgelost") == ["Opgelost", 1, 1, 2]
    assert row(table, "Overgedragen aan formele hulp")[1:] == [1, 0, 1]
    assert row(table, "Niet bereikbaar")[1:] == [0, 1, 1]
    assert row(table, "Totaal") == ["Totaal", 2, 2, 4]
    assert row(tables[STATUS], "Afgerond")[1:] == row(table, "Totaal")[1:]


def test_outcome_as_it_was_on_the_peildatum(pilot2):
    """Closed before the peildatum, reopened and closed again with another outcome after it: the
    report of the peildatum keeps the first outcome, whether or not the history must be read."""
    hv = make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 5))
    change(hv, Status.AFGEROND, D(2021, 2, 1), UitkomstCategorie.DEELS_OPGELOST)
    before = tables_of(peildatum=PEILDATUM)[UITKOMST]  # nothing changed later: stored values
    change(hv, Status.NOG_IN_BEHANDELING, D(2021, 3, 5))
    change(hv, Status.AFGEROND, D(2021, 4, 1), UitkomstCategorie.GESTOPT)
    late = make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 6))
    change(late, Status.AFGEROND, D(2021, 3, 2), UitkomstCategorie.ANDERS)

    after = tables_of(peildatum=PEILDATUM)[UITKOMST]
    later = tables_of(peildatum=D(2021, 4, 1))[UITKOMST]

    assert row(before, "Deels opgelost")[1:] == [1, 1]
    assert after == before
    assert row(later, "Gestopt door hulpvrager")[1:] == [1, 1]
    assert row(later, "Anders")[1:] == [1, 1]
    assert row(later, "Deels opgelost")[1:] == [0, 0]


def test_closed_before_the_category_existed_counts_as_onbekend(pilot2):
    hv = make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 5))
    change(hv, Status.AFGEROND, D(2021, 2, 1))
    # a record of before the category: no category on the help request nor its closing
    Hulpvraag.objects.filter(pk=hv.pk).update(uitkomst_categorie="")
    hv.statushistorie.update(uitkomst_categorie="")
    stored = tables_of(peildatum=PEILDATUM)[UITKOMST]
    change(make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 6)), Status.BIJ_FORMEEL, D(2021, 4, 1))

    history = tables_of(peildatum=PEILDATUM)[UITKOMST]

    assert row(stored, "Onbekend")[1:] == [1, 1]
    assert row(stored, "Totaal")[1:] == [1, 1]
    assert history == stored


def test_no_onbekend_row_when_every_closing_has_its_category(pilot2):
    change(make_hulpvraag(pilot=pilot2), Status.AFGEROND, D(2021, 2, 1))

    assert ONBEKEND not in [r[0] for r in tables_of(peildatum=PEILDATUM)[UITKOMST]["rows"]]


# --- rounding of the fund percentages ------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([1, 1, 1], [34, 33, 33]),
        ([2, 1, 1, 1, 1, 1], [29, 15, 14, 14, 14, 14]),
        ([36, 2, 5, 3, 1, 2, 1], [72, 4, 10, 6, 2, 4, 2]),
        ([1, 0, 2], [33, 0, 67]),
        ([0, 0], [0, 0]),
    ],
)
def test_whole_percents_largest_remainder(counts, expected):
    assert whole_percents(counts, sum(counts)) == expected


def test_fund_percentages_add_up_to_100_by_largest_remainder(db):
    for woonplaats in (Woonplaats.OOST, Woonplaats.ZUID, Woonplaats.CENTRUM):
        AanvraagFactory(woonplaats=woonplaats, ingediend_op=D(2021, 1, 5))

    table = tables_of(peildatum=PEILDATUM)[WOONPLAATS]

    assert row(table, "Oost") == ["Oost", 1, Percent(34)]
    assert row(table, "Zuid")[2] == Percent(33)
    assert row(table, "Centrum")[2] == Percent(33)
    assert row(table, "Totaal") == ["Totaal", 3, Percent(100)]
    assert str(row(table, "Oost")[2]) == "34%"


def test_fund_tables_show_extra_list_values_only_when_not_zero(db):
    AanvraagFactory(
        woonplaats=Woonplaats.WEST, inkomsten=Inkomsten.WERK, ingediend_op=D(2021, 1, 5)
    )

    tables = tables_of(peildatum=PEILDATUM)

    labels = [r[0] for r in tables[WOONPLAATS]["rows"]]
    assert labels[:7] == [
        "Oost",
        "Nieuw-West",
        "Geen adres",
        "Diemen",
        "Zaandam",
        "Zuid",
        "Centrum",
    ]
    assert "West" in labels and "Noord" not in labels and "Anders" not in labels
    income = [r[0] for r in tables[INKOMSTEN]["rows"]]
    assert "Inkomen uit werk" in income and "Onbekend" not in income


def test_fund_window_and_drafts(db):
    AanvraagFactory(ingediend_op=D(2021, 3, 1), contact_formeel=True)
    AanvraagFactory(ingediend_op=D(2021, 3, 2))
    AanvraagFactory(ingediend_op=None, status=AanvraagStatus.CONCEPT)
    AanvraagFactory(ingediend_op=D(2020, 10, 31))

    table = tables_of(peildatum=PEILDATUM, van=D(2020, 11, 1))[CONTACT_FORMEEL]

    assert table["rows"] == [
        ["Wel contact met formeel", 1, Percent(100)],
        ["Geen contact met formeel", 0, Percent(0)],
        ["Totaal", 1, Percent(100)],
    ]


# --- key figures ---------------------------------------------------------------------------------


def test_key_figures(pilot2, vp_a):
    counted = make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 5), vp=vp_a)
    later = make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 6), vp=vp_a)
    make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 7), vp=vp_a)
    make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 8), vp=vp_a)
    org = OrganisatieFactory(partner=False)
    Doorverwijzing.objects.create(
        hulpvraag=counted, organisatie=org, datum=D(2021, 2, 1), soort="advies"
    )
    Doorverwijzing.objects.create(
        hulpvraag=later, organisatie=org, datum=D(2021, 3, 5), soort="advies"
    )
    AanvraagFactory(
        vertrouwenspersoon=vp_a,
        organisatie=vp_a.organisatie,
        toegekend_bedrag=200,
        besloten_op=D(2021, 2, 1),
        uitbetaald_bedrag=150,
        uitbetaald_op=D(2021, 2, 3),
    )
    AanvraagFactory(toegekend_bedrag=300, besloten_op=D(2021, 3, 9))  # decided after the peildatum
    AanvraagFactory()
    AanvraagFactory()  # fmt: skip

    figures = {f.key: f for f in build_report(user=None, peildatum=PEILDATUM).key_figures}

    assert (figures["hulpvragen_pilot-2"].value, figures["hulpvragen_pilot-2"].target) == (4, 40)
    assert figures["formele_betrokkenheid_pct"].value == Percent(25)
    assert figures["aanvragen_via_vertrouwenspersoon_pct"].value == Percent(25)
    assert figures["bedrag_toegekend"].value == 200
    assert figures["bedrag_uitbetaald"].value == 150
    assert figures["bedrag_toegekend"].display == "€ 200,00"
    assert all(f.definition for f in figures.values())


def test_trained_trusted_persons_come_from_completed_training(vp_a, vp_b, pilot2):
    from opleiding.models import Cohort, Deelname

    cohort = Cohort.objects.create(naam="Opleiding 2020", pilot=pilot2, startdatum=D(2020, 11, 1))
    Deelname.objects.create(
        cohort=cohort, vertrouwenspersoon=vp_a, status="afgerond", status_datum=D(2021, 2, 1)
    )
    Deelname.objects.create(cohort=cohort, vertrouwenspersoon=vp_b, status="afgerond", status_datum=D(2021, 4, 1))  # fmt: skip

    figures = {f.key: f.value for f in build_report(user=None, peildatum=PEILDATUM).key_figures}

    assert figures["vertrouwenspersonen_opgeleid"] == 1
    assert figures["vertrouwenspersonen_actief"] == 2


def test_active_trusted_persons_by_their_start_and_end_on_the_peildatum(db):
    dates = {
        "started on the peildatum": (PEILDATUM, None),
        "ends on the peildatum": (D(2020, 1, 1), PEILDATUM),
        "ends after it, already stopped": (D(2020, 1, 1), D(2021, 3, 9)),
        "ended the day before": (D(2020, 1, 1), D(2021, 2, 28)),
        "starts the day after": (D(2021, 3, 2), None),
        "no start date": (None, None),
    }
    for naam, (start, end) in dates.items():
        status = "gestopt" if end else "actief"
        VertrouwenspersoonFactory(naam=naam, startdatum=start, einddatum=end, status=status)

    figures = {f.key: f for f in build_report(user=None, peildatum=PEILDATUM).key_figures}

    assert figures["vertrouwenspersonen_actief"].value == 3
    assert "peildatum" in figures["vertrouwenspersonen_actief"].definition


# --- acceptance 3: a fixed number of queries -----------------------------------------------------


def _bulk(n: int, rng):
    """n help requests (with histories, households, referrals) and n/2 applications."""
    pilot = PilotFactory(naam="Pilot 2", startdatum=D(2020, 11, 1), einddatum=D(2021, 5, 31))
    table = seed.load_tables()["hulpvragen"]
    specs = [s for s in seed.hulpvraag_specs(table, rng) if s.pilot == "Pilot 2"]
    specs = [specs[i % len(specs)] for i in range(n)]
    vps = [VertrouwenspersoonFactory() for _ in range(3)]
    hulpvragen = seed.build_hulpvragen(
        specs, pilots={"Pilot 2": pilot}, vertrouwenspersonen=vps, rng=rng
    )
    org = OrganisatieFactory(partner=False)
    Doorverwijzing.objects.bulk_create(
        Doorverwijzing(hulpvraag=hv, organisatie=org, datum=hv.intake_datum, soort="advies")
        for hv in hulpvragen[::3]
    )
    fund = seed.aanvraag_specs(seed.load_tables()["noodfonds"], rng)
    seed.build_aanvragen([fund[i % len(fund)] for i in range(n // 2)], vertrouwenspersonen=vps,
                         organisaties=[org], rng=rng)  # fmt: skip


def _queries(user, **kwargs):
    with CaptureQueriesContext(connection) as ctx:
        build_report(user=user, **kwargs)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["coordinator", "orgcoordinator", None])
def test_query_count_is_the_same_for_10_and_1000_help_requests(
    django_user_model, coordinator, orgcoordinator, role
):
    users = {"coordinator": coordinator, "orgcoordinator": orgcoordinator, None: None}
    _bulk(10, random.Random(1))
    few = _queries(
        users[role] and django_user_model.objects.get(pk=users[role].pk), peildatum=PEILDATUM
    )
    _bulk(990, random.Random(2))

    many = _queries(
        users[role] and django_user_model.objects.get(pk=users[role].pk), peildatum=PEILDATUM
    )

    assert Hulpvraag.objects.count() == 1000
    assert few == many
    # the tables and key figures: 14; the fund chain's three tables (issue 21): 11 more
    assert many <= 25


KETEN_TABELLEN = (
    '"noodfonds_lening"',
    '"noodfonds_aflossing"',
    '"noodfonds_storting"',
    "voorziening_resultaat",
)


def test_the_eight_tables_are_one_pass_over_each_side(seeded):
    with CaptureQueriesContext(connection) as ctx:
        build_report(user=None, peildatum=PEILDATUM)

    selects = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT")]
    # the fund chain's three tables (issue 21, rapportage.report.fonds_keten): ten small
    # grouped queries of their own on the loans, repayments, deposits and provisions, and one
    # on the applications (the grants per year), apart from the passes
    keten = [q for q in selects if any(t in q for t in KETEN_TABELLEN)]
    assert len(keten) == 10
    selects = [q for q in selects if q not in keten]
    # the table each query reads (subqueries read theirs under an alias: U0, U1, ...; a
    # column after FROM is PostgreSQL's EXTRACT(YEAR FROM "table"."column"), not a table read)
    read = Counter(t for sql in selects for t in re.findall(r'FROM "(\w+)"(?!\.| U\d)', sql))
    assert read == {
        # status: one query on the change dates decides whether the stored status will do
        "hulpvragen_statuswijziging": 1,
        # the four help-request tables and their key figures: one pass; then the pilots (their
        # names, start dates and targets are not carried through the pass)
        "hulpvragen_hulpvraag": 1,
        Pilot._meta.db_table: 1,
        # the four fund tables and the fund's key figures: one pass; the funders' table: the
        # grants per year
        "noodfonds_aanvraag": 2,
        # trained and active trusted persons: one query, two conditional counts; the route
        # table (issue 22 §5): one count of those begun
        "netwerk_vertrouwenspersoon": 2,
        # the route table: the steps up to the peildatum, newest first per trusted person
        "opleiding_ontwikkelstap": 1,
    }
    assert len(selects) == 8


def test_the_tables_equal_conditional_counts_per_help_request(seeded):
    """The pass groups by the categories and adds the groups up in Python; the same numbers as
    counting every help request by the report's own definitions, one at a time."""
    for peildatum, van in ((PEILDATUM, None), (D(2020, 12, 31), D(2020, 10, 1))):
        built = build_report(user=None, peildatum=peildatum, van=van)
        hulpvragen = list(
            hulpvragen_in_window(None, Params(peildatum=peildatum, van=van))
            .select_related("hulpvrager", "pilot")
            .order_by("pk")
        )
        columns = built.tables[LEEFTIJD]["columns"][:-1]

        def column(hv):
            return hv.pilot.naam if hv.pilot else GEEN_PILOT

        def count(predicate, columns=columns, hulpvragen=hulpvragen):
            values = [
                sum(1 for hv in hulpvragen if column(hv) == c and predicate(hv)) for c in columns
            ]
            return [*values, sum(values)]

        def band(hv):
            if hv.hulpvrager.geboortejaar is None:
                return ONBEKEND
            age = hv.intake_datum.year - hv.hulpvrager.geboortejaar
            return next(
                label for label, lo, hi in AGE_BANDS
                if (lo is None or age >= lo) and (hi is None or age <= hi)
            )  # fmt: skip

        for label in [*(b[0] for b in AGE_BANDS), ONBEKEND]:
            assert row(built.tables[LEEFTIJD], label)[1:] == count(
                lambda hv, x=label: band(hv) == x
            )
        for value, label in Geslacht.choices:
            if label in [r[0] for r in built.tables[SEKSE]["rows"]]:
                assert row(built.tables[SEKSE], label)[1:] == count(
                    lambda hv, v=value: hv.hulpvrager.geslacht == v
                )
        for value, label in Soort.choices:
            assert row(built.tables[TYPE_VRAAG], label)[1:] == count(
                lambda hv, v=value: hv.soort == v
            )
        assert row(built.tables[STATUS], "Totaal")[1:] == count(lambda hv: True)
        assert sorted({column(hv) for hv in hulpvragen}) == sorted(columns)


def test_values_outside_the_lists_count_in_totaal_only(pilot2):
    """Data that bypassed the forms: a sex or recurrence outside the list is in no row but in
    Totaal (and a recurrence other than "" still counts as recorded), as conditional counts did."""
    odd = make_hulpvraag(pilot=pilot2, geslacht=Geslacht.MAN, terugkerend="")
    type(odd.hulpvrager).objects.filter(pk=odd.hulpvrager_id).update(geslacht="x")
    Hulpvraag.objects.filter(pk=odd.pk).update(terugkerend="soms")
    make_hulpvraag(pilot=pilot2, geslacht=Geslacht.VROUW, terugkerend="")

    tables = tables_of(peildatum=PEILDATUM)

    assert [r[0] for r in tables[SEKSE]["rows"]] == ["Man", "Vrouw", "Totaal"]
    assert row(tables[SEKSE], "Man")[1:] == [0, 0]
    assert row(tables[SEKSE], "Vrouw")[1:] == [1, 1]
    assert row(tables[SEKSE], "Totaal")[1:] == [2, 2]
    assert row(tables[TYPE_VRAAG], "Terugkerend")[1:] == [0, 0]  # recorded, so not N.G
    assert row(tables[TYPE_VRAAG], "Eenmalig")[1:] == [0, 0]


def test_age_below_zero_and_the_earliest_birth_year_fall_in_the_outer_bands(pilot2):
    # born "after" the intake: the services refuse it, a row written around them may hold it
    make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 15), geboortejaar=2030)
    make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 15), geboortejaar=1900)  # the database's least

    table = tables_of(peildatum=PEILDATUM)[LEEFTIJD]

    assert row(table, "1 t/m 20 jaar")[1:] == [1, 1]
    assert row(table, "80+")[1:] == [1, 1]
    assert row(table, "Totaal")[1:] == [2, 2]


def test_formal_involvement_counts_a_help_request_once_whatever_its_referrals(pilot2):
    hv = make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 5))
    make_hulpvraag(pilot=pilot2, intake=D(2021, 1, 6))
    org = OrganisatieFactory(partner=False)
    for datum in (D(2021, 1, 10), D(2021, 2, 1), D(2021, 3, 5)):  # the last after the peildatum
        Doorverwijzing.objects.create(hulpvraag=hv, organisatie=org, datum=datum, soort="advies")

    figures = {f.key: f.value for f in build_report(user=None, peildatum=PEILDATUM).key_figures}

    assert figures["formele_betrokkenheid_pct"] == Percent(50)


def test_only_help_requests_without_pilot_give_one_column_and_no_target(db):
    make_hulpvraag(pilot=None, intake=D(2021, 1, 5), geboortejaar=None)

    built = build_report(user=None, peildatum=PEILDATUM)
    figures = {f.key: f for f in built.key_figures}

    assert built.tables[LEEFTIJD]["columns"] == [GEEN_PILOT, "Totaal"]
    assert row(built.tables[LEEFTIJD], "Onbekend")[1:] == [1, 1]
    assert figures["hulpvragen_geen-pilot"].target is None
    assert (figures["hulpvragen_totaal"].value, figures["hulpvragen_totaal"].target) == (1, 0)


def test_fund_values_outside_the_lists_count_in_totaal_only(db):
    odd = AanvraagFactory()
    AanvraagFactory(woonplaats=Woonplaats.values[0])
    type(odd).objects.filter(pk=odd.pk).update(woonplaats="elders")

    table = tables_of(peildatum=datetime.date.today())[WOONPLAATS]

    assert row(table, "Totaal")[1] == 2
    assert sum(r[1] for r in table["rows"][:-1]) == 1


# --- acceptance 5: a past quarter never changes -------------------------------------------------


def test_past_quarter_report_is_identical_after_later_status_changes(seeded):
    quarter = {"peildatum": D(2020, 12, 31), "van": D(2020, 10, 1)}
    before = report_json(build_report(user=None, **quarter))

    for hv in Hulpvraag.objects.exclude(status=Status.AFGEROND).order_by("pk")[:40]:
        change(hv, Status.AFGEROND, None)
    after = report_json(build_report(user=None, **quarter))

    assert row(before["tables"][STATUS], "Totaal")[-1] > 0
    assert after["tables"] == before["tables"]
    assert (
        row(build_report(user=None, peildatum=datetime.date.today()).tables[STATUS], "Afgerond")[-1]
        > 39
    )
