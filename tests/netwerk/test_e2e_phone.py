"""The netwerk pages in a real browser at 360 px: no sideways scrolling, no serious axe finding."""

import pytest
from django.urls import reverse

from netwerk.roles import Rol
from tests.browser import PHONE, assert_accessible, assert_no_horizontal_scroll
from tests.factories import OrganisatieFactory, VertrouwenspersoonFactory, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_netwerk_pages_fit_a_phone(page, live_server, login):
    org = OrganisatieFactory(
        naam="Stichting Buurthulp Oost met een lange naam",
        aanbod="Vertrouwenspersonen, hulp bij formulieren, maaltijden en taalondersteuning. " * 3,
        website="https://een-lange-websitenaam-van-de-organisatie.example/pagina/over-ons",
        email="informatie.en.aanmeldingen@buurthulp-oost.example",
    )
    persoon = VertrouwenspersoonFactory(organisatie=org, telefoon="06-12345678")
    coordinator = make_user("coordinator_e2e", Rol.COORDINATOR)
    vp_user = make_user("vp_e2e", Rol.VERTROUWENSPERSOON, org)
    persoon.user = vp_user
    persoon.save()
    pages = [
        reverse("netwerk:organisatie_list"),
        reverse("netwerk:organisatie_detail", args=[org.pk]),
        reverse("netwerk:organisatie_create"),
        reverse("netwerk:vertrouwenspersoon_list"),
        reverse("netwerk:vertrouwenspersoon_detail", args=[persoon.uuid]),
        reverse("netwerk:vertrouwenspersoon_update", args=[persoon.uuid]),
        reverse("netwerk:gebruiker_list"),
        reverse("netwerk:gebruiker_create"),
        reverse("netwerk:gebruiker_detail", args=[vp_user.profiel.uuid]),
        reverse("netwerk:gebruiker_update", args=[vp_user.profiel.uuid]),
        reverse("netwerk:gebruiker_wachtwoord", args=[vp_user.profiel.uuid]),
    ]
    page.set_viewport_size(PHONE)
    login(page, coordinator.username)

    for path in pages:
        page.goto(f"{live_server.url}{path}")

        assert_no_horizontal_scroll(page)
        assert_accessible(page)
