"""Bad input on every netwerk form (issue 3, acceptance 5): a Dutch message next to the field,
and nothing stored."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from netwerk.models import Organisatie, Vertrouwenspersoon
from netwerk.roles import Rol
from tests.factories import VertrouwenspersoonFactory
from tests.netwerk.conftest import assert_dutch_field_error

User = get_user_model()
PASSWORD = "Lange-zin-voor-de-test-42"
REQUIRED = "Dit veld is verplicht."

ORGANISATIE_OK = {"naam": "Nieuwe Stichting", "soort": "anders", "actief": "on"}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"naam": ""}, "naam", REQUIRED),
        ({"soort": ""}, "soort", REQUIRED),
        ({"soort": "kerk"}, "soort", "Selecteer een geldige keuze."),
        ({"naam": "Buurthulp Test"}, "naam", "Er bestaat al een organisatie met deze naam."),
        ({"email": "geen-adres"}, "email", "Voer een geldig e-mailadres in."),
        ({"website": "http://"}, "website", "Voer een geldige URL in."),
        ({"telefoon": "bel me"}, "telefoon", "Voer een geldig telefoonnummer in"),
        ({"rol_vangnet": "repressief"}, "rol_vangnet", "Selecteer een geldige keuze."),
    ],
)
def test_organisatie_form_bad_input(visit, org_b, change, field, message):
    before = Organisatie.objects.count()

    created = visit("coordinator", reverse("netwerk:organisatie_create"), ORGANISATIE_OK | change)
    edited = visit(
        "coordinator",
        reverse("netwerk:organisatie_update", args=[org_b.pk]),
        ORGANISATIE_OK | {"naam": "Assadaaka Test", "versie": org_b.versie} | change,
    )

    assert_dutch_field_error(created, field, message)
    assert_dutch_field_error(edited, field, message)
    assert Organisatie.objects.count() == before
    org_b.refresh_from_db()
    assert (org_b.naam, org_b.soort, org_b.email) == (
        "Assadaaka Test",
        "vrijwilligersorganisatie",
        "",
    )


VP_OK = {"naam": "Nieuwe VP", "status": "actief"}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"naam": ""}, "naam", REQUIRED),
        ({"status": "met pensioen"}, "status", "Selecteer een geldige keuze."),
        (
            {"startdatum": "2021-05-01", "einddatum": "2021-04-30"},
            "einddatum",
            "De einddatum ligt vóór de startdatum.",
        ),
        ({"startdatum": "31-02-2021"}, "startdatum", "Voer een geldige datum in."),
        (
            {"uren_per_week": "80"},
            "uren_per_week",
            "Het aantal uren per week kan hoogstens 60 zijn.",
        ),
        ({"uren_per_week": "-2"}, "uren_per_week", "Zorg ervoor dat deze waarde minstens 0 is."),
        ({"telefoon": "06 bel"}, "telefoon", "Voer een geldig telefoonnummer in"),
    ],
)
@pytest.mark.parametrize("role", ["coordinator", "orgcoordinator"])
def test_vertrouwenspersoon_form_bad_input(visit, org_a, vp_a, role, change, field, message):
    before = Vertrouwenspersoon.objects.count()
    data = VP_OK | {"organisatie": org_a.pk} | change

    created = visit(role, reverse("netwerk:vertrouwenspersoon_create"), data)
    edited = visit(
        role,
        reverse("netwerk:vertrouwenspersoon_update", args=[vp_a.uuid]),
        data | {"versie": vp_a.versie},
    )

    assert_dutch_field_error(created, field, message)
    assert_dutch_field_error(edited, field, message)
    assert Vertrouwenspersoon.objects.count() == before
    vp_a.refresh_from_db()
    assert (vp_a.naam, vp_a.status, vp_a.startdatum) == (
        "VP A",
        "actief",
        datetime.date(2019, 1, 1),
    )


def test_vertrouwenspersoon_form_unknown_organisation(visit, org_a):
    data = VP_OK | {"organisatie": 999999}

    response = visit("coordinator", reverse("netwerk:vertrouwenspersoon_create"), data)

    assert_dutch_field_error(response, "organisatie", "Selecteer een geldige keuze.")
    assert not Vertrouwenspersoon.objects.filter(naam="Nieuwe VP").exists()


@pytest.fixture
def gebruiker_ok(org_a):
    return {
        "username": "nieuwe_login",
        "first_name": "Nora",
        "last_name": "Nieuw",
        "rollen": [Rol.VERTROUWENSPERSOON.value],
        "organisatie": org_a.pk,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"username": ""}, "username", REQUIRED),
        ({"username": "VP_A"}, "username", "Er bestaat al een gebruiker met deze gebruikersnaam."),
        ({"username": "met spatie"}, "username", "Voer een geldige gebruikersnaam in."),
        ({"email": "nora@"}, "email", "Voer een geldig e-mailadres in."),
        ({"rollen": []}, "rollen", "Kies ten minste één rol."),
        ({"organisatie": ""}, "organisatie", "Kies de organisatie: deze rol werkt voor een"),
        (
            {"password1": "kort", "password2": "kort"},
            "password2",
            "Dit wachtwoord is te kort: het moet ten minste 10 tekens bevatten.",
        ),
        (
            {"password1": "qwertyuiop", "password2": "qwertyuiop"},
            "password2",
            "Dit wachtwoord is te algemeen.",
        ),
        (
            {"password1": "8362519047", "password2": "8362519047"},
            "password2",
            "Dit wachtwoord bevat alleen cijfers.",
        ),
        (
            {"password1": "nieuwe_login", "password2": "nieuwe_login"},
            "password2",
            "Het wachtwoord lijkt te veel op de gebruikersnaam.",
        ),
        (
            {"password2": PASSWORD + "x"},
            "password2",
            "De twee wachtwoordvelden komen niet overeen.",
        ),
    ],
)
def test_gebruiker_create_form_bad_input(visit, users, gebruiker_ok, change, field, message):
    before = User.objects.count()

    response = visit("coordinator", reverse("netwerk:gebruiker_create"), gebruiker_ok | change)

    assert_dutch_field_error(response, field, message)
    assert User.objects.count() == before


def test_gebruiker_create_link_requires_trusted_person_role(visit, users, gebruiker_ok, org_a):
    persoon = VertrouwenspersoonFactory(organisatie=org_a)
    data = gebruiker_ok | {"rollen": [Rol.OPLEIDER.value], "vertrouwenspersoon": persoon.pk}

    response = visit("coordinator", reverse("netwerk:gebruiker_create"), data)

    message = "Een gekoppelde vertrouwenspersoon vraagt de rol Vertrouwenspersoon."
    assert_dutch_field_error(response, "vertrouwenspersoon", message)
    persoon.refresh_from_db()
    assert persoon.user is None
    assert not User.objects.filter(username="nieuwe_login").exists()


def test_gebruiker_create_link_must_match_organisation(visit, users, gebruiker_ok, org_b):
    persoon = VertrouwenspersoonFactory(organisatie=org_b)
    data = gebruiker_ok | {"vertrouwenspersoon": persoon.pk}

    response = visit("coordinator", reverse("netwerk:gebruiker_create"), data)

    message = "Deze vertrouwenspersoon hoort bij een andere organisatie."
    assert_dutch_field_error(response, "vertrouwenspersoon", message)
    persoon.refresh_from_db()
    assert persoon.user is None
    assert not User.objects.filter(username="nieuwe_login").exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"email": "geen adres"}, "email", "Voer een geldig e-mailadres in."),
        ({"rollen": []}, "rollen", "Kies ten minste één rol."),
        ({"rollen": ["Baas"]}, "rollen", "Selecteer een geldige keuze."),
        ({"organisatie": ""}, "organisatie", "Kies de organisatie"),
    ],
)
def test_gebruiker_update_form_bad_input(visit, users, org_a, change, field, message):
    target = users["vp_a"]
    data = {"first_name": "Anders", "rollen": [Rol.VERTROUWENSPERSOON.value]}
    data |= {"organisatie": org_a.pk} | change
    url = reverse("netwerk:gebruiker_update", args=[target.profiel.uuid])

    response = visit("coordinator", url, data)

    assert_dutch_field_error(response, field, message)
    target.refresh_from_db()
    assert target.first_name == ""
    assert set(target.groups.values_list("name", flat=True)) == {"Vertrouwenspersoon"}
    assert target.profiel.organisatie == org_a


@pytest.mark.parametrize(
    ("password1", "password2", "field", "message"),
    [
        ("", "", "new_password1", REQUIRED),
        (
            "kort",
            "kort",
            "new_password2",
            "Dit wachtwoord is te kort: het moet ten minste 10 tekens bevatten.",
        ),
        ("qwertyuiop", "qwertyuiop", "new_password2", "Dit wachtwoord is te algemeen."),
        (PASSWORD, PASSWORD + "x", "new_password2", "De twee wachtwoordvelden komen niet overeen."),
    ],
)
@pytest.mark.parametrize("role", ["coordinator", "orgcoordinator"])
def test_wachtwoord_form_bad_input(visit, users, role, password1, password2, field, message):
    target = users["vp_a"]
    url = reverse("netwerk:gebruiker_wachtwoord", args=[target.profiel.uuid])

    response = visit(role, url, {"new_password1": password1, "new_password2": password2})

    assert_dutch_field_error(response, field, message)
    target.refresh_from_db()
    assert target.check_password("x" * 12)
