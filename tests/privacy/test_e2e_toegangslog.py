"""The access-log page in a real browser at 360 px: no sideways scrolling, no serious axe finding."""

import pytest
from django.urls import reverse

from netwerk.models import Toegangslog
from netwerk.roles import Rol
from tests.browser import PHONE, assert_accessible, assert_no_horizontal_scroll
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_log_page_fits_a_phone(page, live_server, login):
    coordinator = make_user("coordinator_e2e", Rol.COORDINATOR)
    for i in range(30):
        Toegangslog.objects.create(
            gebruikersnaam="een_lange_gebruikersnaam",
            actie="bekeken",
            view="hulpvragen:huishouden_detail",
            pad=f"/hulpvragen/huishoudens/HH-2021-{i:04d}/",
            object_type="hulpvragen.huishouden",
            object_id=str(i),
            object_ref=f"HH-2021-{i:04d}",
        )
    page.set_viewport_size(PHONE)
    login(page, coordinator.username)

    page.goto(f"{live_server.url}{reverse('privacy:toegangslog_list')}?actie=bekeken")

    assert page.get_by_role("heading", name="Toegangslog").is_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
