import copy
import datetime
import random
import re

import pytest
from django.db.models import Count

from demo import seed
from hulpvragen.choices import Status
from hulpvragen.models import Huishouden, Hulpvraag, Hulpvrager, StatusWijziging
from netwerk.models import Pilot
from noodfonds.choices import AanvraagStatus
from noodfonds.models import Aanvraag
from rapportage.report import build_report, report_json
from rapportage.report.categories import LEEFTIJD, SEKSE, STATUS, TYPE_VRAAG
from tests.factories import PilotFactory, VertrouwenspersoonFactory
from tests.rapportage.conftest import PEILDATUM, corrected_tables, seed_file, seed_tables_of

D = datetime.date


def test_corrections_are_the_ones_the_seed_file_names():
    text = seed_file()["known_errors_in_source"][-1]

    assert "40 t/m 60 jaar = 28 (Totaal 39)" in text
    assert "Terugkerend = 50 (Totaal 50)" in text


def test_load_tables_resolves_the_known_errors_like_the_file_says():
    data = seed.load_tables()

    assert {**data["hulpvragen"], **data["noodfonds"]} == corrected_tables()


def test_generator_refuses_the_uncorrected_source_tables():
    data = seed.load_tables(corrected=False)

    with pytest.raises(ValueError, match="66"):
        seed.hulpvraag_specs(data["hulpvragen"], random.Random(1))


def test_specs_have_exactly_the_marginals_of_the_tables():
    tables = seed.load_tables()["hulpvragen"]

    specs = seed.hulpvraag_specs(tables, random.Random(7))

    pilot2 = [s for s in specs if s.pilot == "Pilot 2"]
    assert len(specs) == 121 and len(pilot2) == 65
    assert sum(1 for s in pilot2 if s.leeftijd == (40, 59)) == 28
    assert sum(1 for s in pilot2 if s.terugkerend == "terugkerend") == 50
    assert sum(1 for s in pilot2 if s.status == Status.AFGEROND) == 25
    assert all(s.terugkerend == "" for s in specs if s.pilot == "Pilot 1")


def test_specs_are_deterministic_for_the_same_random_generator():
    tables = seed.load_tables()["hulpvragen"]

    first = seed.hulpvraag_specs(tables, random.Random(2021))
    second = seed.hulpvraag_specs(tables, random.Random(2021))

    assert first == second


def test_seed_report_equals_the_seed_tables(seeded, expected_tables):
    built = build_report(user=None, peildatum=PEILDATUM)

    assert seed_tables_of(report_json(built)["tables"]) == expected_tables


def test_seed_builds_pilots_with_the_seed_targets(seeded):
    pilots = list(Pilot.objects.order_by("startdatum").values_list("naam", "taakstelling"))

    assert pilots == [("Pilot 1", 40), ("Pilot 2", 40)]
    assert [p.naam for p in seeded["pilots"]] == ["Pilot 1", "Pilot 2"]


def test_seed_ages_follow_intake_year_minus_birth_year(seeded):
    p1_unknown = Hulpvraag.objects.filter(
        pilot__naam="Pilot 1", hulpvrager__geboortejaar__isnull=True
    )

    assert p1_unknown.count() == 27
    for hv in Hulpvraag.objects.select_related("hulpvrager").exclude(
        hulpvrager__geboortejaar__isnull=True
    ):
        assert 16 <= hv.intake_datum.year - hv.hulpvrager.geboortejaar <= 93


def test_seed_shares_households_and_persons(seeded):
    per_household = Huishouden.objects.annotate(
        n=Count("hulpvragen", distinct=True), p=Count("personen", distinct=True)
    )

    assert per_household.filter(n__gte=2).exists()
    assert per_household.filter(p__gte=2).exists()
    assert Hulpvrager.objects.annotate(n=Count("hulpvragen")).filter(n__gte=2).exists()
    assert Huishouden.objects.count() < 121
    assert all(re.fullmatch(r"HH-\d{4}-\d{4}", h.referentie) for h in Huishouden.objects.all())


def test_seed_status_histories_are_ordered_and_end_in_the_current_status(seeded):
    for hv in Hulpvraag.objects.prefetch_related("statushistorie"):
        history = sorted(hv.statushistorie.all(), key=lambda w: (w.datum, w.pk))
        assert history[0].naar == Status.NOG_IN_BEHANDELING
        assert history[0].datum == hv.intake_datum
        assert history[-1].naar == hv.status
        assert (hv.datum_afgerond is not None) == (hv.status == Status.AFGEROND)


def test_seed_has_status_changes_after_the_peildatum(seeded):
    later = StatusWijziging.objects.filter(datum__gt=PEILDATUM)
    moved_on = Hulpvraag.objects.filter(statushistorie__in=later).distinct()

    assert later.count() >= 10
    assert moved_on.filter(status=Status.AFGEROND).exists()
    assert Hulpvraag.objects.filter(statushistorie__naar=Status.BIJ_FORMEEL).exists()


def test_seed_gives_vp1_and_vp2_households(seeded):
    for key in ("vp1", "vp2"):
        vp = seeded[key]
        households = Huishouden.objects.filter(vertrouwenspersoon=vp)
        assert households.exists()
        assert all(h.organisatie_id == vp.organisatie_id for h in households)


def test_seed_fund_applications(seeded):
    aanvragen = Aanvraag.objects.all()

    assert aanvragen.count() == 50 == len(seeded["aanvragen"])
    assert set(aanvragen.values_list("status", flat=True)) == {AanvraagStatus.INGEDIEND}
    dates = aanvragen.values_list("ingediend_op", flat=True)
    assert min(dates) >= D(2020, 11, 1) and max(dates) <= PEILDATUM
    via = aanvragen.filter(vertrouwenspersoon__isnull=False)
    assert 0.8 <= via.count() / 50 <= 0.9
    assert all(a.organisatie_id == a.vertrouwenspersoon.organisatie_id for a in via)
    assert via.values("vertrouwenspersoon").distinct().count() > 5
    assert aanvragen.filter(vertrouwenspersoon=seeded["vp1"]).exists()
    assert aanvragen.values("organisatie").distinct().count() >= len(seeded["partners"])
    assert all(
        re.fullmatch(r"NF-\d{4}-\d{4}", r) for r in aanvragen.values_list("referentie", flat=True)
    )
    assert all(a.huishouden.woonplaats == a.woonplaats for a in aanvragen.exclude(huishouden=None))


def test_generator_takes_other_distributions(db):
    tables = copy.deepcopy(seed.load_tables()["hulpvragen"])
    small = {
        LEEFTIJD: [["1 t/m 20 jaar", 1, 1], ["20 t/m 40 jaar", 0, 0], ["40 t/m 60 jaar", 0, 0],
                   ["60 t/m 80 jaar", 0, 0], ["80+", 2, 2], ["Onbekend", 0, 0], ["Totaal", 3, 3]],
        SEKSE: [["Man", 0, 0], ["Vrouw", 1, 1], ["Anders", 2, 2], ["Totaal", 3, 3]],
        STATUS: [["Nog in behandeling", 1, 1], ["In behandeling bij formeel", 1, 1],
                 ["Afgerond", 1, 1], ["Totaal", 3, 3]],
        TYPE_VRAAG: [[tables[TYPE_VRAAG]["rows"][0][0], 3, 3],
                     [tables[TYPE_VRAAG]["rows"][1][0], 0, 0],
                     ["Sociaal en praktisch", 0, 0], ["Terugkerend", 2, 2],
                     ["Eenmalig", 0, 0], ["Totaal", 3, 3]],
    }  # fmt: skip
    custom = {
        title: {"columns": ["Pilot X", "Totaal"], "rows": rows} for title, rows in small.items()
    }
    pilot = PilotFactory(naam="Pilot X", startdatum=D(2020, 1, 1), einddatum=D(2020, 12, 31))
    vp = VertrouwenspersoonFactory()

    seed.build_hulpvragen(
        seed.hulpvraag_specs(custom, random.Random(3)),
        pilots={"Pilot X": pilot},
        vertrouwenspersonen=[vp],
        rng=random.Random(3),
    )
    built = build_report(user=None, peildatum=PEILDATUM)

    assert built.tables[LEEFTIJD]["rows"][0] == ["1 t/m 20 jaar", 1, 1]
    assert built.tables[SEKSE]["rows"] == [
        ["Man", 0, 0], ["Vrouw", 1, 1], ["Anders", 2, 2], ["Totaal", 3, 3]
    ]  # fmt: skip
    assert built.tables[TYPE_VRAAG]["rows"][3:5] == [
        ["Terugkerend", 2, 2],
        ["Eenmalig", 0, 0],
    ]
