"""Issue 18 §2: on a phone (< 576 px) every list reads as cards, the hand-written list tables too
(pilots, signals per theme, the committee's decisions): no column headers, each row a card, each
value after its column's name; at a desk they are tables again."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from hulpvragen.models import Signaal, Thema
from noodfonds.choices import AanvraagStatus, BesluitRoute
from tests.browser import DESKTOP, PHONE, assert_no_horizontal_scroll
from tests.factories import AanvraagFactory, PilotFactory

pytestmark = pytest.mark.django_db(transaction=True)

# per card table on the page: whether its header shows, how its rows are laid out, and each
# cell of its first row as "name: value" (the name is the cell's ::before, from data-label)
CARDS = """() => [...document.querySelectorAll('.tabel-kaarten > table')].map(t => ({
    header: getComputedStyle(t.tHead).display,
    row: getComputedStyle(t.tBodies[0].rows[0]).display,
    cells: [...t.tBodies[0].rows[0].cells].map(c =>
        (getComputedStyle(c, '::before').content.replace(/^"|"$/g, '') + ': ' + c.innerText.trim())),
}))"""


def cards_on(page, url):
    page.goto(url)
    return page.evaluate(CARDS)


def test_hand_written_lists_read_as_cards_on_a_phone(page, live_server, login, users):
    PilotFactory(naam="Pilot Oost", startdatum=datetime.date(2026, 1, 1), taakstelling=40)
    Signaal.objects.create(
        datum=datetime.date(2026, 3, 1),
        thema=Thema.objects.first(),
        tekst="Lange wachttijd schuldhulp",
        aangemaakt_door=users["coordinator"],
    )
    AanvraagFactory(
        referentie="NF-2026-0042",
        status=AanvraagStatus.TOEGEKEND,
        besluit_route=BesluitRoute.COMMISSIE,
        besloten_op=datetime.date(2026, 3, 2),
        toegekend_bedrag=150,
    )
    login(page, users["coordinator"].username, PHONE)

    pilots = cards_on(page, live_server.url + reverse("hulpvragen:pilot_list"))
    assert pilots[0]["header"] == "none" and pilots[0]["row"] == "block"
    assert pilots[0]["cells"][0] == "Naam: Pilot Oost"
    assert pilots[0]["cells"][1].startswith("Periode: 01-01-2026 – ")
    assert "Taakstelling: 40" in pilots[0]["cells"]
    assert_no_horizontal_scroll(page)
    expect(page.get_by_role("link", name="Pilot Oost")).to_be_visible()

    signalen = cards_on(page, live_server.url + reverse("hulpvragen:signaal_list"))
    assert signalen[0]["header"] == "none"
    assert signalen[0]["cells"][1:] == ["Signalen: 1", "Hulpvragen: 0"]
    assert_no_horizontal_scroll(page)

    page.set_viewport_size(DESKTOP)  # at a desk a table again
    pilots = cards_on(page, live_server.url + reverse("hulpvragen:pilot_list"))
    assert pilots[0]["header"] == "table-header-group" and pilots[0]["row"] == "table-row"

    page.context.clear_cookies()  # logged out
    login(page, users["commissie"].username, PHONE)
    besluiten = cards_on(page, live_server.url + reverse("noodfonds:commissie"))
    assert besluiten[0]["header"] == "none" and besluiten[0]["row"] == "block"
    assert besluiten[0]["cells"][0] == "Referentie: NF-2026-0042"
    assert besluiten[0]["cells"][3].startswith("Toegekend: € 150")
    assert_no_horizontal_scroll(page)
