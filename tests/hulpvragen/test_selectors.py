import pytest
from django.test import override_settings

from hulpvragen import selectors, services
from hulpvragen.choices import Status
from hulpvragen.models import Huishouden, Hulpvraag
from tests.hulpvragen.conftest import days_ago, first_hulpvraag, make_household, today


def flags_of(hulpvraag):
    row = selectors.with_flags(Hulpvraag.objects.filter(pk=hulpvraag.pk)).get()
    return {flag for flag in selectors.FLAGS if getattr(row, flag)}


def new(vp, days, **kwargs):
    return first_hulpvraag(make_household(vp, intake=days_ago(days), **kwargs))


@pytest.mark.parametrize("days, flagged", [(0, False), (21, False), (22, True), (400, True)])
def test_without_contact_counts_from_the_intake_when_there_is_no_contact(vp_a, days, flagged):
    hv = new(vp_a, days)

    assert ("zonder_contact" in flags_of(hv)) is flagged


@pytest.mark.parametrize("contact_days, flagged", [(5, False), (21, False), (22, True)])
def test_without_contact_counts_from_the_last_contact(vp_a, contact_days, flagged):
    hv = new(vp_a, 100)
    services.log_contact(hulpvraag=hv, soort="telefonisch", datum=days_ago(90))
    services.log_contact(hulpvraag=hv, soort="telefonisch", datum=days_ago(contact_days))

    assert ("zonder_contact" in flags_of(hv)) is flagged


@override_settings(ZONDER_CONTACT_DAGEN=7)
def test_without_contact_follows_the_setting(vp_a):
    assert flags_of(new(vp_a, 8)) == {"zonder_contact"}


def test_closed_help_request_is_never_without_contact(vp_a):
    hv = new(vp_a, 100)
    services.change_status(
        hulpvraag=hv,
        naar=Status.AFGEROND,
        datum=days_ago(90),
        uitkomst="ok",
        uitkomst_categorie="opgelost",
    )

    assert flags_of(hv) == set()


@pytest.mark.parametrize(
    "nazorg_days, contact_days, flagged",
    [(1, None, True), (1, 0, False), (1, 2, True), (0, None, False), (-5, None, False)],
)
def test_follow_up_date_passed_without_contact_since(vp_a, nazorg_days, contact_days, flagged):
    hv = new(vp_a, 10)
    services.set_nazorg_datum(hulpvraag=hv, datum=days_ago(nazorg_days))
    if contact_days is not None:
        services.log_contact(hulpvraag=hv, soort="huisbezoek", datum=days_ago(contact_days))

    assert ("nazorg_verlopen" in flags_of(hv)) is flagged


@pytest.mark.parametrize("referral_days, flagged", [(14, False), (15, True)])
def test_referral_without_outcome_after_14_days(vp_a, org_b, referral_days, flagged):
    hv = new(vp_a, 30)
    services.record_doorverwijzing(
        hulpvraag=hv,
        organisatie=org_b,
        soort="advies",
        datum=days_ago(referral_days),
        toestemming_vastleggen=True,
    )

    assert ("doorverwijzing_open" in flags_of(hv)) is flagged


def test_referral_with_outcome_is_not_flagged(vp_a, org_b):
    hv = new(vp_a, 30)
    verwijzing = services.record_doorverwijzing(
        hulpvraag=hv,
        organisatie=org_b,
        soort="advies",
        datum=days_ago(20),
        toestemming_vastleggen=True,
    )
    services.record_doorverwijzing_uitkomst(doorverwijzing=verwijzing, uitkomst="Geholpen")

    assert "doorverwijzing_open" not in flags_of(hv)


def test_household_carries_the_flags_of_its_help_requests(vp_a, org_b):
    hh = make_household(vp_a, intake=days_ago(2))
    person = hh.personen.get()
    stalled = services.add_hulpvraag(
        huishouden=hh, hulpvrager=person, intake_datum=days_ago(50), soort="sociaal"
    )
    services.record_doorverwijzing(
        hulpvraag=stalled,
        organisatie=org_b,
        soort="advies",
        datum=days_ago(20),
        toestemming_vastleggen=True,
    )

    row = selectors.with_household_flags(Huishouden.objects.filter(pk=hh.pk)).get()

    assert (row.zonder_contact, row.nazorg_verlopen, row.doorverwijzing_open) == (True, False, True)
    assert (row.aandacht, row.n_open, row.n_gesignaleerd) == (2, 2, 1)
    assert row.hoofdpersoon == "Anna" and row.laatste_intake == days_ago(2)


def test_flag_counts_per_flag_follow_visible_to(vp_a, vp_b, org_b, coordinator, orgcoordinator):
    new(vp_a, 30)  # without contact
    hv = new(vp_a, 5)
    services.set_nazorg_datum(hulpvraag=hv, datum=days_ago(1))
    hv_b = new(vp_b, 40)
    services.record_doorverwijzing(
        hulpvraag=hv_b,
        organisatie=org_b,
        soort="advies",
        datum=days_ago(20),
        toestemming_vastleggen=True,
    )

    everything = selectors.flag_counts(coordinator)
    own = selectors.flag_counts(orgcoordinator)

    assert everything == {
        "open": 3,
        "alle": 3,
        "zonder_contact": 2,
        "nazorg_verlopen": 1,
        "doorverwijzing_open": 1,
    }
    assert own == {
        "open": 2,
        "alle": 2,
        "zonder_contact": 1,
        "nazorg_verlopen": 1,
        "doorverwijzing_open": 0,
    }


def test_caseload_counts_households_with_an_open_help_request_against_the_target(
    vp_a, vp_b, coordinator, orgcoordinator
):
    for i in range(4):
        new(vp_a, 5, naam=f"A{i}")
    closed = new(vp_b, 50)
    services.change_status(
        hulpvraag=closed, naar=Status.AFGEROND, uitkomst="ok", uitkomst_categorie="opgelost"
    )

    rows = {v.naam: v for v in selectors.caseload(coordinator)}

    assert (rows["VP A"].n_huishoudens, rows["VP A"].n_totaal, rows["VP A"].onder_doel) == (
        4,
        4,
        False,
    )
    assert (rows["VP B"].n_huishoudens, rows["VP B"].n_totaal, rows["VP B"].onder_doel) == (
        0,
        1,
        True,
    )
    assert [v.naam for v in selectors.caseload(orgcoordinator)] == ["VP A"]


def test_phone_view_holds_only_own_households_with_something_open_or_flagged(vp_a, vp_b):
    open_hv = new(vp_a, 3, naam="Open")
    done = new(vp_a, 3, naam="Klaar")
    services.change_status(
        hulpvraag=done, naar=Status.AFGEROND, uitkomst="ok", uitkomst_categorie="opgelost"
    )
    new(vp_b, 3, naam="Van B")

    rows = list(selectors.mijn_huishoudens(vp_a.user))

    assert [r.hoofdpersoon for r in rows] == ["Open"]
    assert [h.pk for h in rows[0].vragen] == [open_hv.pk]
    assert selectors.mijn_afgesloten_aantal(vp_a.user) == 1


def test_phone_view_is_empty_for_a_login_without_trusted_person_record(db, users, hh_a):
    from netwerk.models import Vertrouwenspersoon

    Vertrouwenspersoon.objects.filter(user=users["vp_a"]).update(user=None)
    unassigned = make_household(None, naam="Niemand")

    assert list(selectors.mijn_huishoudens(users["vp_a"])) == []
    assert unassigned.vertrouwenspersoon is None


def test_status_of_before_intake_is_none(vp_a):
    hv = new(vp_a, 3)

    assert selectors.status_of(hv, days_ago(4)) is None
    assert selectors.status_of(hv, today()) == Status.NOG_IN_BEHANDELING


# --- the stored date of the last contact ----------------------------------------------------------


def stored_last_contact(hulpvraag):
    return Hulpvraag.objects.values_list("laatste_contact", flat=True).get(pk=hulpvraag.pk)


def test_logging_contacts_keeps_the_latest_date_on_the_help_request(vp_a):
    hv = new(vp_a, 100)
    assert stored_last_contact(hv) is None

    services.log_contact(hulpvraag=hv, soort="telefonisch", datum=days_ago(10))
    services.log_contact(hulpvraag=hv, soort="telefonisch", datum=days_ago(40))  # logged late

    assert stored_last_contact(hv) == days_ago(10)
    assert hv.laatste_contact == days_ago(10)  # the caller's instance is up to date too


def test_an_instance_read_before_a_contact_does_not_write_an_old_date_back(vp_a):
    hv = new(vp_a, 100)
    stale = Hulpvraag.objects.get(pk=hv.pk)
    services.log_contact(hulpvraag=hv, soort="telefonisch", datum=days_ago(3))

    services.update_hulpvraag(hulpvraag=stale, data={"omschrijving": "Aangepast"})

    assert stored_last_contact(hv) == days_ago(3)
    assert "zonder_contact" not in flags_of(hv)


def test_deleting_the_last_contact_brings_back_the_one_before(vp_a):
    hv = new(vp_a, 100)
    services.log_contact(hulpvraag=hv, soort="telefonisch", datum=days_ago(30))
    latest = services.log_contact(hulpvraag=hv, soort="telefonisch", datum=days_ago(2))
    assert "zonder_contact" not in flags_of(hv)

    services.delete_contact(contact=latest)

    assert stored_last_contact(hv) == days_ago(30)
    assert "zonder_contact" in flags_of(hv)


def test_moving_a_contact_keeps_the_stored_date(vp_a):
    hv = new(vp_a, 100)
    services.log_contact(hulpvraag=hv, soort="telefonisch", datum=days_ago(30))
    latest = services.log_contact(hulpvraag=hv, soort="telefonisch", datum=days_ago(2))

    services.update_contact(contact=latest, data={"datum": days_ago(50)})

    assert stored_last_contact(hv) == days_ago(30)


def test_a_save_of_the_help_request_leaves_the_contacts_date_alone(vp_a):
    hv = new(vp_a, 100)
    stale = Hulpvraag.objects.get(pk=hv.pk)
    services.log_contact(hulpvraag=hv, soort="telefonisch", datum=days_ago(3))

    stale.omschrijving = "Via het beheer"
    services.save_hulpvraag(hulpvraag=stale)

    assert stored_last_contact(hv) == days_ago(3)
    assert Hulpvraag.objects.get(pk=hv.pk).omschrijving == "Via het beheer"


def test_household_last_contact_is_the_latest_over_its_help_requests(vp_a):
    hh = make_household(vp_a, intake=days_ago(100))
    first = first_hulpvraag(hh)
    second = services.add_hulpvraag(
        huishouden=hh, hulpvrager=first.hulpvrager, intake_datum=days_ago(50), soort="praktisch"
    )
    services.log_contact(hulpvraag=first, soort="telefonisch", datum=days_ago(20))
    services.log_contact(hulpvraag=second, soort="telefonisch", datum=days_ago(8))

    row = selectors.with_household_flags(Huishouden.objects.filter(pk=hh.pk)).get()

    assert row.laatste_contact == days_ago(8)
