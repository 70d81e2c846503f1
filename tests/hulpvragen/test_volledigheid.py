"""Issue 23 §3: the completeness page lists, per organisation and trusted person and within the
user's scope, the records that miss what the quarterly report needs (else counted "Onbekend"),
with counts per field against a hand count and a link that fixes each; the outcome's category
of a request closed without one can be filled in."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hulpvragen import services
from hulpvragen import volledigheid as compleet
from hulpvragen.choices import Geslacht, Inkomsten, Soort, Status, Terugkerend, UitkomstCategorie
from hulpvragen.models import Huishouden, Hulpvraag, Hulpvrager, StatusWijziging
from netwerk.models import Pilot
from tests.factories import VertrouwenspersoonFactory

pytestmark = pytest.mark.django_db
D = datetime.date
INTAKE = D(2021, 1, 11)


def intake(
    vp,
    org,
    *,
    naam,
    geslacht=Geslacht.VROUW,
    jaar=1975,
    inkomsten=Inkomsten.UITKERING,
    datum=INTAKE,
    terugkerend=Terugkerend.EENMALIG,
):
    huishouden = services.register_intake(
        huishouden={"woonplaats": "oost", "inkomsten": inkomsten},
        hulpvrager={"naam": naam, "geslacht": geslacht, "geboortejaar": jaar},
        hulpvraag={"intake_datum": datum, "soort": Soort.PRAKTISCH, "terugkerend": terugkerend},
        themas=[],
        toestemming_datum=datum,
        vertrouwenspersoon=vp,
        organisatie=org,
    )
    return huishouden, huishouden.hulpvragen.get()


def afronden(hulpvraag, categorie=UitkomstCategorie.OPGELOST):
    services.change_status(
        hulpvraag=hulpvraag,
        naar=Status.AFGEROND,
        datum=D(2021, 2, 1),
        uitkomst="Geholpen",
        uitkomst_categorie=categorie,
    )


@pytest.fixture
def data(vp_a, vp_b, org_a, org_b):
    """The small fixed data set, counted by hand in the tests:
    - A1 (vp_a, org_a): complete, closed with its outcome's category;
    - A2 (vp_a, org_a): person without sex and birth year, income unknown, help request outside
      every pilot without recurrence; a second person (no help request, no birth year): not
      counted;
    - A3 (org_a, no trusted person): closed before the category existed (none recorded);
    - B1 (vp_b, org_b): person without a birth year;
    - an anonymised household at org_b missing everything: left out."""
    Pilot.objects.create(naam="Pilot 2", startdatum=D(2020, 11, 1), einddatum=D(2021, 8, 31))
    _a1, hv_a1 = intake(vp_a, org_a, naam="Anna")
    afronden(hv_a1)
    a2, _hv = intake(
        vp_a,
        org_a,
        naam="Ahmed",
        geslacht=Geslacht.ONBEKEND,
        jaar=None,
        inkomsten=Inkomsten.ONBEKEND,
        datum=D(2022, 3, 1),
        terugkerend="",
    )
    Hulpvrager.objects.create(huishouden=a2, naam="Kind")
    a3, hv_a3 = intake(None, org_a, naam="Ans")
    afronden(hv_a3)
    Hulpvraag.objects.filter(pk=hv_a3.pk).update(uitkomst_categorie="")
    StatusWijziging.objects.filter(hulpvraag=hv_a3).update(uitkomst_categorie="")
    b1, _hv = intake(vp_b, org_b, naam="Bram", jaar=None)
    weg, _hv = intake(
        vp_b,
        org_b,
        naam="Weg",
        geslacht=Geslacht.ONBEKEND,
        jaar=None,
        inkomsten=Inkomsten.ONBEKEND,
        terugkerend="",
    )
    Huishouden.objects.filter(pk=weg.pk).update(geanonimiseerd_op=timezone.now())
    return {"a2": a2, "a3": a3, "b1": b1, "hv_a3": hv_a3}


def per_veld(**n):
    fields = (
        "geboortejaar",
        "geslacht",
        "woonplaats",
        "inkomsten",
        "pilot",
        "terugkerend",
        "uitkomst",
    )
    return {name: n.get(name, 0) for name in fields}


@pytest.mark.parametrize(
    ("wie", "velden", "onvolledig"),
    [
        (
            "coordinator",
            per_veld(geboortejaar=2, geslacht=1, inkomsten=1, pilot=1, terugkerend=1, uitkomst=1),
            {"hulpvrager": 2, "huishouden": 1, "hulpvraag": 2},
        ),
        (
            "orgcoordinator",
            per_veld(geboortejaar=1, geslacht=1, inkomsten=1, pilot=1, terugkerend=1, uitkomst=1),
            {"hulpvrager": 1, "huishouden": 1, "hulpvraag": 2},
        ),
        (
            "vp_a",
            per_veld(geboortejaar=1, geslacht=1, inkomsten=1, pilot=1, terugkerend=1),
            {"hulpvrager": 1, "huishouden": 1, "hulpvraag": 1},
        ),
        ("vp_b", per_veld(geboortejaar=1), {"hulpvrager": 1, "huishouden": 0, "hulpvraag": 0}),
    ],
)
def test_the_counts_match_a_hand_count_in_each_scope(data, users, wie, velden, onvolledig):
    tellingen = compleet.tellingen(users[wie])

    assert tellingen["per_veld"] == velden
    assert tellingen["onvolledig"] == onvolledig
    assert tellingen["totaal"] == sum(onvolledig.values())


def test_the_page_lists_each_record_with_links_that_fix_it(client, data, orgcoordinator):
    client.force_login(orgcoordinator)

    page = client.get(reverse("hulpvragen:volledigheid"))

    assert page.status_code == 200
    html = page.content.decode()
    assert '<td class="text-end" id="totaal">4</td>' in html
    rows = {s["soort"]: s["rijen"] for s in page.context["soorten"]}
    a2, a3 = data["a2"], data["a3"]
    person = a2.personen.get(naam="Ahmed")
    hv_a2 = a2.hulpvragen.get()
    assert rows["hulpvrager"] == [
        {
            "wat": f"{a2.referentie} · Ahmed",
            "ontbreekt": [
                {
                    "label": "Geboortejaar (leeftijd)",
                    "url": f"/hulpvragen/personen/{person.uuid}/wijzigen/",
                },
                {"label": "Sekse", "url": f"/hulpvragen/personen/{person.uuid}/wijzigen/"},
            ],
        }
    ]
    assert rows["huishouden"] == [
        {
            "wat": a2.referentie,
            "ontbreekt": [
                {"label": "Inkomsten", "url": f"/hulpvragen/huishoudens/{a2.referentie}/wijzigen/"}
            ],
        }
    ]
    # by household reference: A3's (registered 2021) before A2's (2022)
    assert [r["ontbreekt"] for r in rows["hulpvraag"]] == [
        [
            {
                "label": "Soort uitkomst (afgerond)",
                "url": f"/hulpvragen/{data['hv_a3'].uuid}/soort-uitkomst/",
            }
        ],
        [
            {"label": "Pilot", "url": f"/hulpvragen/{hv_a2.uuid}/wijzigen/"},
            {"label": "Terugkerend of eenmalig", "url": f"/hulpvragen/{hv_a2.uuid}/wijzigen/"},
        ],
    ]
    assert [r["wat"].split(" · ")[0] for r in rows["hulpvraag"]] == [a3.referentie, a2.referentie]
    assert "Bram" not in html  # org_b's: not in the organisation coordinator's scope
    # per trusted person of their organisation: vp_a's 3, the household without one 1
    assert [(r["naam"], r["n"]) for r in page.context["per_vertrouwenspersoon"]] == [
        ("VP A", 3),
        ("(geen vertrouwenspersoon)", 1),
    ]
    assert page.context["per_organisatie"] == []  # coordinators only


def test_a_coordinator_sees_every_organisation_and_opens_one(
    client, data, coordinator, org_a, org_b
):
    client.force_login(coordinator)

    page = client.get(reverse("hulpvragen:volledigheid"))

    assert [(r["naam"], r["n"]) for r in page.context["per_organisatie"]] == [
        (org_a.naam, 4),
        (org_b.naam, 1),
    ]
    one = client.get(reverse("hulpvragen:volledigheid_organisatie", kwargs={"pk": org_b.pk}))
    assert one.status_code == 200 and one.context["tellingen"]["totaal"] == 1
    assert "Bram" in one.content.decode() and "Ahmed" not in one.content.decode()


def test_pages_of_another_organisation_or_trusted_person_are_refused(
    client, data, orgcoordinator, vp_a, vp_b, org_b, users
):
    client.force_login(orgcoordinator)
    assert (
        client.get(
            reverse("hulpvragen:volledigheid_organisatie", kwargs={"pk": org_b.pk})
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("hulpvragen:volledigheid_vertrouwenspersoon", kwargs={"uuid": vp_b.uuid})
        ).status_code
        == 404
    )
    own = client.get(
        reverse("hulpvragen:volledigheid_vertrouwenspersoon", kwargs={"uuid": vp_a.uuid})
    )
    assert own.status_code == 200 and own.context["tellingen"]["totaal"] == 3

    client.force_login(users["vp_b"])
    mine = client.get(reverse("hulpvragen:volledigheid"))
    assert mine.context["tellingen"]["totaal"] == 1
    assert mine.context["per_vertrouwenspersoon"] == [] and "Ahmed" not in mine.content.decode()
    assert (
        client.get(
            reverse("hulpvragen:volledigheid_vertrouwenspersoon", kwargs={"uuid": vp_a.uuid})
        ).status_code
        == 404
    )


def test_filling_in_the_outcome_category_completes_the_record_and_the_report(
    client, data, orgcoordinator
):
    hulpvraag = data["hv_a3"]
    client.force_login(orgcoordinator)
    url = reverse("hulpvragen:hulpvraag_soort_uitkomst", kwargs={"uuid": hulpvraag.uuid})
    assert "Onbekend" in client.get(url).content.decode()

    response = client.post(url, {"uitkomst_categorie": UitkomstCategorie.DEELS_OPGELOST})

    assert response.status_code == 302
    hulpvraag.refresh_from_db()
    assert hulpvraag.uitkomst_categorie == UitkomstCategorie.DEELS_OPGELOST
    closing = hulpvraag.statushistorie.get(naar=Status.AFGEROND)
    assert closing.uitkomst_categorie == UitkomstCategorie.DEELS_OPGELOST
    assert compleet.tellingen(orgcoordinator)["per_veld"]["uitkomst"] == 0
    # once recorded, the page says so and changes nothing
    again = client.post(url, {"uitkomst_categorie": UitkomstCategorie.ANDERS})
    assert again.status_code == 200 and "al vastgelegd" in again.content.decode()
    hulpvraag.refresh_from_db()
    assert hulpvraag.uitkomst_categorie == UitkomstCategorie.DEELS_OPGELOST


def test_the_service_refuses_an_open_request_and_a_recorded_category(data, vp_a):
    from django.core.exceptions import ValidationError

    open_request = data["a2"].hulpvragen.get()
    with pytest.raises(ValidationError, match="afgeronde hulpvraag"):
        services.vul_soort_uitkomst_aan(hulpvraag=open_request, uitkomst_categorie="opgelost")
    hv = data["hv_a3"]
    services.vul_soort_uitkomst_aan(hulpvraag=hv, uitkomst_categorie="opgelost")
    with pytest.raises(ValidationError, match="al vastgelegd"):
        services.vul_soort_uitkomst_aan(hulpvraag=hv, uitkomst_categorie="anders")


def more_records(vp, org, n):
    for i in range(n):
        intake(VertrouwenspersoonFactory(organisatie=org), org, naam=f"Extra {i}", jaar=None)
        intake(vp, org, naam=f"Meer {i}", geslacht=Geslacht.ONBEKEND, terugkerend="")


@pytest.mark.parametrize("wie", ["coordinator", "orgcoordinator", "vp_a"])
def test_the_page_costs_the_same_queries_at_any_size(
    client, data, users, vp_a, org_a, wie, django_assert_max_num_queries
):
    client.force_login(users[wie])
    url = reverse("hulpvragen:volledigheid")
    client.get(url)  # session, menu and the like settled
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    more_records(vp_a, org_a, 8)

    with django_assert_max_num_queries(len(small)):
        page = client.get(url)
    assert page.context["tellingen"]["totaal"] > 5
