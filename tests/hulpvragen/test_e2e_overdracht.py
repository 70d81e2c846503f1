"""The handover on a phone (360 px): the coordinator sees a stopped trusted person on "In beeld",
opens the handover page and hands the households over (axe on each page)."""

import pytest
from playwright.sync_api import expect

from netwerk.models import VertrouwenspersoonStatus
from tests.browser import PHONE, assert_accessible, assert_no_horizontal_scroll
from tests.hulpvragen.conftest import make_household

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_hands_over_a_stopped_trusted_persons_households_on_a_phone(
    page, live_server, login, coordinator, vp_a, vp_b
):
    huishouden = make_household(vp_a)
    vp_a.status = VertrouwenspersoonStatus.GESTOPT
    vp_a.save()
    page.set_viewport_size(PHONE)
    login(page, coordinator.username)

    page.goto(f"{live_server.url}/hulpvragen/in-beeld/")
    expect(page.get_by_text("gestopte vertrouwenspersoon met open huishoudens")).to_be_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_role("link", name="Huishoudens overdragen").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("VP A")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_label("Nieuwe vertrouwenspersoon").select_option(label=str(vp_b))
    page.get_by_role("button", name="Overdragen").click()

    expect(page.get_by_text("1 huishouden overgedragen aan VP B.")).to_be_visible()
    huishouden.refresh_from_db()
    assert huishouden.vertrouwenspersoon == vp_b
