import datetime
import json
import re

import pytest
from django.urls import reverse

from netwerk.models import Vertrouwenspersoon
from rapportage.report.categories import (
    INKOMSTEN,
    LEEFTIJD,
    SEKSE,
    STATUS,
    TYPE_VRAAG,
    WOONPLAATS,
)
from rapportage.report.forms import last_quarters
from tests.factories import AanvraagFactory
from tests.rapportage.conftest import PEILDATUM, make_hulpvraag, open_xlsx, sheet_table
from tests.taken.jobs import job_download

D = datetime.date
URL = reverse("rapportage:rapport")
XLSX = reverse("rapportage:rapport_xlsx")
Q = "?peildatum=2021-03-01"


@pytest.fixture
def two_orgs(pilot2, vp_a, vp_b):
    """One help request and one application at org_a (vp_a), two of each at org_b (vp_b)."""
    make_hulpvraag(pilot=pilot2, vp=vp_a)
    make_hulpvraag(pilot=pilot2, vp=vp_b)
    make_hulpvraag(pilot=pilot2, vp=vp_b)
    AanvraagFactory(organisatie=vp_a.organisatie, vertrouwenspersoon=vp_a)
    AanvraagFactory(organisatie=vp_b.organisatie, vertrouwenspersoon=vp_b)
    AanvraagFactory(organisatie=vp_b.organisatie)


def totals(response, title):
    table = next(t for t in response.context["tables"] if t["title"] == title)
    return table["totaal"]


@pytest.mark.parametrize("url", [URL, XLSX])
def test_anonymous_goes_to_login(client, db, url):
    response = client.get(url + Q)

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("who", ["vp_a", "commissie", "opleider", "outsider"])
@pytest.mark.parametrize("url", [URL, XLSX])
def test_other_roles_get_404(client, users, who, url):
    client.force_login(users[who])

    assert client.get(url + Q).status_code == 404


def test_coordinator_sees_everything(client, coordinator, two_orgs):
    client.force_login(coordinator)

    response = client.get(URL + Q)

    assert response.status_code == 200
    assert totals(response, SEKSE) == ["Totaal", 3, 3]
    assert totals(response, WOONPLAATS)[1] == 3
    assert b"Download als Excel" in response.content


def test_orgcoordinator_sees_only_their_organisation(client, orgcoordinator, two_orgs, org_b):
    client.force_login(orgcoordinator)

    response = client.get(URL + Q + f"&organisatie={org_b.pk}")

    assert response.status_code == 200
    assert "organisatie" not in response.context["form"].fields
    assert totals(response, SEKSE) == ["Totaal", 1, 1]
    assert totals(response, WOONPLAATS)[1] == 1
    figures = {f.key: f.value for f in response.context["report"].key_figures}
    assert figures["hulpvragen_totaal"] == 1 and figures["vertrouwenspersonen_actief"] == 1


def test_orgcoordinator_cannot_pick_another_organisations_trusted_person(
    client, orgcoordinator, two_orgs, vp_b
):
    client.force_login(orgcoordinator)

    response = client.get(URL + Q + f"&vertrouwenspersoon={vp_b.pk}")

    assert response.status_code == 400
    assert response.context["report"] is None
    assert "vertrouwenspersoon" in response.context["form"].errors
    assert b"VP B" not in response.content


def test_orgcoordinator_excel_is_limited_too(client, orgcoordinator, two_orgs):
    client.force_login(orgcoordinator)

    response = job_download(client, client.get(XLSX + Q))
    wb = open_xlsx(b"".join(response.streaming_content))

    assert response.status_code == 200
    assert sheet_table(wb["Sekse"])["rows"][-1] == ["Totaal", 1, 1]


def test_coordinator_filters_by_organisation_and_trusted_person(
    client, coordinator, two_orgs, org_b, vp_a
):
    client.force_login(coordinator)

    by_org = client.get(URL + Q + f"&organisatie={org_b.pk}")
    by_vp = client.get(URL + Q + f"&vertrouwenspersoon={vp_a.pk}")

    assert totals(by_org, SEKSE) == ["Totaal", 2, 2]
    assert totals(by_org, WOONPLAATS)[1] == 2
    assert totals(by_vp, SEKSE) == ["Totaal", 1, 1]
    assert org_b.naam in by_org.context["report"].scope


def _targets(response):
    return {f.key: (f.value, f.target) for f in response.context["report"].key_figures}


def test_a_filtered_report_shows_only_targets_of_the_filter(
    client, coordinator, two_orgs, org_a, org_b, vp_a
):
    """The pilot's target (40) is the network's: an organisation's figures go against its own
    target when one is set, else none; a trusted person's against none."""
    org_b.taakstelling = 12
    org_b.save()
    client.force_login(coordinator)

    network = _targets(client.get(URL + Q))
    own = _targets(client.get(URL + Q + f"&organisatie={org_b.pk}"))
    none = client.get(URL + Q + f"&organisatie={org_a.pk}")
    by_vp = _targets(client.get(URL + Q + f"&vertrouwenspersoon={vp_a.pk}"))

    assert network["hulpvragen_pilot-2"] == (3, 40) and network["hulpvragen_totaal"] == (3, 40)
    assert own["hulpvragen_pilot-2"] == (2, 12) and own["hulpvragen_totaal"] == (2, 12)
    assert _targets(none)["hulpvragen_pilot-2"] == (1, None)
    assert _targets(none)["hulpvragen_totaal"] == (1, None)
    assert by_vp["hulpvragen_pilot-2"] == (1, None) and by_vp["hulpvragen_totaal"] == (1, None)
    assert 'text-muted">taakstelling</span>' not in none.content.decode()


def test_orgcoordinator_report_sets_the_organisation_against_its_own_target(
    client, orgcoordinator, two_orgs, org_a
):
    client.force_login(orgcoordinator)
    without = _targets(client.get(URL + Q))
    org_a.taakstelling = 5
    org_a.save()

    own = _targets(client.get(URL + Q))

    assert without["hulpvragen_pilot-2"] == (1, None)
    assert without["hulpvragen_totaal"] == (1, None)
    assert own["hulpvragen_pilot-2"] == (1, 5) and own["hulpvragen_totaal"] == (1, 5)


def test_page_renders_tables_charts_and_key_figures_without_inline_script(
    client, coordinator, two_orgs
):
    client.force_login(coordinator)

    html = client.get(URL + Q).content.decode()

    # the eight, the outcomes, the fund chain's three, the route; and the trend
    assert html.count("<table") == 13 + 1
    assert html.count('scope="col"') >= 9 * 2
    assert html.count("<canvas") == 13
    assert "js/staafgrafiek.js" in html and "vendor/chartjs/chart.umd.min.js" in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert all('type="application/json"' in attrs or not body.strip() for attrs, body in scripts)
    data = json.loads(re.search(r'<script id="tabel-1-data" type="application/json">(.*?)</script>', html, re.S).group(1))  # fmt: skip
    assert data["labels"][0] == "1 t/m 20 jaar"
    assert data["reeksen"][0]["label"] == "Pilot 2"
    assert "Hulpvragen met formele betrokkenheid" in html
    assert "doorverwijzing naar een formele instantie" in html  # its definition


def test_page_states_both_rounding_rules_beside_the_figures(client, coordinator, two_orgs):
    client.force_login(coordinator)

    html = client.get(URL + Q).content.decode()

    key_figures = html.split('id="kerncijfers-kop"')[1].split("rapport-tabel")[0]
    assert "12,5% wordt 13%" in key_figures
    for number in (5, 6, 7, 8):  # the fund tables, each with its rule under it
        rule = re.search(rf'id="tabel-{number}-regel">([^<]*)<', html).group(1)
        assert "grootste resten" in rule and "100%" in rule
    assert "N.G" in re.search(r'id="tabel-4-regel">([^<]*)<', html).group(1)


def test_excel_link_carries_the_same_parameters(client, coordinator, two_orgs, org_b):
    client.force_login(coordinator)

    response = client.get(URL + f"?peildatum=2021-03-01&van=2020-11-01&organisatie={org_b.pk}")

    query = response.context["xlsx_query"]
    assert "peildatum=2021-03-01" in query and "van=2020-11-01" in query
    assert f"organisatie={org_b.pk}" in query
    download = job_download(client, client.get(f"{XLSX}?{query}"))
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith('rapportage-2021-03-01.xlsx"')
    assert (
        sheet_table(open_xlsx(b"".join(download.streaming_content))["Sekse"])["rows"][-1][-1] == 2
    )


def test_start_after_peildatum_shows_a_dutch_error_and_no_report(client, coordinator, db):
    client.force_login(coordinator)

    response = client.get(URL + "?peildatum=2021-03-01&van=2021-04-01")

    assert response.status_code == 400
    assert response.context["report"] is None
    assert "De startdatum ligt na de peildatum." in response.content.decode()


def test_bad_excel_parameters_go_back_to_the_page(client, coordinator, db):
    client.force_login(coordinator)

    response = client.get(XLSX + "?peildatum=geen-datum")

    assert response.status_code == 302
    assert response["Location"].startswith(URL)


def test_without_parameters_the_peildatum_is_today(client, coordinator, db):
    client.force_login(coordinator)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["report"].params.peildatum == datetime.date.today()


def test_presets_are_the_last_four_quarters_and_the_whole_period(client, coordinator, db):
    client.force_login(coordinator)

    presets = client.get(URL).context["presets"]

    assert len(presets) == 5
    assert presets[-1]["label"] == "Hele periode"
    assert "van=" not in presets[-1]["query"]


def test_last_quarters():
    quarters = last_quarters(D(2021, 3, 1))

    assert [(s, e) for _l, s, e in quarters] == [
        (D(2020, 10, 1), D(2020, 12, 31)),
        (D(2020, 7, 1), D(2020, 9, 30)),
        (D(2020, 4, 1), D(2020, 6, 30)),
        (D(2020, 1, 1), D(2020, 3, 31)),
    ]
    assert quarters[0][0] == "Kwartaal 4 2020"


def test_page_query_count_does_not_grow_with_the_data(client, coordinator, pilot2, vp_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(coordinator)
    make_hulpvraag(pilot=pilot2, vp=vp_a)
    client.get(URL + Q)  # the first view also remembers the report (rapportage.warmhouden)
    make_hulpvraag(pilot=pilot2, vp=vp_a)
    with CaptureQueriesContext(connection) as few:
        client.get(URL + Q)
    for _ in range(20):
        make_hulpvraag(pilot=pilot2, vp=vp_a)
        AanvraagFactory(organisatie=vp_a.organisatie, ingediend_op=PEILDATUM)

    with CaptureQueriesContext(connection) as many:
        client.get(URL + Q)

    assert len(few.captured_queries) == len(many.captured_queries)


@pytest.mark.parametrize("peildatum", ["0001-01-01", "1999-12-31", "9999-12-31"])
def test_a_peildatum_the_report_cannot_compute_with_is_refused_on_the_page(
    client, coordinator, peildatum
):
    """The trend reaches eight quarters back: 0001-01-01 was an OverflowError (a 500)."""
    client.force_login(coordinator)

    response = client.get(URL, {"peildatum": peildatum})

    assert response.status_code == 400  # as every refused parameter of the page
    assert "kan niet" in response.content.decode()


def onbekend(response, title):
    return next(t for t in response.context["tables"] if t["title"] == title)["onbekend"]


def test_each_table_shows_its_share_of_onbekend_for_the_filter_in_effect(
    client, coordinator, orgcoordinator, pilot2, vp_a, vp_b
):
    """Issue 23 §3: beside each table the share the registration left unknown."""
    make_hulpvraag(pilot=pilot2, vp=vp_a, terugkerend="eenmalig")
    make_hulpvraag(pilot=pilot2, vp=vp_b, geboortejaar=None)
    make_hulpvraag(pilot=pilot2, vp=vp_b, geslacht="onbekend", terugkerend="terugkerend")
    client.force_login(coordinator)

    alles = client.get(URL + Q)
    org_b = client.get(URL + Q + f"&organisatie={vp_b.organisatie.pk}")

    assert onbekend(alles, LEEFTIJD) == {
        "n": 1,
        "totaal": 3,
        "pct": 33,
        "label": "Onbekend",
        "tekst": "Onbekend: 1 van 3 (33%)",
    }
    assert (onbekend(org_b, LEEFTIJD)["n"], onbekend(org_b, LEEFTIJD)["totaal"]) == (1, 2)
    assert (onbekend(alles, SEKSE)["n"], onbekend(alles, SEKSE)["pct"]) == (1, 33)
    assert onbekend(alles, TYPE_VRAAG)["n"] == 1  # one without recurrence recorded
    assert onbekend(org_b, TYPE_VRAAG)["n"] == 1 and onbekend(org_b, TYPE_VRAAG)["pct"] == 50
    assert onbekend(alles, STATUS) is None and onbekend(alles, WOONPLAATS) is None
    html = alles.content.decode()
    assert "Onbekend: 1 van 3 (33%)" in html
    assert "Terugkerend/eenmalig niet geregistreerd: 1 van 3 (33%)" in html
    assert reverse("hulpvragen:volledigheid") in html

    client.force_login(orgcoordinator)  # org_a: vp_a's one help request, nothing unknown
    eigen = client.get(URL + Q)
    assert onbekend(eigen, LEEFTIJD)["tekst"] == "Onbekend: 0 van 1 (0%)"


def test_the_unknown_income_of_fund_applications_leads_to_them_in_the_fund_list(
    client, coordinator, org_a
):
    """The income table's "aanvullen" opens the fund list filtered on the unknown income (the
    help requests' completeness page holds no applications); the list shows just those."""
    onbekend = AanvraagFactory(
        organisatie=org_a, ingediend_op=datetime.date(2021, 2, 1), inkomsten="onbekend"
    )
    AanvraagFactory(organisatie=org_a, ingediend_op=datetime.date(2021, 2, 1), inkomsten="werk")
    client.force_login(coordinator)

    response = client.get(URL + Q)
    inkomsten = next(t for t in response.context["tables"] if t["title"] == INKOMSTEN)
    lijst = client.get(inkomsten["aanvullen"])

    assert inkomsten["onbekend"]["n"] == 1
    assert f'href="{inkomsten["aanvullen"]}"'.replace("&", "&amp;") in response.content.decode()
    assert inkomsten["aanvullen"] == reverse("noodfonds:aanvraag_list") + "?inkomsten=onbekend"
    assert [r.record for r in lijst.context["table"].page] == [onbekend]


def test_with_many_trusted_persons_the_filter_takes_their_own_number(
    client, coordinator, two_orgs, vp_a, vp_b, monkeypatch
):
    """Issue 22 §7: above the drop-down's limit the report's trusted person is typed by their
    number, not by the database key."""
    monkeypatch.setattr("samenvooruit.forms.MAX_KEUZES", 1)
    for i, persoon in enumerate(Vertrouwenspersoon.objects.order_by("pk")):  # no number is a key
        Vertrouwenspersoon.objects.filter(pk=persoon.pk).update(nummer=10_000 + i)
    vp_b.refresh_from_db()
    client.force_login(coordinator)

    by_number = client.get(URL + Q + f"&vertrouwenspersoon={vp_b.nummer}")
    by_key = client.get(URL + Q + f"&vertrouwenspersoon={vp_b.pk}")

    assert by_number.status_code == 200
    assert by_number.context["form"].cleaned_data["vertrouwenspersoon"] == vp_b
    assert 'inputmode="numeric"' in by_number.content.decode()
    assert by_key.status_code == 400
