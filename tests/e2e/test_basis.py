import pytest
from playwright.sync_api import expect

from netwerk.roles import Rol
from tests.browser import PHONE, assert_accessible, assert_no_horizontal_scroll
from tests.e2e.journey import log_out
from tests.factories import OrganisatieFactory, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_on_a_phone_reaches_the_home_page_and_logout_works(page, live_server, login):
    make_user("vp_e2e", Rol.VERTROUWENSPERSOON, OrganisatieFactory())
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    login(page, "vp_e2e")

    expect(page.get_by_role("heading", name="Mijn huishoudens")).to_be_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    log_out(page, "vp_e2e")


def test_wrong_password_shows_a_dutch_message(page, live_server, login):
    make_user("iemand")

    login(page, "iemand", password="fout-wachtwoord")

    expect(page.get_by_text("Voer een juiste gebruikersnaam en wachtwoord in")).to_be_visible()
