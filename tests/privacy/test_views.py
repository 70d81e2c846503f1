"""Privacy pages: who may open them, what they store, what they log."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hulpvragen import services
from hulpvragen.choices import ToestemmingScope
from hulpvragen.models import Doorverwijzing, Huishouden, Toestemming
from netwerk.models import Toegangslog
from tests.privacy.conftest import PERSOONLIJK, text_hits
from tests.taken.jobs import job_download

pytestmark = pytest.mark.django_db

ALLEEN_COORDINATOR = ["inzage_xlsx", "anonimiseren"]
NIET_COORDINATOR = ["orgcoordinator", "vp_a", "vp_b", "commissie", "opleider", "outsider"]


def url(name, huishouden):
    return reverse(f"privacy:{name}", args=[huishouden.referentie])


# --- who may -------------------------------------------------------------------------------------


@pytest.mark.parametrize("view", ALLEEN_COORDINATOR)
def test_coordinator_opens_the_page(client, users, dossier, view):
    client.force_login(users["coordinator"])

    response = client.get(url(view, dossier), follow=True)  # inzage: the job's page

    assert response.status_code == 200


@pytest.mark.parametrize("view", ALLEEN_COORDINATOR)
@pytest.mark.parametrize("role", NIET_COORDINATOR)
def test_other_roles_get_404(client, users, dossier, view, role):
    client.force_login(users[role])

    get = client.get(url(view, dossier))
    post = client.post(url(view, dossier), {"begrepen": "on", "referentie": dossier.referentie})

    assert (get.status_code, post.status_code) == (404, 404)
    assert Huishouden.objects.get(pk=dossier.pk).geanonimiseerd_op is None


@pytest.mark.parametrize("view", [*ALLEEN_COORDINATOR, "toestemming_create"])
def test_anonymous_goes_to_login(client, dossier, view):
    response = client.get(url(view, dossier))

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("coordinator", 200),
        ("orgcoordinator", 200),
        ("vp_a", 200),
        ("vp_b", 404),
        ("commissie", 404),
        ("opleider", 404),
        ("outsider", 404),
    ],
)
def test_consent_page_for_who_may_see_the_household(client, users, dossier, role, status):
    client.force_login(users[role])

    response = client.get(url("toestemming_create", dossier))

    assert response.status_code == status


# --- anonymising from the page -------------------------------------------------------------------


def test_household_page_offers_access_and_erasure_to_coordinators_only(
    client, coordinator, vp_a, dossier
):
    client.force_login(coordinator)
    as_coordinator = client.get(dossier.get_absolute_url()).content.decode()
    client.force_login(vp_a.user)
    as_trusted_person = client.get(dossier.get_absolute_url()).content.decode()

    assert url("anonimiseren", dossier) in as_coordinator
    assert url("inzage_xlsx", dossier) in as_coordinator
    assert url("anonimiseren", dossier) not in as_trusted_person
    assert url("inzage_xlsx", dossier) not in as_trusted_person


@pytest.mark.parametrize(
    "data",
    [
        {"referentie": "HH-1999-9999", "begrepen": "on"},  # another reference
        {"referentie": "", "begrepen": "on"},
        {"referentie": "REF"},  # not ticked
    ],
)
def test_without_both_confirmations_nothing_happens(client, coordinator, dossier, data):
    client.force_login(coordinator)
    if data["referentie"] == "REF":
        data = {"referentie": dossier.referentie}

    response = client.post(url("anonimiseren", dossier), data)

    assert response.status_code == 200
    assert Huishouden.objects.get(pk=dossier.pk).geanonimiseerd_op is None
    assert text_hits(["Klaverblad"])


def test_confirmed_twice_anonymises_logs_and_shows_it(
    client, coordinator, dossier, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("anonimiseren", dossier),
            {"referentie": dossier.referentie.lower(), "begrepen": "on"},
        )

    assert response.status_code == 302 and response["Location"] == dossier.get_absolute_url()
    assert text_hits(PERSOONLIJK) == []
    entry = Toegangslog.objects.get(actie="geanonimiseerd")
    assert (entry.gebruiker, entry.object_ref, entry.view) == (
        coordinator,
        dossier.referentie,
        "privacy:anonimiseren",
    )
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "Dit huishouden is geanonimiseerd op" in page
    assert url("anonimiseren", dossier) not in page


# --- right of access -----------------------------------------------------------------------------


def test_access_download_has_a_sheet_per_kind_and_is_logged(client, coordinator, dossier):
    client.force_login(coordinator)

    response = job_download(client, client.get(url("inzage_xlsx", dossier)))

    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert wb.sheetnames == [
        "Huishouden",
        "Personen",
        "Toestemming",
        "Hulpvragen",
        "Statushistorie",
        "Contactmomenten",
        "Doorverwijzingen",
        "Signalen",
        "Aanvragen",
        "Beoordelingen",
        "Verloop aanvragen",
        "Bijlagen",
        "Checklist",
        "Leningen",
        "Aflossingen",
        "Crediteuren",
        "Besluitbrieven",
        "Wijzigingen",
        "Toegangslog",
    ]
    assert [c.value for c in wb["Personen"]["A"]][1:] == ["Zwaantje Klaverblad", "Kobus Klaverblad"]
    assert wb["Bijlagen"]["C2"].value == "offerte-klaverblad.pdf"
    crediteur = [c.value for c in wb["Crediteuren"][2]]
    assert crediteur[1:5] == [
        "Verhuurder Klaverblad Vastgoed",
        "NL44RABO0123456789",
        "Huur Klaverblad januari",
        "B-0001",
    ]
    assert wb["Besluitbrieven"].max_row == 2
    checklist = list(wb["Checklist"].iter_rows(values_only=True))[1:]
    assert [(row[1], row[2]) for row in checklist] == [
        ("Identiteit gezien", "Ontvangen"),
        ("Inkomensverklaring", "Ontvangen"),
    ]
    assert wb["Leningen"]["G2"].value == "Kwijtschelding: Klaverblad heeft schuldhulp"
    assert wb["Aflossingen"]["C2"].value == 50
    changes = [row for row in wb["Wijzigingen"].iter_rows(values_only=True) if row[4] == "telefoon"]
    assert ("06-11112222", "06-98765432") in [(row[5], row[6]) for row in changes]
    entry = Toegangslog.objects.get(actie="gedownload", object_type="hulpvragen.huishouden")
    assert (entry.gebruiker, entry.object_id) == (coordinator, str(dossier.pk))
    log_sheet = list(wb["Toegangslog"].iter_rows(values_only=True))
    assert any(row[1] == coordinator.username and row[2] == "gedownload" for row in log_sheet)


def test_access_file_guards_against_formulas(client, coordinator, dossier):
    services.update_huishouden(
        huishouden=dossier, data={"notitie": '=HYPERLINK("x")'}, may_reassign=False
    )
    client.force_login(coordinator)

    response = job_download(client, client.get(url("inzage_xlsx", dossier)))

    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cell = next(c for c in wb["Huishouden"]["B"] if c.value and str(c.value).startswith("="))
    assert cell.data_type == "s"


# --- change history ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["huishouden", "hulpvraag", "aanvraag"])
def test_change_history_is_shown_to_coordinators_only(
    client, coordinator, orgcoordinator, vp_a, dossier, kind
):
    target = {
        "huishouden": dossier,
        "hulpvraag": dossier.hulpvragen.get(),
        "aanvraag": dossier.aanvragen.get(),
    }[kind].get_absolute_url()
    client.force_login(coordinator)
    as_coordinator = client.get(target).content.decode()

    for other in (orgcoordinator, vp_a.user):
        client.force_login(other)
        assert "Wijzigingsgeschiedenis" not in client.get(target).content.decode()
    assert "Wijzigingsgeschiedenis" in as_coordinator


def test_household_history_says_which_field_changed_from_what_to_what(client, coordinator, dossier):
    client.force_login(coordinator)

    page = client.get(dossier.get_absolute_url()).content.decode()

    assert "Telefoon: 06-11112222 → 06-98765432" in page
    assert "Adres: — → Klaverstraat 77" in page
    assert "Hulpvrager Zwaantje Klaverblad gewijzigd" in page


def test_a_change_through_the_page_records_the_user(client, coordinator, dossier):
    persoon = dossier.personen.order_by("pk").first()
    client.force_login(coordinator)

    client.post(
        reverse("hulpvragen:hulpvrager_edit", args=[persoon.uuid]),
        {
            "naam": persoon.naam,
            "geslacht": "vrouw",
            "geboortejaar": "1976",
            "versie": persoon.versie,
        },
    )

    latest = persoon.history.order_by("-history_date").first()
    assert latest.history_user == coordinator
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "Geboortejaar: 1975 → 1976" in page


# --- consent -------------------------------------------------------------------------------------


def referral(client, hulpvraag, organisatie, **extra):
    return client.post(
        reverse("hulpvragen:doorverwijzing_create", args=[hulpvraag.uuid]),
        {"organisatie": str(organisatie.pk), "soort": "advies", "datum": "2021-02-01", **extra},
    )


def test_referral_without_consent_is_refused_with_a_clear_message(client, ander, formeel):
    client.force_login(ander.vertrouwenspersoon.user)
    hulpvraag = ander.hulpvragen.get()

    response = referral(client, hulpvraag, formeel)

    assert response.status_code == 200
    assert (
        "Er is geen toestemming om gegevens van dit huishouden te delen met Buurtteam Oost"
        in response.content.decode()
    )
    assert not Doorverwijzing.objects.filter(hulpvraag=hulpvraag).exists()


def test_consent_given_in_the_same_step_is_recorded_with_the_referral(client, ander, formeel):
    user = ander.vertrouwenspersoon.user
    client.force_login(user)
    hulpvraag = ander.hulpvragen.get()

    response = referral(client, hulpvraag, formeel, toestemming_vastleggen="on")

    assert response.status_code == 302
    assert Doorverwijzing.objects.filter(hulpvraag=hulpvraag, organisatie=formeel).exists()
    consent = Toestemming.objects.get(huishouden=ander, scope=ToestemmingScope.DELEN)
    assert (consent.organisatie, consent.datum.isoformat(), consent.vastgelegd_door) == (
        formeel,
        "2021-02-01",
        user,
    )


def test_recorded_consent_lets_the_referral_through_and_withdrawal_stops_it(client, ander, formeel):
    user = ander.vertrouwenspersoon.user
    client.force_login(user)
    hulpvraag = ander.hulpvragen.get()
    client.post(
        url("toestemming_create", ander),
        {"scope": "delen", "organisatie": str(formeel.pk), "datum": "2021-01-20"},
    )
    consent = Toestemming.objects.get(huishouden=ander, scope="delen")

    allowed = referral(client, hulpvraag, formeel)
    client.post(reverse("privacy:toestemming_intrekken", args=[ander.referentie, consent.pk]))
    refused = referral(client, hulpvraag, formeel)

    consent.refresh_from_db()
    assert allowed.status_code == 302 and refused.status_code == 200
    assert consent.ingetrokken_op is not None and consent.ingetrokken_door == user
    assert Doorverwijzing.objects.filter(hulpvraag=hulpvraag).count() == 1


def test_referral_to_the_households_own_organisation_needs_no_extra_consent(client, ander):
    client.force_login(ander.vertrouwenspersoon.user)

    response = referral(client, ander.hulpvragen.get(), ander.organisatie)

    assert response.status_code == 302


def test_consent_to_share_needs_an_organisation(client, ander):
    client.force_login(ander.vertrouwenspersoon.user)

    response = client.post(
        url("toestemming_create", ander), {"scope": "delen", "datum": "2021-01-20"}
    )

    assert response.status_code == 200
    assert "Kies de organisatie waarmee gedeeld mag worden." in response.content.decode()
    assert not Toestemming.objects.filter(huishouden=ander, scope="delen").exists()


def test_withdrawn_registration_consent_is_shown_on_the_household(client, coordinator, ander):
    consent = ander.toestemmingen.get(scope="registratie")
    client.force_login(coordinator)

    client.post(reverse("privacy:toestemming_intrekken", args=[ander.referentie, consent.pk]))

    page = client.get(ander.get_absolute_url()).content.decode()
    assert "De toestemming voor registratie is ingetrokken" in page


def test_trusted_person_cannot_withdraw_consent_of_another_household(client, vp_a, ander):
    consent = ander.toestemmingen.get()
    client.force_login(vp_a.user)

    response = client.post(
        reverse("privacy:toestemming_intrekken", args=[ander.referentie, consent.pk])
    )

    consent.refresh_from_db()
    assert response.status_code == 404 and consent.ingetrokken_op is None
