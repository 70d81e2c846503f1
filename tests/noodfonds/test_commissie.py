"""The committee sees applications pseudonymised: never the household's names, address or phone."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from noodfonds.betalingen import create_batch, set_crediteur
from noodfonds.brieven import make_besluitbrief
from noodfonds.checklist import zet_checklist
from noodfonds.choices import AanvraagStatus, Actie, Stem
from noodfonds.models import Aanvraag
from noodfonds.selectors import COMMISSIE_VELDEN, commissie_aanvraag, commissie_wachtrij
from noodfonds.services import add_bijlage, transition_aanvraag
from tests.noodfonds.conftest import ADRES, NAAM, PDF, TELEFOON

S = AanvraagStatus
pytestmark = pytest.mark.django_db
CREDITEUR, IBAN = "Woonstichting Zwaluwnest", "NL44RABO0123456789"
# the creditor and its account identify the household as well (issue 21): never for the committee
GEHEIM = [NAAM, TELEFOON, ADRES, "Zwanenburg", "Javaplein", "91827364", "Zwaluwnest"]
GEHEIM += [IBAN, "NL44 RABO", "0123456789", "0123 4567 89", "FACT-ZW-77"]


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("latin-1")
    return response.content.decode()


def assert_pseudonymised(response, content):
    content = content + str(response.headers)
    for geheim in GEHEIM:
        assert geheim not in content, geheim


@pytest.fixture
def aanvraag(maak_aanvraag, vp_a):
    concept = maak_aanvraag(S.CONCEPT, spoed=True, aangemaakt_door=vp_a.user)
    add_bijlage(
        aanvraag=concept,
        door=vp_a.user,
        upload=SimpleUploadedFile("offerte Zwanenburg Javaplein.pdf", PDF),
    )
    set_crediteur(aanvraag=concept, door=vp_a.user, naam=CREDITEUR, iban=IBAN, kenmerk="FACT-ZW-77")
    # identity seen and attested by the trusted person: no document, only the state
    zet_checklist(
        aanvraag=concept,
        door=vp_a.user,
        statussen={"identiteit": "ontvangen", "inkomen": "ontvangen", "offerte": "ontbreekt"},
    )
    with pytest.raises(ValidationError, match="Offerte of factuur"):
        transition_aanvraag(aanvraag=concept, actie=Actie.INDIENEN, door=vp_a.user)
    zet_checklist(aanvraag=concept, door=vp_a.user, statussen={"offerte": "ontvangen"})
    transition_aanvraag(aanvraag=concept, actie=Actie.INDIENEN, door=vp_a.user)
    return Aanvraag.objects.get(pk=concept.pk)


def test_every_committee_page_leaves_out_the_households_identity(
    client, commissielid, commissielid2, coordinator, aanvraag, geld, maak_aanvraag
):
    geld()
    spoed = maak_aanvraag(spoed=True, aangemaakt_door=None, referentie="NF-2021-0901")
    transition_aanvraag(
        aanvraag=spoed,
        actie=Actie.SPOEDTOEKENNING,
        door=coordinator,
        bedrag=Decimal("100"),
        toelichting="Energie wordt morgen afgesloten.",
    )
    set_crediteur(aanvraag=spoed, door=coordinator, naam=CREDITEUR, iban=IBAN)
    batch = create_batch(door=coordinator, aanvragen=[spoed], uitvoerdatum=timezone.localdate())
    brief = make_besluitbrief(aanvraag=spoed, door=coordinator)
    client.force_login(commissielid)
    queue = reverse("noodfonds:commissie")
    detail = reverse("noodfonds:commissie_detail", args=[aanvraag.uuid])
    bijlage = aanvraag.bijlagen.get()

    pages = [
        client.get(queue),
        client.get(detail),
        client.get(reverse("noodfonds:commissie_detail", args=[spoed.uuid])),
        client.get(reverse("noodfonds:bijlage_download", args=[bijlage.uuid])),
        # a form with errors re-renders the detail page
        client.post(reverse("noodfonds:commissie_beoordelen", args=[aanvraag.uuid]), {}),
        client.post(reverse("noodfonds:commissie_meer_informatie", args=[aanvraag.uuid]), {}),
        client.post(reverse("noodfonds:commissie_oordeel_wijzigen", args=[aanvraag.uuid]), {}),
    ]
    client.post(
        reverse("noodfonds:commissie_beoordelen", args=[aanvraag.uuid]),
        {"stem": "toekennen", "bedrag": "120", "motivering": "Noodzakelijk."},
    )
    pages += [client.get(queue), client.get(detail)]
    client.force_login(commissielid2)
    pages += [client.get(queue), client.get(detail)]
    # the creditor's pages and the letter are out of the committee's reach
    geweigerd = [
        client.get(reverse("noodfonds:besluitbrief_download", args=[brief.uuid])),
        client.get(reverse("noodfonds:batch_list")),
        client.get(reverse("noodfonds:batch_detail", args=[batch.uuid])),
        client.post(reverse("noodfonds:batch_download", args=[batch.uuid])),
        client.get(reverse("noodfonds:aanvraag_detail", args=[spoed.uuid])),
    ]
    pages += geweigerd
    # the committee sees the checklist's state, never who attested it nor a document
    checklist = pages[1].context["a"]["checklist"]
    assert {c["soort"]: c["status"] for c in checklist}["identiteit"] == "ontvangen"
    assert all(
        set(c) == {"soort", "label", "verplicht", "status", "status_label"} for c in checklist
    )
    assert "Identiteit gezien" in pages[1].content.decode()
    assert all(b.soort != "identiteit" for b in aanvraag.bijlagen.all())
    wie = [aanvraag.vertrouwenspersoon.naam, aanvraag.vertrouwenspersoon.user.username]
    for response in pages[:3]:
        for geheim in wie:
            assert geheim not in response.content.decode(), geheim

    assert [r.status_code for r in geweigerd] == [404] * 5
    assert client.get(detail).status_code == 200
    assert aanvraag.referentie in pages[0].content.decode()
    assert spoed.referentie in pages[0].content.decode()  # urgent decisions, afterwards
    assert "Energie wordt morgen afgesloten." in pages[0].content.decode()
    assert pages[3].status_code == 200
    contents = [body(r) for r in pages]
    assert contents[3] == PDF.decode("latin-1")
    for response, content in zip(pages, contents, strict=True):
        assert_pseudonymised(response, content)


def test_the_committee_selectors_return_only_the_allowed_fields(commissielid, aanvraag):
    rij = commissie_aanvraag(commissielid, aanvraag.uuid)
    wachtrij = commissie_wachtrij(commissielid)

    extra = {"mijn_stem", "aantal_oordelen", "belang", "bijlagen", "checklist"}
    labels = {
        "woonplaats_label",
        "onderwerp_label",
        "inkomsten_label",
        "status_label",
        "voorziening_label",
        "voorziening_resultaat_label",
    }
    assert set(rij) == set(COMMISSIE_VELDEN) | extra | labels
    assert set(rij["bijlagen"][0]) == {
        "uuid",
        "soort",
        "content_type",
        "grootte",
        "nummer",
        "soort_label",
    }
    assert {r["referentie"] for r in wachtrij["te_beoordelen"]} == {aanvraag.referentie}
    assert not any("huishouden" in k or "naam" in k for k in wachtrij["te_beoordelen"][0])


def test_a_member_with_an_interest_sees_it_apart_without_a_form(
    client, maak_aanvraag, commissielid
):
    eigen = maak_aanvraag(aangemaakt_door=commissielid)
    client.force_login(commissielid)

    queue = commissie_wachtrij(commissielid)
    detail = client.get(reverse("noodfonds:commissie_detail", args=[eigen.uuid])).content.decode()

    assert [r["referentie"] for r in queue["niet_door_u"]] == [eigen.referentie]
    assert queue["te_beoordelen"] == []
    assert "U kunt deze aanvraag niet beoordelen" in detail
    assert "Oordeel vastleggen" not in detail


def test_after_voting_the_application_waits_for_another_member(
    commissielid, commissielid2, aanvraag
):
    transition_aanvraag(
        aanvraag=aanvraag,
        actie=Actie.BEOORDELEN,
        door=commissielid,
        stem=Stem.AFWIJZEN,
        motivering="Andere voorziening mogelijk.",
    )

    mijn = commissie_wachtrij(commissielid)
    ander = commissie_wachtrij(commissielid2)

    assert [r["referentie"] for r in mijn["beoordeeld"]] == [aanvraag.referentie]
    assert mijn["te_beoordelen"] == []
    assert [r["referentie"] for r in ander["te_beoordelen"]] == [aanvraag.referentie]


def test_a_decision_shows_among_the_latest_decisions_for_every_member(
    commissielid, commissielid2, aanvraag, geld
):
    geld("1000")
    for lid in (commissielid, commissielid2):
        transition_aanvraag(
            aanvraag=aanvraag,
            actie=Actie.BEOORDELEN,
            door=lid,
            stem=Stem.TOEKENNEN,
            bedrag=Decimal("200"),
            motivering="Redelijk.",
        )

    for lid in (commissielid, commissielid2):
        wachtrij = commissie_wachtrij(lid)
        assert [(r["referentie"], r["status"]) for r in wachtrij["besloten"]] == [
            (aanvraag.referentie, S.TOEGEKEND)
        ]
        assert set(wachtrij["besloten"][0]) == set(COMMISSIE_VELDEN) | {
            "woonplaats_label",
            "onderwerp_label",
            "inkomsten_label",
            "status_label",
            "voorziening_label",
            "voorziening_resultaat_label",
        }
        assert not wachtrij["te_beoordelen"] and not wachtrij["beoordeeld"]


def test_the_identity_test_above_covers_every_committee_url():
    """A new committee page must be added to the test above (and pass it)."""
    from tests.urlwalker import routes

    covered = {
        "commissie",
        "commissie_detail",
        "commissie_beoordelen",
        "commissie_meer_informatie",
        "commissie_oordeel_wijzigen",
    }
    names = {r.name.split(":")[1] for r in routes() if r.name.startswith("noodfonds:commissie")}

    assert names == covered


def test_the_queue_is_paged_per_section_and_counts_all_waiting(client, commissielid, maak_aanvraag):
    for i in range(27):
        maak_aanvraag(referentie=f"NF-2021-{i:04d}", ingediend_op=f"2021-01-{i + 1:02d}")
    client.force_login(commissielid)
    queue = reverse("noodfonds:commissie")

    first = client.get(queue)
    second = client.get(queue, {"te_beoordelen": 2})

    assert len(first.context["te_beoordelen"]) == 25
    assert 'badge text-bg-success">27<' in first.content.decode()
    assert "NF-2021-0000" in first.content.decode()  # oldest first
    assert "NF-2021-0026" not in first.content.decode()
    assert "?te_beoordelen=2" in first.content.decode()
    assert [r["referentie"] for r in second.context["te_beoordelen"]] == [
        "NF-2021-0025",
        "NF-2021-0026",
    ]
    assert "?te_beoordelen=1" in second.content.decode()
