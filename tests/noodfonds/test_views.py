"""Role matrix for every fund URL, by URL and by list, and the pages' happy paths."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hulpvragen.models import Huishouden
from noodfonds.choices import AanvraagStatus, Actie
from noodfonds.models import Aanvraag, Bijlage, Storting
from noodfonds.services import add_bijlage
from tests.factories import HuishoudenFactory
from tests.noodfonds.conftest import PDF, snapshot

S = AanvraagStatus
pytestmark = pytest.mark.django_db
ROLES = ["coordinator", "orgcoordinator", "vp_a", "vp_b", "commissie", "opleider", "outsider"]


@pytest.fixture
def aanvraag(maak_aanvraag):
    return maak_aanvraag(S.INGEDIEND)


@pytest.fixture
def bijlage(maak_aanvraag, vp_a):
    concept = maak_aanvraag(S.CONCEPT)
    bijlage = add_bijlage(
        aanvraag=concept, door=vp_a.user, upload=SimpleUploadedFile("offerte.pdf", PDF)
    )
    Aanvraag.objects.filter(pk=concept.pk).update(status=S.INGEDIEND)
    return bijlage


def _expect(allowed, role):
    return 200 if role in allowed else 404


CASEWORK = {"coordinator", "orgcoordinator", "vp_a", "vp_b"}
OWN = {"coordinator", "orgcoordinator", "vp_a"}


@pytest.mark.parametrize("role", ROLES)
def test_get_pages_answer_by_role(role, users, client, aanvraag, bijlage, maak_aanvraag):
    concept = maak_aanvraag(S.CONCEPT)
    client.force_login(users[role])
    pages = {
        reverse("noodfonds:aanvraag_list"): CASEWORK,
        reverse("noodfonds:aanvraag_create"): CASEWORK,
        aanvraag.get_absolute_url(): OWN,
        reverse("noodfonds:aanvraag_update", args=[concept.uuid]): OWN,
        reverse("noodfonds:bijlage_download", args=[bijlage.uuid]): OWN | {"commissie"},
        reverse("noodfonds:commissie"): {"commissie"},
        reverse("noodfonds:commissie_detail", args=[aanvraag.uuid]): {"commissie"},
        reverse("noodfonds:budget"): {"coordinator"},
        reverse("noodfonds:budget_xlsx"): {"coordinator"},
    }

    for url, allowed in pages.items():
        assert client.get(url).status_code == _expect(allowed, role), url


def test_anonymous_users_go_to_the_login_page(client, aanvraag, bijlage):
    urls = [
        reverse("noodfonds:aanvraag_list"),
        reverse("noodfonds:aanvraag_create"),
        aanvraag.get_absolute_url(),
        reverse("noodfonds:bijlage_download", args=[bijlage.uuid]),
        reverse("noodfonds:commissie"),
        reverse("noodfonds:commissie_detail", args=[aanvraag.uuid]),
        reverse("noodfonds:budget"),
        reverse("noodfonds:budget_xlsx"),
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/inloggen/" in response["Location"], url


@pytest.mark.parametrize("role", ["vp_b", "commissie", "opleider", "outsider"])
def test_post_actions_outside_the_scope_are_404_and_change_nothing(
    role, users, client, aanvraag, bijlage, maak_aanvraag
):
    concept = maak_aanvraag(S.CONCEPT)
    client.force_login(users[role])
    before = snapshot()
    posts = [
        (reverse("noodfonds:aanvraag_actie", args=[concept.uuid, "indienen"]), {}),
        (reverse("noodfonds:aanvraag_actie", args=[aanvraag.uuid, "intrekken"]), {}),
        (
            reverse("noodfonds:aanvraag_update", args=[concept.uuid]),
            {"motivatie": "x", "versie": concept.versie},
        ),
        (
            reverse("noodfonds:bijlage_upload", args=[concept.uuid]),
            {"soort": "offerte", "bestand": SimpleUploadedFile("o.pdf", PDF)},
        ),
        (reverse("noodfonds:bijlage_delete", args=[bijlage.uuid]), {}),
        (
            reverse("noodfonds:storting_create"),
            {"datum": "2021-01-01", "bedrag": "5", "fondsgever": "X"},
        ),
    ]

    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert snapshot() == before


@pytest.mark.parametrize("role", ["coordinator", "orgcoordinator", "vp_a", "opleider"])
def test_committee_posts_by_non_members_are_404(role, users, client, aanvraag):
    client.force_login(users[role])
    before = snapshot()

    for name in ("commissie_beoordelen", "commissie_meer_informatie"):
        url = reverse(f"noodfonds:{name}", args=[aanvraag.uuid])
        data = {"stem": "toekennen", "bedrag": "10", "motivering": "x", "vraag": "y"}
        assert client.post(url, data).status_code == 404

    assert snapshot() == before


def test_lists_show_only_the_applications_in_scope(users, client, maak_aanvraag, vp_b, org_b):
    eigen = maak_aanvraag(referentie="NF-2021-0501")
    ander = maak_aanvraag(
        referentie="NF-2021-0502",
        organisatie=org_b,
        vertrouwenspersoon=vp_b,
        huishouden=None,
        aangemaakt_door=vp_b.user,
    )
    expected = {
        "coordinator": {eigen, ander},
        "orgcoordinator": {eigen},
        "vp_a": {eigen},
        "vp_b": {ander},
    }

    for role, zichtbaar in expected.items():
        client.force_login(users[role])
        content = client.get(reverse("noodfonds:aanvraag_list")).content.decode()
        for a in (eigen, ander):
            assert (a.referentie in content) == (a in zichtbaar), (role, a)


def test_committee_queue_lists_only_submitted_applications(client, commissielid, maak_aanvraag):
    ingediend = maak_aanvraag(referentie="NF-2021-0601")
    concept = maak_aanvraag(S.CONCEPT, referentie="NF-2021-0602")
    ingetrokken = maak_aanvraag(S.INGETROKKEN, referentie="NF-2021-0603")
    client.force_login(commissielid)

    content = client.get(reverse("noodfonds:commissie")).content.decode()

    assert ingediend.referentie in content
    assert concept.referentie not in content
    assert ingetrokken.referentie not in content
    assert client.get(reverse("noodfonds:commissie_detail", args=[concept.uuid])).status_code == 404


# --- applying ------------------------------------------------------------------------------


def _form(**extra):
    return {
        "woonplaats": "oost",
        "onderwerp": "witgoed",
        "inkomsten": "uitkering",
        "contact_formeel": "nee",
        "gevraagd_bedrag": "275.00",
        "motivatie": "Koelkast kapot; medicijnen moeten koel.",
        "voorziening": "bijzondere_bijstand",
        "voorziening_resultaat": "te_traag",
        **extra,
    }


def test_a_trusted_person_applies_for_an_own_household(client, vp_a, huishouden_a):
    client.force_login(vp_a.user)

    response = client.post(reverse("noodfonds:aanvraag_create"), _form(huishouden=huishouden_a.pk))

    aanvraag = Aanvraag.objects.get()
    assert response.status_code == 302 and response["Location"] == aanvraag.get_absolute_url()
    assert (aanvraag.status, aanvraag.organisatie, aanvraag.vertrouwenspersoon) == (
        S.CONCEPT,
        vp_a.organisatie,
        vp_a,
    )
    assert aanvraag.huishouden == huishouden_a
    assert aanvraag.aangemaakt_door == vp_a.user
    assert aanvraag.gevraagd_bedrag == Decimal("275.00")


def test_the_household_dropdown_holds_only_own_households(client, vp_a, vp_b, huishouden_a):
    ander = HuishoudenFactory(referentie="HH-2021-0888", vertrouwenspersoon=vp_b)
    client.force_login(vp_a.user)

    content = client.get(reverse("noodfonds:aanvraag_create")).content.decode()
    response = client.post(reverse("noodfonds:aanvraag_create"), _form(huishouden=ander.pk))

    assert huishouden_a.referentie in content and ander.referentie not in content
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Aanvraag.objects.exists()


def test_with_many_households_and_trusted_persons_they_are_typed_not_listed(
    client, coordinator, org_a, vp_a, vp_b, huishouden_a, monkeypatch
):
    """A city-wide network has 800,000 households: no <option> for each (it took 78 s)."""
    ander = HuishoudenFactory(referentie="HH-2021-0888", vertrouwenspersoon=vp_b)
    monkeypatch.setattr("samenvooruit.forms.MAX_KEUZES", 1)
    client.force_login(coordinator)
    url = reverse("noodfonds:aanvraag_create")

    page = client.get(url).content.decode()
    onbekend = client.post(url, _form(organisatie=org_a.pk, huishouden="HH-2021-9999"))
    response = client.post(
        url,
        _form(organisatie=org_a.pk, huishouden=huishouden_a.referentie, vertrouwenspersoon=vp_a.pk),
    )

    assert huishouden_a.referentie not in page and ander.referentie not in page
    assert (
        'type="text" name="huishouden"' in page
        and 'type="number" name="vertrouwenspersoon"' in page
    )
    assert "Selecteer een geldige keuze" in onbekend.content.decode()
    aanvraag = Aanvraag.objects.get()
    assert response["Location"] == aanvraag.get_absolute_url()
    assert (aanvraag.huishouden, aanvraag.vertrouwenspersoon) == (huishouden_a, vp_a)
    edit = client.get(reverse("noodfonds:aanvraag_update", args=[aanvraag.uuid]))
    assert f'value="{huishouden_a.referentie}"' in edit.content.decode()


def test_an_anonymised_household_takes_no_new_application(client, vp_a, huishouden_a):
    Huishouden.objects.filter(pk=huishouden_a.pk).update(geanonimiseerd_op=timezone.now())
    client.force_login(vp_a.user)

    response = client.post(reverse("noodfonds:aanvraag_create"), _form(huishouden=huishouden_a.pk))

    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Aanvraag.objects.exists()


def test_an_organisation_coordinator_applies_without_a_trusted_person(
    client, orgcoordinator, org_a
):
    client.force_login(orgcoordinator)

    client.post(reverse("noodfonds:aanvraag_create"), _form())

    aanvraag = Aanvraag.objects.get()
    assert (aanvraag.organisatie, aanvraag.vertrouwenspersoon, aanvraag.huishouden) == (
        org_a,
        None,
        None,
    )


def test_an_organisation_coordinator_cannot_pick_another_organisations_trusted_person(
    client, orgcoordinator, vp_b
):
    client.force_login(orgcoordinator)

    response = client.post(reverse("noodfonds:aanvraag_create"), _form(vertrouwenspersoon=vp_b.pk))

    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Aanvraag.objects.exists()


def test_a_coordinator_applies_for_any_organisation_and_checks_the_trusted_person(
    client, coordinator, org_b, vp_a, vp_b
):
    client.force_login(coordinator)

    fout = client.post(
        reverse("noodfonds:aanvraag_create"),
        _form(organisatie=org_b.pk, vertrouwenspersoon=vp_a.pk),
    )
    client.post(
        reverse("noodfonds:aanvraag_create"),
        _form(organisatie=org_b.pk, vertrouwenspersoon=vp_b.pk),
    )

    assert "werkt niet bij de aanvragende organisatie" in fout.content.decode()
    assert list(Aanvraag.objects.values_list("organisatie", "vertrouwenspersoon")) == [
        (org_b.pk, vp_b.pk)
    ]


def test_bad_input_shows_dutch_messages_and_stores_nothing(client, vp_a):
    client.force_login(vp_a.user)

    response = client.post(
        reverse("noodfonds:aanvraag_create"), _form(gevraagd_bedrag="-5", motivatie="")
    )

    content = response.content.decode()
    assert "Zorg ervoor dat deze waarde minstens 0.01 is" in content
    assert "Dit veld is verplicht" in content
    assert not Aanvraag.objects.exists()


def test_submit_through_the_page_sets_the_submission_date(client, vp_a, maak_aanvraag):
    concept = maak_aanvraag(S.CONCEPT)
    client.force_login(vp_a.user)

    response = client.post(reverse("noodfonds:aanvraag_actie", args=[concept.uuid, "indienen"]))

    concept.refresh_from_db()
    assert response.status_code == 302
    assert concept.status == S.INGEDIEND and concept.ingediend_op is not None


def test_a_refused_action_shows_its_message_and_changes_nothing(client, coordinator, maak_aanvraag):
    afgewezen = maak_aanvraag(S.AFGEWEZEN)
    client.force_login(coordinator)
    before = snapshot()

    response = client.post(
        reverse("noodfonds:aanvraag_actie", args=[afgewezen.uuid, "uitbetalen"]),
        {"bedrag": "10", "datum": "2021-02-01", "uitbetaald_aan": "bewoner"},
    )

    assert response.status_code == 200
    assert "de aanvraag heeft de status &#x27;Afgewezen&#x27;" in response.content.decode()
    assert snapshot() == before


def test_editing_a_draft_through_the_page(client, vp_a, maak_aanvraag):
    concept = maak_aanvraag(S.CONCEPT)
    client.force_login(vp_a.user)

    client.post(
        reverse("noodfonds:aanvraag_update", args=[concept.uuid]),
        _form(huishouden=concept.huishouden_id, gevraagd_bedrag="120", versie=concept.versie),
    )

    concept.refresh_from_db()
    assert concept.gevraagd_bedrag == Decimal("120")


def test_editing_a_submitted_application_is_refused(client, vp_a, aanvraag):
    client.force_login(vp_a.user)
    before = snapshot()

    response = client.post(
        reverse("noodfonds:aanvraag_update", args=[aanvraag.uuid]),
        _form(gevraagd_bedrag="1", versie=aanvraag.versie),
    )

    assert response.status_code == 302
    assert snapshot() == before


# --- committee and coordinator through the pages ---------------------------------------------


def test_two_members_decide_through_the_committee_pages(
    client, commissielid, commissielid2, aanvraag, geld
):
    geld("500")
    url = reverse("noodfonds:commissie_beoordelen", args=[aanvraag.uuid])

    for lid, bedrag in ((commissielid, "250"), (commissielid2, "200")):
        client.force_login(lid)
        response = client.post(url, {"stem": "toekennen", "bedrag": bedrag, "motivering": "Ok."})
        assert response.status_code == 302

    aanvraag.refresh_from_db()
    assert (aanvraag.status, aanvraag.toegekend_bedrag) == (S.TOEGEKEND, Decimal("200"))


def test_a_grant_vote_without_amount_is_a_field_error(client, commissielid, aanvraag):
    client.force_login(commissielid)
    before = snapshot()

    response = client.post(
        reverse("noodfonds:commissie_beoordelen", args=[aanvraag.uuid]),
        {"stem": "toekennen", "motivering": "Ok."},
    )

    assert "Vul het bedrag in dat u wilt toekennen" in response.content.decode()
    assert snapshot() == before


def test_a_grant_vote_above_the_amount_asked_is_a_field_error(client, commissielid, aanvraag):
    client.force_login(commissielid)
    before = snapshot()
    te_veel = aanvraag.gevraagd_bedrag + 1

    response = client.post(
        reverse("noodfonds:commissie_beoordelen", args=[aanvraag.uuid]),
        {"stem": "toekennen", "bedrag": te_veel, "motivering": "Ok."},
    )

    assert "mag niet hoger zijn dan het gevraagde bedrag" in response.content.decode()
    assert snapshot() == before


def test_more_information_through_the_committee_page(client, commissielid, aanvraag, vp_a):
    client.force_login(commissielid)

    client.post(
        reverse("noodfonds:commissie_meer_informatie", args=[aanvraag.uuid]),
        {"vraag": "Graag een offerte."},
    )
    client.force_login(vp_a.user)
    detail = client.get(aanvraag.get_absolute_url()).content.decode()

    aanvraag.refresh_from_db()
    assert aanvraag.status == S.MEER_INFORMATIE
    assert "Graag een offerte." in detail


def test_urgent_grant_and_payment_through_the_pages(client, coordinator, maak_aanvraag, geld):
    geld("500")
    spoed = maak_aanvraag(spoed=True, aangemaakt_door=None)
    client.force_login(coordinator)

    client.post(
        reverse("noodfonds:aanvraag_actie", args=[spoed.uuid, "spoed"]),
        {"bedrag": "150", "toelichting": "Ontruiming dreigt."},
    )
    client.post(
        reverse("noodfonds:aanvraag_actie", args=[spoed.uuid, "uitbetalen"]),
        {
            "bedrag": "150",
            "datum": datetime.date.today().isoformat(),
            "uitbetaald_aan": "leverancier",
        },
    )

    spoed.refresh_from_db()
    assert spoed.status == S.UITBETAALD
    assert list(spoed.overgangen.values_list("actie", flat=True)) == [
        Actie.SPOEDTOEKENNING,
        Actie.UITBETALEN,
    ]


def test_a_coordinator_records_a_deposit(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("noodfonds:storting_create"),
        {"datum": "2021-01-05", "bedrag": "2500", "fondsgever": "Oranje Fonds"},
    )

    assert response.status_code == 302
    storting = Storting.objects.get()
    assert (storting.bedrag, storting.fondsgever, storting.vastgelegd_door) == (
        Decimal("2500"),
        "Oranje Fonds",
        coordinator,
    )


def test_a_deposit_in_the_future_is_a_field_error(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("noodfonds:storting_create"),
        {"datum": "2999-01-01", "bedrag": "10", "fondsgever": "X"},
    )

    assert "De datum ligt in de toekomst" in response.content.decode()
    assert not Storting.objects.exists()
    assert not Bijlage.objects.exists()


@pytest.mark.parametrize("role", ["orgcoordinator", "vp_a"])
@pytest.mark.parametrize(
    ("slug", "status", "data"),
    [
        (
            "uitbetalen",
            S.TOEGEKEND,
            {"bedrag": "10", "datum": "2021-02-01", "uitbetaald_aan": "bewoner"},
        ),
        ("spoed", S.INGEDIEND, {"bedrag": "10", "toelichting": "Spoed."}),
        ("meer-informatie", S.INGEDIEND, {"vraag": "Waarom?"}),
    ],
)
def test_coordinator_actions_by_applicants_are_refused_with_a_message(
    role, slug, status, data, users, client, maak_aanvraag, geld
):
    geld()
    aanvraag = maak_aanvraag(status, spoed=True)
    client.force_login(users[role])
    before = snapshot()

    response = client.post(reverse("noodfonds:aanvraag_actie", args=[aanvraag.uuid, slug]), data)

    assert response.status_code == 200
    assert "U mag" in response.content.decode() and "niet uitvoeren" in response.content.decode()
    assert snapshot() == before


def test_an_unknown_action_is_404(client, vp_a, aanvraag):
    client.force_login(vp_a.user)

    response = client.post(reverse("noodfonds:aanvraag_actie", args=[aanvraag.uuid, "toekennen"]))

    assert response.status_code == 404


def test_withdrawing_through_the_page(client, vp_a, aanvraag):
    client.force_login(vp_a.user)

    client.post(
        reverse("noodfonds:aanvraag_actie", args=[aanvraag.uuid, "intrekken"]),
        {"toelichting": "Toch via bijzondere bijstand."},
    )

    aanvraag.refresh_from_db()
    assert aanvraag.status == S.INGETROKKEN
    assert aanvraag.overgangen.get().toelichting == "Toch via bijzondere bijstand."


def test_a_household_link_prefills_the_application(client, vp_a, vp_b, huishouden_a):
    huishouden_a.inkomsten = "pensioen"
    huishouden_a.contact_formeel = "ja"
    huishouden_a.save()
    ander = HuishoudenFactory(referentie="HH-2021-0999", vertrouwenspersoon=vp_b)
    client.force_login(vp_a.user)

    eigen = client.get(
        reverse("noodfonds:aanvraag_create") + f"?huishouden={huishouden_a.referentie}"
    ).context["form"]
    vreemd = client.get(
        reverse("noodfonds:aanvraag_create") + f"?huishouden={ander.referentie}"
    ).context["form"]

    assert eigen.initial == {
        "huishouden": huishouden_a,
        "woonplaats": "oost",
        "inkomsten": "pensioen",
        "contact_formeel": "ja",
    }
    assert vreemd.initial == {}


def test_household_page_leads_to_an_application_for_that_household(client, vp_a, huishouden_a):
    client.force_login(vp_a.user)

    page = client.get(huishouden_a.get_absolute_url()).content.decode()
    link = f"{reverse('noodfonds:aanvraag_create')}?huishouden={huishouden_a.referentie}"
    form = client.get(link).context["form"]

    assert f'href="{link}"' in page
    assert form.initial["huishouden"] == huishouden_a
