"""The e-mail choice in a real browser at 360 px: reached from the inbox, no sideways scrolling,
no serious axe finding, the choice stored."""

import pytest

from meldingen.models import EmailKeuze, MeldingVoorkeur
from tests.browser import PHONE, assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_trusted_person_chooses_direct_mail_on_a_phone(page, live_server, login, vp_a):
    vp_a.user.email = "vp_a@example.nl"
    vp_a.user.save()
    login(page, vp_a.user.username, viewport=PHONE)
    page.goto(f"{live_server.url}/meldingen/")

    page.get_by_role("link", name="E-mail over meldingen").click()

    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    assert "E-mails gaan naar vp_a@example.nl." in page.content()
    page.get_by_label("Direct: een e-mail bij nieuwe meldingen").check()
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/meldingen/")
    assert "Uw keuze voor e-mail is opgeslagen." in page.content()
    assert MeldingVoorkeur.objects.get(user=vp_a.user).email == EmailKeuze.DIRECT
