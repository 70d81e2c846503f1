import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from registratie.models import WerkmapLog


@pytest.mark.django_db
def test_workbook_log_is_read_only_in_the_admin(client):
    admin = get_user_model().objects.create_superuser("beheer", password="x" * 12)
    log = WerkmapLog.objects.create(actie="import", door=admin, bestandsnaam="oost.xlsx")
    client.force_login(admin)

    assert client.get(reverse("admin:registratie_werkmaplog_changelist")).status_code == 200
    assert client.get(reverse("admin:registratie_werkmaplog_add")).status_code == 403
    client.post(reverse("admin:registratie_werkmaplog_delete", args=[log.pk]), {"post": "yes"})
    assert WerkmapLog.objects.get().bestandsnaam == "oost.xlsx"
