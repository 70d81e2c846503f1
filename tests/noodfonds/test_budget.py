"""The ledger and the coordinators' overview, on the page and in the Excel download."""

import datetime
import io
from decimal import Decimal
from operator import itemgetter

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from noodfonds.choices import AanvraagStatus, Onderwerp
from noodfonds.selectors import (
    boekingen,
    budget_saldo,
    doorlooptijd_dagen,
    per_onderwerp,
    per_organisatie,
    per_periode,
)

S = AanvraagStatus
pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def fonds(maak_aanvraag, geld, org_b, vp_b):
    """1000 in; one granted (250, open), one paid (200 of 250 granted), one rejected, one open."""
    geld("1000")
    maak_aanvraag(
        S.TOEGEKEND,
        referentie="NF-2021-0001",
        ingediend_op=D(2021, 1, 4),
        besloten_op=D(2021, 1, 14),
        toegekend_bedrag=Decimal("250"),
        onderwerp=Onderwerp.WITGOED,
    )
    maak_aanvraag(
        S.UITBETAALD,
        referentie="NF-2021-0002",
        ingediend_op=D(2020, 12, 1),
        besloten_op=D(2020, 12, 5),
        toegekend_bedrag=Decimal("250"),
        uitbetaald_bedrag=Decimal("200"),
        uitbetaald_op=D(2021, 1, 2),
        onderwerp=Onderwerp.VOEDSEL,
        organisatie=org_b,
        vertrouwenspersoon=vp_b,
        huishouden=None,
    )
    maak_aanvraag(
        S.AFGEWEZEN,
        referentie="NF-2021-0003",
        ingediend_op=D(2021, 1, 1),
        besloten_op=D(2021, 1, 7),
        onderwerp=Onderwerp.WITGOED,
    )
    maak_aanvraag(S.INGEDIEND, referentie="NF-2021-0004", onderwerp=Onderwerp.VOEDSEL)


def test_available_is_deposits_minus_open_grants_minus_payments(fonds):
    assert budget_saldo() == {
        "stortingen": Decimal("1000"),
        "aflossingen": Decimal("0"),
        "toegekend_open": Decimal("250"),
        "uitbetaald": Decimal("200"),
        "beschikbaar": Decimal("550"),
    }


def test_overview_per_period_subject_and_organisation(fonds, org_a, org_b):
    kwartalen = per_periode("kwartaal")
    onderwerpen = {r["label"]: r for r in per_onderwerp()}
    organisaties = {r["label"]: r for r in per_organisatie()}

    assert [(r["label"], r["toegekend"], r["uitbetaald"]) for r in kwartalen] == [
        ("2020 K4", Decimal("250"), Decimal("0")),
        ("2021 K1", Decimal("250"), Decimal("200")),
    ]
    assert [r["label"] for r in per_periode("maand")] == ["2020-12", "2021-01"]
    witgoed = onderwerpen[Onderwerp.WITGOED.label]
    voedsel = onderwerpen[Onderwerp.VOEDSEL.label]
    assert (witgoed["aanvragen"], witgoed["toegekend_aantal"], witgoed["toegekend"]) == (
        2,
        1,
        Decimal("250"),
    )
    assert (voedsel["aanvragen"], voedsel["uitbetaald"]) == (2, Decimal("200"))
    assert organisaties[org_a.naam]["aanvragen"] == 3
    assert organisaties[org_b.naam]["uitbetaald"] == Decimal("200")


def test_average_days_from_submission_to_decision(fonds):
    # 10, 4 and 6 days
    assert doorlooptijd_dagen() == pytest.approx(6.7)


def test_ledger_lists_deposits_grants_and_payments_newest_first(fonds):
    regels = [(r["datum"], r["soort"], r["omschrijving"]) for r in boekingen()]

    assert regels == [
        (D(2021, 1, 14), "toekenning", "NF-2021-0001"),
        (D(2021, 1, 2), "uitbetaling", "NF-2021-0002"),
        (D(2021, 1, 1), "storting", "Fonds voor Oost"),
        (D(2020, 12, 5), "toekenning", "NF-2021-0002"),
    ]


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 5])
def test_a_limited_ledger_is_the_newest_part_of_the_whole(fonds, limit):
    """Each kind fetches only its newest `limit` rows; together they still give the newest
    `limit` lines of the whole ledger."""
    regel = itemgetter("datum", "soort", "omschrijving")

    assert [regel(r) for r in boekingen(limit=limit)] == [regel(r) for r in boekingen(limit=None)][
        :limit
    ]


def test_budget_page_shows_the_figures(client, coordinator, fonds):
    client.force_login(coordinator)

    content = client.get(reverse("noodfonds:budget")).content.decode()

    assert "€ 550,00" in content
    assert "2021 K1" in content
    assert "6,7 dagen" in content or "6.7 dagen" in content


def test_budget_page_without_a_choice_shows_quarters_and_says_so(client, coordinator, fonds):
    client.force_login(coordinator)

    content = client.get(reverse("noodfonds:budget")).content.decode()

    assert '<option value="kwartaal" selected>' in content


def test_budget_workbook_holds_the_same_figures(client, coordinator, fonds):
    client.force_login(coordinator)

    response = client.get(reverse("noodfonds:budget_xlsx") + "?periode=maand")
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))

    assert wb.sheetnames == [
        "Budget",
        "Per periode",
        "Per onderwerp",
        "Per organisatie",
        "Boekingen",
    ]
    budget = {row[0]: row[1] for row in wb["Budget"].iter_rows(min_row=2, values_only=True)}
    assert budget["Beschikbaar"] == 550
    assert budget["Uitbetaald"] == 200
    periodes = list(wb["Per periode"].iter_rows(values_only=True))
    assert periodes[0][0] == "Periode"
    assert [p[0] for p in periodes[1:]] == ["2020-12", "2021-01"]
    assert periodes[2][2] == 250 and periodes[2][4] == 200
    assert len(list(wb["Boekingen"].iter_rows(min_row=2))) == 4


def test_funder_names_that_look_like_formulas_stay_text(client, coordinator, geld):
    from noodfonds.services import register_storting

    register_storting(
        door=coordinator, datum=D(2021, 1, 1), bedrag=Decimal("5"), fondsgever="=HYPERLINK(1)"
    )
    client.force_login(coordinator)

    response = client.get(reverse("noodfonds:budget_xlsx"))
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Boekingen"]

    cell = ws["C2"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")
