"""Issue 21 in the quarterly report: provisions refused or too slow per provision, the loans
(issued, repaid, remitted, outstanding) and per funder and year, with the attribution rule."""

import datetime
from decimal import Decimal

import pytest

from noodfonds.models import Aflossing, Lening, Storting
from rapportage.report import build_report, report_json
from rapportage.report.categories import FONDSGEVERS, LENINGEN, VOORZIENING, table_notes
from rapportage.report.fonds_keten import verdeel
from tests.factories import AanvraagFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def tables(**kwargs):
    return build_report(user=None, peildatum=kwargs.pop("peildatum", D(2024, 12, 31)), **kwargs)


def aanvraag(**velden):
    velden.setdefault("ingediend_op", D(2024, 2, 1))
    return AanvraagFactory(**velden)


def lening(bedrag, besloten_op, **extra):
    a = aanvraag(status="uitbetaald", toegekend_bedrag=bedrag, besloten_op=besloten_op)
    return Lening.objects.create(
        aanvraag=a, bedrag=bedrag, per_maand=Decimal("10"), eerste_maand=besloten_op, **extra
    )


def test_provisions_refused_or_too_slow_are_counted_per_provision():
    for voorziening, resultaat in [
        ("bijzondere_bijstand", "afgewezen"),
        ("bijzondere_bijstand", "afgewezen"),
        ("bijzondere_bijstand", "te_traag"),
        ("anders", "te_traag"),
        ("bijzondere_bijstand", "toegekend"),  # not a signal
        ("niet_gevraagd", "niet_van_toepassing"),
    ]:
        aanvraag(voorziening=voorziening, voorziening_resultaat=resultaat)
    aanvraag(voorziening="anders", voorziening_resultaat="afgewezen", ingediend_op=D(2025, 1, 2))

    table = tables().tables[VOORZIENING]

    assert table == {
        "columns": ["Afgewezen", "Te traag", "Totaal"],
        "rows": [
            ["Bijzondere bijstand", 2, 1, 3],
            ["Andere voorziening", 0, 1, 1],
            ["Totaal", 2, 2, 4],
        ],
    }


def test_loans_issued_repaid_remitted_and_outstanding():
    a = lening(Decimal("300.00"), D(2024, 1, 10))
    b = lening(Decimal("120.00"), D(2024, 3, 5))
    lening(Decimal("50.00"), D(2025, 1, 5))  # after the peildatum
    Aflossing.objects.create(lening=a, datum=D(2024, 2, 28), bedrag=Decimal("100.00"))
    Aflossing.objects.create(lening=a, datum=D(2025, 1, 31), bedrag=Decimal("100.00"))  # later
    b.kwijtgescholden_op, b.kwijtgescholden_bedrag = D(2024, 6, 1), Decimal("120.00")
    b.save()

    report = tables()
    assert report.tables[LENINGEN]["rows"] == [
        ["Verstrekt", 2, Decimal("420.00")],
        ["Terugbetaald", 1, Decimal("100.00")],
        ["Kwijtgescholden", 1, Decimal("120.00")],
        ["Openstaand op de peildatum", 1, Decimal("200.00")],
    ]
    rows = report_json(report)["tables"][LENINGEN]["rows"]
    assert rows[0] == ["Verstrekt", 2, "420.00"]  # amounts as text with two decimals


def test_per_funder_and_year_by_share_of_the_deposits_in_whole_cents():
    Storting.objects.create(datum=D(2023, 5, 1), bedrag=Decimal("200.00"), fondsgever="Fonds A")
    Storting.objects.create(datum=D(2024, 2, 1), bedrag=Decimal("100.00"), fondsgever="Fonds B")
    aanvraag(status="toegekend", toegekend_bedrag=Decimal("100.00"), besloten_op=D(2024, 4, 1))
    lening(Decimal("30.00"), D(2024, 5, 1))
    Aflossing.objects.create(
        lening=Lening.objects.get(), datum=D(2024, 6, 1), bedrag=Decimal("10.00")
    )

    table = tables().tables[FONDSGEVERS]

    assert table["columns"] == ["Gestort", "Gift", "Lening", "Terugbetaald"]
    # 2024: A has 200 of 300 deposited by the end of the year, B 100 of 300; 100.00 as a gift
    # is 66.67 + 33.33 (largest remainder), the loan 20 + 10, the repayment 6.67 + 3.33
    assert table["rows"] == [
        ["2023 Fonds A", Decimal("200.00"), Decimal("0.00"), Decimal("0.00"), Decimal("0.00")],
        ["2024 Fonds A", Decimal("0.00"), Decimal("66.67"), Decimal("20.00"), Decimal("6.67")],
        ["2024 Fonds B", Decimal("100.00"), Decimal("33.33"), Decimal("10.00"), Decimal("3.33")],
        ["Totaal", Decimal("300.00"), Decimal("100.00"), Decimal("30.00"), Decimal("10.00")],
    ]
    assert "naar hun aandeel in alle stortingen" in table_notes()[FONDSGEVERS]


def test_the_split_always_adds_up_to_the_cent():
    aandelen = {"A": Decimal(1), "B": Decimal(1), "C": Decimal(1)}
    assert verdeel(Decimal("100.00"), aandelen) == {
        "A": Decimal("33.34"),
        "B": Decimal("33.33"),
        "C": Decimal("33.33"),
    }
    assert verdeel(Decimal("5.00"), {}) == {"Geen fondsgever": Decimal("5.00")}
