"""Issue 23 §3 in the browser: an organisation coordinator opens the completeness page from the
menu, follows the link that fixes a missing outcome category and sees the count drop; axe
(WCAG 2.1 AA) and no horizontal scroll at 360 px on both pages."""

import pytest
from playwright.sync_api import expect

from hulpvragen.models import Hulpvraag, StatusWijziging
from tests.browser import DESKTOP
from tests.e2e.journey import check, menu
from tests.hulpvragen.test_volledigheid import afronden, intake

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_completeness_page_leads_to_the_fix(page, login, orgcoordinator, vp_a, org_a):
    _hh, hulpvraag = intake(vp_a, org_a, naam="Anna")
    afronden(hulpvraag)
    Hulpvraag.objects.filter(pk=hulpvraag.pk).update(uitkomst_categorie="")
    StatusWijziging.objects.filter(hulpvraag=hulpvraag).update(uitkomst_categorie="")
    login(page, orgcoordinator.username, DESKTOP)

    menu(page, "Rapportage", "Volledigheid")

    expect(page.get_by_role("heading", level=1)).to_have_text("Volledigheid van de registratie")
    uitkomst = page.locator('tr[data-veld="Soort uitkomst (afgerond)"] td').nth(1)
    expect(uitkomst).to_have_text("1")
    expect(page.locator("#totaal")).to_have_text("1")  # one record: no pilot, no outcome category
    check(page)
    page.get_by_role("link", name="Soort uitkomst (afgerond) aanvullen").click()
    check(page)
    page.get_by_label("Soort uitkomst").select_option(label="Deels opgelost")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Soort uitkomst vastgelegd.")).to_be_visible()

    menu(page, "Rapportage", "Volledigheid")
    expect(uitkomst).to_have_text("0")
    expect(page.locator("#totaal")).to_have_text("1")  # the pilot is still missing
