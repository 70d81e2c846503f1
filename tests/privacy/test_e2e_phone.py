"""The privacy pages in a real browser at 360 px: no sideways scrolling, no serious axe finding,
and the anonymisation done by tapping through both confirmations."""

import pytest
from django.urls import reverse

from hulpvragen.models import Huishouden
from tests.browser import PHONE, assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_privacy_pages_fit_a_phone_and_anonymise_in_two_steps(
    page, live_server, login, coordinator, dossier
):
    ref = dossier.referentie
    pages = [
        dossier.get_absolute_url(),
        dossier.hulpvragen.get().get_absolute_url(),
        dossier.aanvragen.get().get_absolute_url(),
        reverse("privacy:toestemming_create", args=[ref]),
        reverse("hulpvragen:doorverwijzing_create", args=[dossier.hulpvragen.get().uuid]),
    ]
    login(page, coordinator.username, viewport=PHONE)
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        assert_no_horizontal_scroll(page)
        assert_accessible(page)

    page.goto(f"{live_server.url}{dossier.get_absolute_url()}")
    page.get_by_role("link", name="Anonimiseren").click()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.get_by_label("Ik begrijp dat dit niet ongedaan kan worden gemaakt.").check()
    page.get_by_label("Typ de referentie van het huishouden").fill(ref)
    page.get_by_role("button", name="Definitief anonimiseren").click()

    page.wait_for_url(f"**{dossier.get_absolute_url()}")
    assert "Dit huishouden is geanonimiseerd op" in page.content()
    assert Huishouden.objects.get(pk=dossier.pk).geanonimiseerd_op is not None
