"""Issue 20: casework input has bounds. Every free text a maximum, every number a maximum, every
date a plausible range, a birth year not after the intake: refused in Dutch by the form (the
service's own rule), by the service for any other caller, and by the database for a write that
passes neither; nothing is stored."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from hulpvragen import services
from hulpvragen.choices import ContactSoort, Soort
from hulpvragen.models import Contactmoment, Huishouden, Hulpvraag, Hulpvrager, Toestemming
from samenvooruit.grenzen import NOTITIE, OMSCHRIJVING
from tests.hulpvragen.conftest import INTAKE, today
from tests.hulpvragen.test_views import intake_data

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Huishouden, Hulpvrager, Hulpvraag, Toestemming)]


# --- the intake form -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("aantal_kinderen", "99999999", "Het aantal kinderen kan hoogstens 20 zijn."),
        ("aantal_kinderen", "21", "Het aantal kinderen kan hoogstens 20 zijn."),
        ("intake_datum", "0001-01-01", "De datum van aanmelding kan niet vóór 01-01-2000 liggen."),
        ("intake_datum", "1999-12-31", "De datum van aanmelding kan niet vóór 01-01-2000 liggen."),
        ("intake_datum", "9999-12-31", "De datum van aanmelding ligt in de toekomst."),
        (
            "toestemming_datum",
            "0001-01-01",
            "De toestemmingsdatum kan niet vóór 01-01-2000 liggen.",
        ),
        ("nazorg_datum", "9999-12-31", "De opvolgdatum kan niet na"),
        ("nazorg_datum", "0001-01-01", "De opvolgdatum kan niet vóór 01-01-2000 liggen."),
        ("omschrijving", "o" * (OMSCHRIJVING + 1), "niet meer dan 5000 tekens"),
    ],
)
def test_the_intake_refuses_what_is_out_of_bounds(client, coordinator, field, value, message):
    client.force_login(coordinator)
    before = counts()

    response = client.post(reverse("hulpvragen:intake"), intake_data(**{field: value}))

    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert counts() == before


def test_the_intake_refuses_a_birth_year_after_the_intake_year(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("hulpvragen:intake"),
        intake_data(intake_datum="2021-01-11", geboortejaar="2022", toestemming_datum="2021-01-11"),
    )

    assert response.context["form"].errors["geboortejaar"] == [
        "Het geboortejaar (2022) ligt na het jaar van aanmelding (2021)."
    ]
    assert counts() == [0, 0, 0, 0]


def test_a_follow_up_date_within_two_years_is_fine(client, coordinator):
    client.force_login(coordinator)
    follow_up = today() + datetime.timedelta(days=700)

    response = client.post(
        reverse("hulpvragen:intake"), intake_data(nazorg_datum=follow_up.isoformat())
    )

    assert response.status_code == 302
    assert Hulpvraag.objects.get().nazorg_datum == follow_up


# --- other forms of a household ----------------------------------------------------------------


def test_a_household_note_longer_than_its_maximum_is_refused(client, coordinator, hh_a):
    client.force_login(coordinator)
    data = {
        "woonplaats": "oost",
        "samenstelling": "alleenstaand",
        "aantal_kinderen": "0",
        "inkomsten": "uitkering",
        "contact_formeel": "nee",
        "binnenkomst": "zelf",
        "notitie": "n" * (NOTITIE + 1),
    }

    response = client.post(reverse("hulpvragen:huishouden_edit", args=[hh_a.referentie]), data)

    assert response.status_code == 200
    assert "notitie" in response.context["form"].errors
    hh_a.refresh_from_db()
    assert hh_a.notitie == ""


def test_a_contact_of_more_than_a_day_is_refused(client, vp_a, hv_a):
    client.force_login(vp_a.user)

    response = client.post(
        reverse("hulpvragen:hulpvraag_contact", args=[hv_a.uuid]),
        {"soort": ContactSoort.TELEFONISCH, "minuten": "99999", "notitie": "gebeld"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["minuten"] == [
        "Het aantal minuten kan hoogstens 1.440 zijn."
    ]
    assert not Contactmoment.objects.exists()


def test_a_follow_up_date_far_ahead_is_refused_on_the_detail_page(client, vp_a, hv_a):
    client.force_login(vp_a.user)

    client.post(
        reverse("hulpvragen:hulpvraag_nazorg", args=[hv_a.uuid]), {"nazorg_datum": "9999-12-31"}
    )

    hv_a.refresh_from_db()
    assert hv_a.nazorg_datum is None


# --- the services, for any caller ------------------------------------------------------------


def test_the_services_refuse_what_the_forms_refuse(hh_a, hv_a, vp_a):
    person = hv_a.hulpvrager
    with pytest.raises(ValidationError) as kinderen:
        services.update_huishouden(
            huishouden=hh_a, data={"aantal_kinderen": 21}, may_reassign=False
        )
    with pytest.raises(ValidationError) as omschrijving:
        services.add_hulpvraag(
            huishouden=hh_a,
            hulpvrager=person,
            intake_datum=INTAKE,
            soort=Soort.PRAKTISCH,
            omschrijving="o" * (OMSCHRIJVING + 1),
        )
    with pytest.raises(ValidationError) as nazorg:
        services.set_nazorg_datum(hulpvraag=hv_a, datum=datetime.date(9999, 12, 31))
    with pytest.raises(ValidationError) as minuten:
        services.log_contact(hulpvraag=hv_a, soort=ContactSoort.TELEFONISCH, minuten=2000)
    with pytest.raises(ValidationError) as notitie:
        services.change_status(
            hulpvraag=hv_a, naar="in_behandeling_formeel", notitie="n" * (NOTITIE + 1)
        )

    assert "aantal_kinderen" in kinderen.value.message_dict
    assert "omschrijving" in omschrijving.value.message_dict
    assert "nazorg_datum" in nazorg.value.message_dict
    assert "minuten" in minuten.value.message_dict
    assert "notitie" in notitie.value.message_dict
    hh_a.refresh_from_db()
    hv_a.refresh_from_db()
    assert hh_a.aantal_kinderen == 0 and hv_a.nazorg_datum is None
    assert Hulpvraag.objects.count() == 1 and not Contactmoment.objects.exists()


def test_a_birth_year_after_the_first_intake_is_refused_for_the_person(hv_a):
    person = hv_a.hulpvrager  # first help request: INTAKE, 2021

    with pytest.raises(ValidationError, match="ligt na het jaar van aanmelding"):
        services.update_hulpvrager(hulpvrager=person, data={"geboortejaar": 2022})

    person.refresh_from_db()
    assert person.geboortejaar == 1975


def test_a_help_request_before_its_persons_birth_year_is_refused(hh_a, hv_a):
    person = hv_a.hulpvrager
    Hulpvrager.objects.filter(pk=person.pk).update(geboortejaar=2021)
    person.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        services.add_hulpvraag(
            huishouden=hh_a,
            hulpvrager=person,
            intake_datum=datetime.date(2020, 6, 1),
            soort=Soort.PRAKTISCH,
        )

    assert "intake_datum" in refused.value.message_dict
    assert Hulpvraag.objects.count() == 1


# --- the database, for a write that passes neither ------------------------------------------------


@pytest.mark.parametrize(
    ("model", "values"),
    [
        (Huishouden, {"notitie": "n" * (NOTITIE + 1)}),
        (Huishouden, {"aantal_kinderen": 21}),
        (Hulpvraag, {"omschrijving": "o" * (OMSCHRIJVING + 1)}),
        (Hulpvraag, {"intake_datum": datetime.date(1, 1, 1)}),
        (Toestemming, {"datum": datetime.date(1999, 12, 31)}),
        (Hulpvrager, {"geboortejaar": 0}),
        (Contactmoment, {"minuten": 1441}),
    ],
)
def test_the_database_refuses_what_no_rule_let_through(hh_a, hv_a, model, values):
    Contactmoment.objects.create(hulpvraag=hv_a, datum=INTAKE, soort=ContactSoort.TELEFONISCH)

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.update(**values)
