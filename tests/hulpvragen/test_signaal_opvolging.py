"""Signals with a follow-up (issue 23 §5): a status with a note, its history kept; help requests
linked by typing their references, found only within what the user may see."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hulpvragen import selectors, services
from hulpvragen.choices import SignaalStatus
from hulpvragen.models import Signaal, Thema
from samenvooruit.grenzen import NOTITIE
from tests.hulpvragen.conftest import make_household

D = datetime.date
CREATE = reverse("hulpvragen:signaal_create")
ZOEK = reverse("hulpvragen:hulpvraag_zoeken")


@pytest.fixture
def signaal(hv_a, coordinator):
    return services.record_signaal(
        datum=D(2021, 2, 1),
        thema=Thema.objects.get(naam="Woning"),
        tekst="Lange wachtlijst",
        organisatie=hv_a.huishouden.organisatie,
        hulpvragen=[hv_a],
        door=coordinator,
    )


def label(hulpvraag):
    return f"{hulpvraag.huishouden.referentie} · {hulpvraag.intake_datum:%d-%m-%Y}"


def test_follow_up_keeps_every_step_with_its_note(signaal, coordinator):
    services.volg_signaal_op(
        signaal=signaal,
        status=SignaalStatus.BESPROKEN,
        notitie="Overleg stadsdeel",
        door=coordinator,
    )
    services.volg_signaal_op(
        signaal=signaal,
        status=SignaalStatus.OPGEPAKT,
        notitie="Wethouder pakt het op",
        door=coordinator,
    )

    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.OPGEPAKT
    assert [(o.van, o.naar, o.notitie) for o in signaal.opvolgingen.all()] == [
        ("nieuw", "besproken", "Overleg stadsdeel"),
        ("besproken", "opgepakt", "Wethouder pakt het op"),
    ]


def test_follow_up_without_note_is_refused_and_stores_nothing(signaal):
    with pytest.raises(ValidationError) as refused:
        services.volg_signaal_op(signaal=signaal, status=SignaalStatus.AFGESLOTEN, notitie="  ")

    assert "notitie" in refused.value.message_dict
    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.NIEUW and not signaal.opvolgingen.exists()


def test_a_follow_up_note_longer_than_its_maximum_is_refused_and_stores_nothing(signaal):
    with pytest.raises(ValidationError) as refused:
        services.volg_signaal_op(
            signaal=signaal, status=SignaalStatus.BESPROKEN, notitie="a" * (NOTITIE + 1)
        )

    assert "notitie" in refused.value.message_dict
    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.NIEUW and not signaal.opvolgingen.exists()


def test_coordinator_follows_up_on_the_signal_page(client, coordinator, signaal):
    client.force_login(coordinator)

    response = client.post(
        reverse("hulpvragen:signaal_opvolgen", args=[signaal.pk]),
        {"status": "afgesloten", "notitie": "Opgelost in de nieuwe regeling"},
    )
    page = client.get(reverse("hulpvragen:signaal_detail", args=[signaal.pk])).content.decode()

    assert response.status_code == 302
    assert Signaal.objects.get().status == SignaalStatus.AFGESLOTEN
    assert "Opgelost in de nieuwe regeling" in page and "Afgesloten" in page


def test_organisation_coordinator_sees_the_follow_up_but_cannot_change_it(
    client, orgcoordinator, signaal
):
    client.force_login(orgcoordinator)  # the signal names org_a, their organisation
    page = client.get(reverse("hulpvragen:signaal_detail", args=[signaal.pk]))
    refused = client.post(
        reverse("hulpvragen:signaal_opvolgen", args=[signaal.pk]),
        {"status": "afgesloten", "notitie": "x"},
    )

    assert page.status_code == 200 and "Opvolging vastleggen" not in page.content.decode()
    assert refused.status_code in (403, 404)
    assert Signaal.objects.get().status == SignaalStatus.NIEUW


def test_signal_links_help_requests_by_reference(client, vp_a, hv_a):
    tweede = make_household(vp_a, naam="Tweede")
    client.force_login(vp_a.user)

    response = client.post(
        CREATE,
        {
            "datum": "2021-02-01",
            "thema": str(Thema.objects.get(naam="Taal").pk),
            "tekst": "Geen taalles in de buurt",
            "hulpvragen": f"{label(hv_a)}\n{tweede.referentie.lower()}",
        },
    )

    assert response.status_code == 302
    assert set(Signaal.objects.get().hulpvragen.all()) == {hv_a, tweede.hulpvragen.get()}


def test_a_household_with_two_help_requests_needs_the_date(vp_a, hh_a, hv_a):
    services.add_hulpvraag(
        huishouden=hh_a, hulpvrager=hh_a.personen.get(), intake_datum=D(2021, 3, 1), soort="sociaal"
    )

    with pytest.raises(ValidationError) as refused:
        selectors.hulpvragen_uit_referenties(vp_a.user, hh_a.referentie)

    assert "meer hulpvragen" in refused.value.messages[0]
    assert selectors.hulpvragen_uit_referenties(vp_a.user, label(hv_a)) == [hv_a]


@pytest.mark.parametrize("role", ["vp_a", "orgcoordinator"])
def test_another_organisations_help_request_cannot_be_linked(users, role, hv_a, hv_b):
    with pytest.raises(ValidationError) as refused:
        selectors.hulpvragen_uit_referenties(users[role], label(hv_b))

    # the same answer as for a typo: nothing says the reference exists
    assert refused.value.messages == [f"Geen hulpvraag gevonden voor “{label(hv_b)}”."]


def test_reference_search_answers_only_within_scope(client, users, hv_a, hv_b):
    prefix = hv_a.huishouden.referentie[:3]  # "HH-": both households

    answers = {}
    for role in ("coordinator", "orgcoordinator", "vp_a", "vp_b"):
        client.force_login(users[role])
        answers[role] = set(client.get(ZOEK, {"q": prefix}).json()["resultaten"])

    assert answers["coordinator"] == {label(hv_a), label(hv_b)}
    assert answers["orgcoordinator"] == answers["vp_a"] == {label(hv_a)}
    assert answers["vp_b"] == {label(hv_b)}


def test_reference_search_is_not_for_other_roles(client, users, hv_a):
    client.force_login(users["commissie"])

    response = client.get(ZOEK, {"q": "HH"})

    assert response.status_code in (403, 404)


def test_signal_form_offers_no_list_of_all_help_requests(client, vp_a, hv_a):
    client.force_login(vp_a.user)

    html = client.get(CREATE).content.decode()

    assert f'data-zoek-url="{ZOEK}"' in html
    assert "<select" not in html.split('name="hulpvragen"')[0].rsplit("<", 1)[-1]
    assert 'src="/static/hulpvragen/signaal_koppelen.js"' in html and "<script>" not in html
