import datetime

import pytest
from django.core.exceptions import ValidationError

from hulpvragen import selectors, services
from hulpvragen.choices import ContactSoort, DoorverwijzingSoort, Soort, Status, UitkomstCategorie
from hulpvragen.models import Huishouden, Hulpvraag, StatusWijziging, Toestemming
from tests.factories import HuishoudenFactory, PilotFactory
from tests.hulpvragen.conftest import INTAKE, days_ago, first_hulpvraag, make_household, today

D = datetime.date


def test_register_intake_creates_household_person_consent_and_first_status(vp_a):
    hh = make_household(vp_a, naam="Anna")

    hv = first_hulpvraag(hh)
    assert hh.referentie == "HH-2021-0001"
    assert hh.vertrouwenspersoon == vp_a and hh.organisatie == vp_a.organisatie
    assert [p.naam for p in hh.personen.all()] == ["Anna"]
    assert hh.personen.get().is_hoofdpersoon
    assert Toestemming.objects.get(huishouden=hh).datum == INTAKE
    assert hv.status == Status.NOG_IN_BEHANDELING and hv.vertrouwenspersoon == vp_a
    assert [t.naam for t in hv.themas.all()] == ["Schulden"]
    assert list(hv.statushistorie.values_list("van", "naar", "datum")) == [
        ("", Status.NOG_IN_BEHANDELING, INTAKE)
    ]


def test_register_intake_picks_the_pilot_whose_dates_hold_the_intake(vp_a):
    pilot = PilotFactory(naam="Pilot 2", startdatum=D(2020, 11, 1), einddatum=D(2021, 8, 31))

    hh = make_household(vp_a, intake=D(2021, 2, 1))
    outside = make_household(vp_a, intake=D(2021, 10, 1))

    assert first_hulpvraag(hh).pilot == pilot
    assert first_hulpvraag(outside).pilot is None


def test_next_referentie_counts_per_year_and_skips_foreign_formats(db):
    HuishoudenFactory(referentie="HH-2021-0007")
    HuishoudenFactory(referentie="HH-2021-oud")
    HuishoudenFactory(referentie="HH-2020-0042")

    assert services.next_referentie(jaar=2021) == "HH-2021-0008"
    assert services.next_referentie(jaar=2020) == "HH-2020-0043"
    assert services.next_referentie(jaar=2019) == "HH-2019-0001"


def test_register_intake_refuses_trusted_person_of_another_organisation(vp_a, org_b):
    with pytest.raises(ValidationError) as exc:
        services.register_intake(
            huishouden={"woonplaats": "oost"},
            hulpvrager={"naam": "X"},
            hulpvraag={"intake_datum": INTAKE, "soort": Soort.SOCIAAL},
            themas=[],
            toestemming_datum=INTAKE,
            vertrouwenspersoon=vp_a,
            organisatie=org_b,
        )

    assert "vertrouwenspersoon" in exc.value.message_dict
    assert not Huishouden.objects.exists()


def test_change_status_writes_history_and_updates_the_help_request(hv_a, coordinator):
    services.change_status(
        hulpvraag=hv_a, naar=Status.BIJ_FORMEEL, datum=D(2021, 2, 1), door=coordinator
    )
    services.change_status(
        hulpvraag=hv_a,
        naar=Status.AFGEROND,
        datum=D(2021, 3, 5),
        uitkomst="Schulden geregeld",
        uitkomst_categorie="opgelost",
    )

    hv_a.refresh_from_db()
    assert hv_a.status == Status.AFGEROND
    assert hv_a.datum_afgerond == D(2021, 3, 5)
    assert hv_a.uitkomst == "Schulden geregeld"
    assert list(hv_a.statushistorie.values_list("van", "naar", "datum", "door")) == [
        ("", Status.NOG_IN_BEHANDELING, INTAKE, None),
        (Status.NOG_IN_BEHANDELING, Status.BIJ_FORMEEL, D(2021, 2, 1), coordinator.pk),
        (Status.BIJ_FORMEEL, Status.AFGEROND, D(2021, 3, 5), None),
    ]


def test_change_status_defaults_to_today_and_reopening_clears_the_closing_date(hv_a):
    services.change_status(
        hulpvraag=hv_a, naar=Status.AFGEROND, uitkomst="klaar", uitkomst_categorie="opgelost"
    )
    services.change_status(hulpvraag=hv_a, naar=Status.NOG_IN_BEHANDELING)

    hv_a.refresh_from_db()
    assert hv_a.status == Status.NOG_IN_BEHANDELING and hv_a.datum_afgerond is None
    assert hv_a.statushistorie.order_by("-pk").first().datum == today()


@pytest.mark.parametrize(
    "naar, datum, message",
    [
        (Status.AFGEROND, lambda: today() + datetime.timedelta(days=1), "in de toekomst"),
        (Status.AFGEROND, lambda: INTAKE - datetime.timedelta(days=1), "vóór de aanmelding"),
        (Status.NOG_IN_BEHANDELING, lambda: today(), "heeft deze status al"),
        ("verzonnen", lambda: today(), "Onbekende status"),
    ],
)
def test_change_status_refuses_bad_input_and_stores_nothing(hv_a, naar, datum, message):
    with pytest.raises(ValidationError, match=message):
        services.change_status(hulpvraag=hv_a, naar=naar, datum=datum())

    hv_a.refresh_from_db()
    assert hv_a.status == Status.NOG_IN_BEHANDELING
    assert hv_a.statushistorie.count() == 1


def test_closing_without_an_outcome_is_refused_and_stores_nothing(hv_a):
    with pytest.raises(ValidationError, match="Beschrijf de uitkomst bij het afronden"):
        services.change_status(hulpvraag=hv_a, naar=Status.AFGEROND, uitkomst="  ")

    hv_a.refresh_from_db()
    assert hv_a.status == Status.NOG_IN_BEHANDELING
    assert hv_a.statushistorie.count() == 1


def test_closing_records_the_outcome_category_on_the_help_request_and_its_closing(hv_a):
    services.change_status(hulpvraag=hv_a, naar=Status.BIJ_FORMEEL, datum=D(2021, 2, 1))
    services.change_status(
        hulpvraag=hv_a,
        naar=Status.AFGEROND,
        datum=D(2021, 3, 1),
        uitkomst="Schulden geregeld",
        uitkomst_categorie=UitkomstCategorie.DEELS_OPGELOST,
    )

    hv_a.refresh_from_db()
    assert hv_a.uitkomst_categorie == UitkomstCategorie.DEELS_OPGELOST
    assert list(hv_a.statushistorie.values_list("naar", "uitkomst_categorie")) == [
        (Status.NOG_IN_BEHANDELING, ""),
        (Status.BIJ_FORMEEL, ""),
        (Status.AFGEROND, UitkomstCategorie.DEELS_OPGELOST),
    ]


def test_closing_without_an_outcome_category_is_refused_and_stores_nothing(hv_a):
    with pytest.raises(ValidationError) as exc:
        services.change_status(hulpvraag=hv_a, naar=Status.AFGEROND, uitkomst="Geregeld")

    assert exc.value.message_dict == {
        "uitkomst_categorie": ["Kies bij het afronden de soort uitkomst."]
    }
    hv_a.refresh_from_db()
    assert hv_a.status == Status.NOG_IN_BEHANDELING and hv_a.statushistorie.count() == 1


def test_an_unknown_outcome_category_is_refused(hv_a):
    with pytest.raises(ValidationError, match="Onbekende soort uitkomst"):
        services.change_status(
            hulpvraag=hv_a, naar=Status.AFGEROND, uitkomst="x", uitkomst_categorie="prima"
        )

    assert hv_a.statushistorie.count() == 1


def test_reclosing_keeps_the_earlier_outcome_unless_a_new_one_is_given(hv_a):
    services.change_status(
        hulpvraag=hv_a, naar=Status.AFGEROND, datum=D(2021, 2, 1), uitkomst="x",
        uitkomst_categorie=UitkomstCategorie.NIET_BEREIKBAAR,
    )  # fmt: skip
    services.change_status(hulpvraag=hv_a, naar=Status.NOG_IN_BEHANDELING, datum=D(2021, 3, 1))
    services.change_status(hulpvraag=hv_a, naar=Status.AFGEROND, datum=D(2021, 4, 1))

    closings = hv_a.statushistorie.filter(naar=Status.AFGEROND)
    assert list(closings.values_list("uitkomst_categorie", flat=True)) == [
        UitkomstCategorie.NIET_BEREIKBAAR,
        UitkomstCategorie.NIET_BEREIKBAAR,
    ]
    reopened = hv_a.statushistorie.get(naar=Status.NOG_IN_BEHANDELING, datum=D(2021, 3, 1))
    assert reopened.uitkomst_categorie == ""


def test_change_status_refuses_a_date_before_the_latest_change(hv_a):
    services.change_status(hulpvraag=hv_a, naar=Status.BIJ_FORMEEL, datum=D(2021, 3, 1))

    with pytest.raises(ValidationError, match="laatste statuswijziging"):
        services.change_status(hulpvraag=hv_a, naar=Status.AFGEROND, datum=D(2021, 2, 1))

    assert hv_a.statushistorie.count() == 2


def test_status_history_reconstructs_the_status_on_every_date(hv_a):
    services.change_status(hulpvraag=hv_a, naar=Status.BIJ_FORMEEL, datum=D(2021, 2, 1))
    services.change_status(
        hulpvraag=hv_a,
        naar=Status.AFGEROND,
        datum=D(2021, 3, 1),
        uitkomst="ok",
        uitkomst_categorie="opgelost",
    )
    services.change_status(hulpvraag=hv_a, naar=Status.NOG_IN_BEHANDELING, datum=D(2021, 3, 1))
    services.change_status(hulpvraag=hv_a, naar=Status.AFGEROND, datum=D(2021, 6, 30))

    expected = {
        D(2021, 1, 10): None,
        D(2021, 1, 11): Status.NOG_IN_BEHANDELING,
        D(2021, 1, 31): Status.NOG_IN_BEHANDELING,
        D(2021, 2, 1): Status.BIJ_FORMEEL,
        D(2021, 2, 28): Status.BIJ_FORMEEL,
        # two changes on one day: the later one (higher id) counts
        D(2021, 3, 1): Status.NOG_IN_BEHANDELING,
        D(2021, 6, 29): Status.NOG_IN_BEHANDELING,
        D(2021, 6, 30): Status.AFGEROND,
        D(2025, 1, 1): Status.AFGEROND,
    }
    assert {d: selectors.status_of(hv_a, d) for d in expected} == expected
    qs = selectors.status_on(Hulpvraag.objects.filter(pk=hv_a.pk), D(2021, 2, 15))
    assert qs.get().status_op == Status.BIJ_FORMEEL


def test_status_on_reads_many_help_requests_in_one_query(vp_a, django_assert_num_queries):
    hvs = [first_hulpvraag(make_household(vp_a, naam=f"P{i}")) for i in range(3)]
    services.change_status(
        hulpvraag=hvs[1],
        naar=Status.AFGEROND,
        datum=D(2021, 2, 1),
        uitkomst="ok",
        uitkomst_categorie="opgelost",
    )

    with django_assert_num_queries(1):
        result = dict(
            selectors.status_on(Hulpvraag.objects.all(), D(2021, 2, 1)).values_list(
                "pk", "status_op"
            )
        )

    assert result == {
        hvs[0].pk: Status.NOG_IN_BEHANDELING,
        hvs[1].pk: Status.AFGEROND,
        hvs[2].pk: Status.NOG_IN_BEHANDELING,
    }


def test_update_hulpvraag_moves_the_initial_status_entry_with_the_intake(hv_a):
    services.update_hulpvraag(hulpvraag=hv_a, data={"intake_datum": D(2021, 1, 5)})

    assert hv_a.statushistorie.get().datum == D(2021, 1, 5)


def test_update_hulpvraag_refuses_an_intake_after_a_later_change(hv_a):
    services.change_status(hulpvraag=hv_a, naar=Status.BIJ_FORMEEL, datum=D(2021, 2, 1))

    with pytest.raises(ValidationError, match="latere statuswijziging"):
        services.update_hulpvraag(hulpvraag=hv_a, data={"intake_datum": D(2021, 2, 2)})

    hv_a.refresh_from_db()
    assert hv_a.intake_datum == INTAKE


def test_update_hulpvraag_refuses_an_intake_after_a_referral(hv_a, org_b):
    """The report counts a window's formal involvement from the referrals dated inside it: no
    referral may end up before its help request's intake."""
    services.record_doorverwijzing(
        hulpvraag=hv_a,
        organisatie=org_b,
        soort=DoorverwijzingSoort.ADVIES,
        datum=D(2021, 2, 1),
        toestemming_vastleggen=True,
    )

    with pytest.raises(ValidationError, match="doorverwijzing liggen"):
        services.update_hulpvraag(hulpvraag=hv_a, data={"intake_datum": D(2021, 2, 2)})
    services.update_hulpvraag(hulpvraag=hv_a, data={"intake_datum": D(2021, 2, 1)})

    hv_a.refresh_from_db()
    assert hv_a.intake_datum == D(2021, 2, 1)


def test_log_contact_sets_the_follow_up_date_and_refuses_dates_before_intake(hv_a, vp_a):
    services.log_contact(
        hulpvraag=hv_a,
        soort=ContactSoort.TELEFONISCH,
        notitie="gebeld",
        door=vp_a.user,
        nazorg_datum=today() + datetime.timedelta(days=300),
    )
    with pytest.raises(ValidationError, match="vóór de aanmelding"):
        services.log_contact(hulpvraag=hv_a, soort=ContactSoort.HUISBEZOEK, datum=D(2020, 1, 1))

    assert list(hv_a.contactmomenten.values_list("datum", "notitie")) == [(today(), "gebeld")]
    hv_a.refresh_from_db()
    assert hv_a.nazorg_datum == today() + datetime.timedelta(days=300)


def test_referral_outcome_cannot_predate_the_referral(hv_a, org_b):
    verwijzing = services.record_doorverwijzing(
        hulpvraag=hv_a,
        organisatie=org_b,
        soort=DoorverwijzingSoort.ADVIES,
        datum=days_ago(10),
        toestemming_vastleggen=True,
    )

    with pytest.raises(ValidationError, match="vóór de doorverwijzing"):
        services.record_doorverwijzing_uitkomst(
            doorverwijzing=verwijzing, uitkomst="ok", uitkomst_datum=days_ago(11)
        )
    services.record_doorverwijzing_uitkomst(doorverwijzing=verwijzing, uitkomst="Afspraak gemaakt")

    verwijzing.refresh_from_db()
    assert (verwijzing.uitkomst, verwijzing.uitkomst_datum) == ("Afspraak gemaakt", today())


def test_update_huishouden_without_reassign_keeps_the_assignment(hh_a, vp_b):
    services.update_huishouden(
        huishouden=hh_a,
        data={"aantal_kinderen": 3, "vertrouwenspersoon": vp_b, "organisatie": vp_b.organisatie},
        may_reassign=False,
    )

    hh_a.refresh_from_db()
    assert hh_a.aantal_kinderen == 3
    assert hh_a.vertrouwenspersoon.naam == "VP A"


def test_update_huishouden_reassign_moves_open_help_requests(hh_a, hv_a, vp_b):
    services.update_huishouden(
        huishouden=hh_a, data={"vertrouwenspersoon": vp_b, "organisatie": None}, may_reassign=True
    )

    hh_a.refresh_from_db()
    hv_a.refresh_from_db()
    assert hh_a.vertrouwenspersoon == vp_b and hh_a.organisatie == vp_b.organisatie
    assert hv_a.vertrouwenspersoon == vp_b


def test_every_new_help_request_gets_its_initial_history_entry(hh_a):
    person = services.add_hulpvrager(huishouden=hh_a, naam="Kind", geboortejaar=2005)

    hv = services.add_hulpvraag(
        huishouden=hh_a, hulpvrager=person, intake_datum=D(2021, 4, 1), soort=Soort.SOCIAAL
    )

    assert not person.is_hoofdpersoon
    assert list(StatusWijziging.objects.filter(hulpvraag=hv).values_list("naar", "datum")) == [
        (Status.NOG_IN_BEHANDELING, D(2021, 4, 1))
    ]


def test_register_intake_keeps_a_given_reference_and_refuses_a_duplicate(vp_a):
    kwargs = {
        "huishouden": {"woonplaats": "oost"},
        "hulpvrager": {"naam": "X"},
        "hulpvraag": {"intake_datum": INTAKE, "soort": Soort.SOCIAAL},
        "themas": [],
        "toestemming_datum": INTAKE,
        "referentie": "HH-2019-0042",
    }
    hh = services.register_intake(**kwargs)

    with pytest.raises(ValidationError, match="bestaat al"):
        services.register_intake(**kwargs)

    assert hh.referentie == "HH-2019-0042"
    assert Huishouden.objects.count() == 1 and Hulpvraag.objects.count() == 1


# --- the guard against a forged (re)assignment ----------------------------------------------------


def test_orgcoordinator_cannot_hand_a_household_to_another_organisations_trusted_person(
    hh_a, vp_b, orgcoordinator
):
    with pytest.raises(ValidationError) as exc:
        services.update_huishouden(
            huishouden=hh_a,
            data={"vertrouwenspersoon": vp_b, "organisatie": vp_b.organisatie},
            may_reassign=True,
            door=orgcoordinator,
        )

    assert "vertrouwenspersoon" in exc.value.message_dict
    hh_a.refresh_from_db()
    assert hh_a.vertrouwenspersoon.naam == "VP A"


def test_orgcoordinator_intake_with_another_organisations_trusted_person_stores_nothing(
    vp_a, vp_b, orgcoordinator
):
    with pytest.raises(ValidationError) as exc:
        services.register_intake(
            huishouden={"woonplaats": "oost"},
            hulpvrager={"naam": "X"},
            hulpvraag={"intake_datum": INTAKE, "soort": Soort.SOCIAAL},
            themas=[],
            toestemming_datum=INTAKE,
            vertrouwenspersoon=vp_b,
            organisatie=vp_a.organisatie,
            door=orgcoordinator,
        )

    assert "vertrouwenspersoon" in exc.value.message_dict
    assert not Huishouden.objects.exists()


def test_coordinator_cannot_assign_an_organisation_that_is_no_partner(hh_a, coordinator, org_b):
    org_b.partner = False
    org_b.save()

    with pytest.raises(ValidationError) as exc:
        services.update_huishouden(
            huishouden=hh_a,
            data={"vertrouwenspersoon": None, "organisatie": org_b},
            may_reassign=True,
            door=coordinator,
        )

    assert "organisatie" in exc.value.message_dict


def test_coordinator_reassigns_within_scope_and_keeps_a_current_non_partner(
    hh_a, hv_a, vp_a, vp_b, coordinator
):
    vp_a.organisatie.partner = False
    vp_a.organisatie.save()
    vp_b.organisatie.partner = True
    vp_b.organisatie.save()

    services.update_huishouden(
        huishouden=hh_a,
        data={"aantal_kinderen": 1, "vertrouwenspersoon": vp_a, "organisatie": vp_a.organisatie},
        may_reassign=True,
        door=coordinator,
    )
    services.update_huishouden(
        huishouden=hh_a,
        data={"vertrouwenspersoon": vp_b, "organisatie": vp_b.organisatie},
        may_reassign=True,
        door=coordinator,
    )

    hh_a.refresh_from_db()
    assert hh_a.vertrouwenspersoon == vp_b and hh_a.aantal_kinderen == 1
