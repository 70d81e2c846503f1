"""The casework rules as single functions (used by forms, services and the workbook) and the
many-at-once services the registration workbook writes through."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hulpvragen import services
from hulpvragen.choices import Geslacht, Soort, Status, ToestemmingScope, Woonplaats
from hulpvragen.models import (
    MIN_GEBOORTEJAAR,
    Doorverwijzing,
    Huishouden,
    Hulpvraag,
    Hulpvrager,
    StatusWijziging,
    Thema,
)
from tests.hulpvragen.conftest import INTAKE, days_ago, today

D = datetime.date


def codes(exc_info, field):
    return [error.code for error in exc_info.value.error_dict[field]]


@pytest.mark.parametrize("jaar", [None, MIN_GEBOORTEJAAR, today().year])
def test_birth_years_in_the_range_pass(jaar):
    services.validate_geboortejaar(jaar)


@pytest.mark.parametrize("jaar", [MIN_GEBOORTEJAAR - 1, today().year + 1])
def test_birth_years_outside_the_range_are_refused_with_the_range(jaar):
    with pytest.raises(ValidationError) as exc_info:
        services.validate_geboortejaar(jaar)

    laagste, hoogste = services.geboortejaar_bereik()
    assert exc_info.value.message_dict == {
        "geboortejaar": [f"Het geboortejaar moet tussen {laagste} en {hoogste} liggen."]
    }
    assert codes(exc_info, "geboortejaar") == ["geboortejaar"]


def test_an_intake_date_in_the_future_is_refused():
    services.validate_intake_datum(today())

    with pytest.raises(ValidationError) as exc_info:
        services.validate_intake_datum(today() + datetime.timedelta(days=1))

    assert exc_info.value.message_dict == {
        "intake_datum": ["De datum van aanmelding ligt in de toekomst."]
    }


@pytest.mark.parametrize(
    ("datum", "vorige", "code"),
    [
        (today() + datetime.timedelta(days=1), None, "toekomst"),
        (D(2021, 1, 10), None, "voor_aanmelding"),
        (D(2021, 2, 1), D(2021, 3, 1), "voor_vorige"),
    ],
)
def test_a_status_date_keeps_the_history_in_order(datum, vorige, code):
    services.validate_status_datum(D(2021, 3, 1), intake_datum=INTAKE, vorige=D(2021, 3, 1))

    with pytest.raises(ValidationError) as exc_info:
        services.validate_status_datum(datum, intake_datum=INTAKE, vorige=vorige)

    assert codes(exc_info, "datum") == [code]


def test_change_status_refuses_by_the_same_rule(hv_a):
    with pytest.raises(ValidationError) as exc_info:
        services.change_status(hulpvraag=hv_a, naar=Status.BIJ_FORMEEL, datum=D(2021, 1, 1))

    assert codes(exc_info, "datum") == ["voor_aanmelding"]


# -- many at once -------------------------------------------------------------------------------


def new_households(*refs):
    return services.register_huishoudens(
        huishoudens=[{"referentie": ref, "woonplaats": Woonplaats.OOST} for ref in refs]
    )


def hulpvraag_fields(person, **overrides):
    return {
        "huishouden_id": person.huishouden_id,
        "hulpvrager_id": person.pk,
        "pilot_id": None,
        "vertrouwenspersoon_id": None,
        "intake_datum": INTAKE,
        "soort": Soort.PRAKTISCH,
        "terugkerend": "",
        "omschrijving": "",
        "status": Status.NOG_IN_BEHANDELING,
        "datum_afgerond": None,
        "themas": [],
        "historie": [(INTAKE, Status.NOG_IN_BEHANDELING)],
        **overrides,
    }


def test_the_first_person_of_a_new_household_becomes_its_main_person(hh_a):
    (new,) = new_households("HH-NIEUW")

    people = services.register_hulpvragers(
        hulpvragers=[
            {"huishouden_id": new.pk, "naam": "Eerste", "geslacht": Geslacht.VROUW},
            {"huishouden_id": new.pk, "naam": "Tweede", "geslacht": Geslacht.MAN},
            {"huishouden_id": hh_a.pk, "naam": "Erbij", "geslacht": Geslacht.MAN},
        ]
    )

    assert [p.is_hoofdpersoon for p in people] == [True, False, False]
    assert Hulpvrager.objects.filter(huishouden=hh_a, is_hoofdpersoon=True).count() == 1


def test_many_persons_follow_the_birth_year_rule_and_store_nothing_when_one_breaks_it(db):
    (new,) = new_households("HH-NIEUW")

    with pytest.raises(ValidationError):
        services.register_hulpvragers(
            hulpvragers=[
                {"huishouden_id": new.pk, "naam": "Goed", "geboortejaar": 1970},
                {"huishouden_id": new.pk, "naam": "Fout", "geboortejaar": 1850},
            ]
        )

    assert not Hulpvrager.objects.exists()


def test_many_help_requests_get_their_history_themes_and_closing_date(db):
    (new,) = new_households("HH-NIEUW")
    (person,) = services.register_hulpvragers(hulpvragers=[{"huishouden_id": new.pk, "naam": "A"}])
    schulden = Thema.objects.get(naam="Schulden")
    history = [(INTAKE, Status.NOG_IN_BEHANDELING), (D(2021, 3, 1), Status.AFGEROND)]

    count = services.register_hulpvragen(
        hulpvragen=[
            hulpvraag_fields(
                person,
                status=Status.AFGEROND,
                datum_afgerond=D(2021, 3, 1),
                themas=[schulden.pk],
                historie=history,
            ),
            hulpvraag_fields(person, datum_afgerond=D(2021, 3, 1)),
        ]
    )

    assert count == 2
    closed, open_ = Hulpvraag.objects.order_by("pk")
    assert closed.datum_afgerond == D(2021, 3, 1) and list(closed.themas.all()) == [schulden]
    assert open_.datum_afgerond is None  # only a closed help request has a closing date
    assert list(closed.statushistorie.order_by("datum").values_list("van", "naar", "datum")) == [
        ("", Status.NOG_IN_BEHANDELING, INTAKE),
        (Status.NOG_IN_BEHANDELING, Status.AFGEROND, D(2021, 3, 1)),
    ]


@pytest.mark.parametrize(
    "overrides",
    [
        {"intake_datum": days_ago(-1), "historie": [(days_ago(-1), Status.NOG_IN_BEHANDELING)]},
        {"historie": [(D(2021, 1, 1), Status.NOG_IN_BEHANDELING)]},
        {
            "status": Status.AFGEROND,
            "historie": [(D(2021, 3, 1), Status.NOG_IN_BEHANDELING), (INTAKE, Status.AFGEROND)],
        },
    ],
)
def test_many_help_requests_follow_the_date_rules(db, overrides):
    (new,) = new_households("HH-NIEUW")
    (person,) = services.register_hulpvragers(hulpvragers=[{"huishouden_id": new.pk, "naam": "A"}])

    with pytest.raises(ValidationError):
        services.register_hulpvragen(hulpvragen=[hulpvraag_fields(person, **overrides)])

    assert not Hulpvraag.objects.exists() and not StatusWijziging.objects.exists()


def test_an_anonymised_household_takes_no_new_persons_or_help_requests(hh_a):
    Huishouden.objects.filter(pk=hh_a.pk).update(geanonimiseerd_op=timezone.now())
    person = hh_a.personen.get()

    with pytest.raises(ValidationError, match="geanonimiseerd"):
        services.register_hulpvragers(hulpvragers=[{"huishouden_id": hh_a.pk, "naam": "B"}])
    with pytest.raises(ValidationError, match="geanonimiseerd"):
        services.register_hulpvragen(hulpvragen=[hulpvraag_fields(person)])


# -- around the help requests, many at once -----------------------------------------------------


@pytest.mark.parametrize(
    ("datum", "code"),
    [(today() + datetime.timedelta(days=1), "toekomst"), (D(2021, 1, 10), "voor_aanmelding")],
)
def test_a_contact_or_referral_date_is_after_the_intake_and_not_in_the_future(datum, code):
    services.validate_datum_na_aanmelding(INTAKE, intake_datum=INTAKE)

    with pytest.raises(ValidationError) as exc_info:
        services.validate_datum_na_aanmelding(datum, intake_datum=INTAKE)

    assert codes(exc_info, "datum") == [code]


def test_many_referrals_follow_the_referral_rules_and_store_nothing_when_refused(hv_a, org_b):
    good = {
        "hulpvraag_id": hv_a.pk,
        "organisatie_id": org_b.pk,
        "datum": D(2021, 1, 20),
        "soort": "advies",
        "notitie": "",
        "uitkomst": "Geholpen",
        "uitkomst_datum": D(2021, 2, 1),
    }
    refused = [
        {**good, "datum": D(2021, 1, 1)},
        {**good, "uitkomst_datum": D(2021, 1, 19)},
        {**good, "uitkomst": " "},
    ]

    for bad in refused:
        with pytest.raises(ValidationError):
            services.register_doorverwijzingen(doorverwijzingen=[good, bad])
    created = services.register_doorverwijzingen(doorverwijzingen=[good])

    assert [d.pk for d in created] == list(Doorverwijzing.objects.values_list("pk", flat=True))


def test_many_contacts_keep_the_latest_contact_of_their_help_request(hv_a):
    contact = {"hulpvraag_id": hv_a.pk, "soort": "huisbezoek", "minuten": 30, "notitie": ""}

    services.register_contactmomenten(
        contactmomenten=[{**contact, "datum": D(2021, 2, 3)}, {**contact, "datum": D(2021, 1, 20)}]
    )

    hv_a.refresh_from_db()
    assert hv_a.laatste_contact == D(2021, 2, 3)


def test_many_consents_follow_the_consent_rules(hh_a, org_b):
    delen = {
        "huishouden_id": hh_a.pk,
        "datum": D(2021, 1, 20),
        "scope": ToestemmingScope.DELEN,
        "organisatie_id": org_b.pk,
        "ingetrokken_op": None,
    }

    with pytest.raises(ValidationError) as exc_info:
        services.register_toestemmingen(toestemmingen=[{**delen, "organisatie_id": None}])
    assert codes(exc_info, "organisatie") == ["organisatie_nodig"]
    with pytest.raises(ValidationError) as exc_info:
        services.register_toestemmingen(toestemmingen=[{**delen, "ingetrokken_op": D(2021, 1, 1)}])
    assert codes(exc_info, "datum") == ["voor_toestemming"]
    registratie = {**delen, "scope": ToestemmingScope.REGISTRATIE}
    services.register_toestemmingen(toestemmingen=[registratie])

    assert (
        hh_a.toestemmingen.filter(scope=ToestemmingScope.REGISTRATIE, organisatie=None).count() == 2
    )


def test_many_signals_with_their_help_requests_and_later_links(hv_a, hv_b):
    thema = Thema.objects.get(naam="Schulden")

    (signaal,) = services.register_signalen(
        signalen=[
            {
                "datum": D(2021, 2, 1),
                "thema_id": thema.pk,
                "tekst": "Achterstanden",
                "organisatie_id": None,
                "hulpvragen": [hv_a.pk],
            }
        ]
    )
    services.link_signalen(koppelingen=[{"signaal_id": signaal.pk, "hulpvraag_id": hv_b.pk}])

    assert set(signaal.hulpvragen.all()) == {hv_a, hv_b}
    with pytest.raises(ValidationError):
        services.register_signalen(
            signalen=[
                {
                    "datum": today() + datetime.timedelta(days=1),
                    "thema_id": thema.pk,
                    "tekst": "x",
                    "organisatie_id": None,
                }
            ]
        )


def test_the_web_refuses_a_referral_before_the_intake_by_the_same_rule(hv_a, org_b):
    with pytest.raises(ValidationError) as exc_info:
        services.record_doorverwijzing(
            hulpvraag=hv_a,
            organisatie=org_b,
            soort="advies",
            datum=D(2021, 1, 1),
            toestemming_vastleggen=True,
        )

    assert codes(exc_info, "datum") == ["voor_aanmelding"]
