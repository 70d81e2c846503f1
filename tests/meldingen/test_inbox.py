"""Issue 17, the inbox: own notices only, newest first; opening one marks it read and leads to its
record only while the recipient may still see it; the unread count in the menu; "Alles gelezen"."""

import datetime

import pytest
from django.urls import reverse

from meldingen.models import Melding, Soort
from tests.factories import HulpvraagFactory


@pytest.fixture
def hulpvraag_a(vp_a):
    return HulpvraagFactory(
        hulpvrager__huishouden__vertrouwenspersoon=vp_a,
        hulpvrager__huishouden__organisatie=vp_a.organisatie,
    )


def melding_voor(user, hulpvraag, *, dag=1):
    return Melding.objects.create(
        ontvanger=user,
        soort=Soort.ZONDER_CONTACT,
        tekst=f"Lang geen contact: {hulpvraag.huishouden.referentie}",
        link=reverse("hulpvragen:hulpvraag_detail", kwargs={"uuid": hulpvraag.uuid}),
        object_type="hulpvragen.hulpvraag",
        object_id=hulpvraag.pk,
        referentie=hulpvraag.huishouden.referentie,
        datum=datetime.date(2024, 3, dag),
    )


def test_the_inbox_shows_only_own_notices_newest_first(client, vp_a, vp_b, hulpvraag_a):
    oud = melding_voor(vp_a.user, hulpvraag_a, dag=1)
    nieuw = melding_voor(vp_a.user, hulpvraag_a, dag=2)
    ander = melding_voor(vp_b.user, hulpvraag_a, dag=3)
    client.force_login(vp_a.user)
    response = client.get(reverse("meldingen:inbox"))
    assert list(response.context["pagina"]) == [nieuw, oud]
    assert reverse("meldingen:open", args=[ander.uuid]) not in response.content.decode()


def test_the_inbox_is_paginated(client, vp_a, hulpvraag_a):
    for dag in range(1, 28):
        melding_voor(vp_a.user, hulpvraag_a, dag=dag)
    client.force_login(vp_a.user)
    assert len(client.get(reverse("meldingen:inbox")).context["pagina"]) == 25
    assert len(client.get(reverse("meldingen:inbox") + "?page=2").context["pagina"]) == 2


def test_opening_a_notice_marks_it_read_and_leads_to_the_record(client, vp_a, hulpvraag_a):
    melding = melding_voor(vp_a.user, hulpvraag_a)
    client.force_login(vp_a.user)
    response = client.get(reverse("meldingen:open", args=[melding.uuid]))
    assert response.status_code == 302
    assert response["Location"] == melding.link
    melding.refresh_from_db()
    assert melding.is_gelezen


def test_a_notice_of_a_record_no_longer_in_scope_is_404(client, vp_a, vp_b, hulpvraag_a):
    melding = melding_voor(vp_a.user, hulpvraag_a)
    huishouden = hulpvraag_a.huishouden
    huishouden.vertrouwenspersoon = vp_b  # handed over: vp_a no longer sees it
    huishouden.save()
    client.force_login(vp_a.user)
    assert client.get(reverse("meldingen:open", args=[melding.uuid])).status_code == 404
    melding.refresh_from_db()
    assert not melding.is_gelezen


def test_someone_elses_notice_is_404(client, vp_a, coordinator, hulpvraag_a):
    melding = melding_voor(vp_a.user, hulpvraag_a)
    client.force_login(coordinator)
    assert client.get(reverse("meldingen:open", args=[melding.uuid])).status_code == 404


def test_unread_count_in_the_menu_and_alles_gelezen(client, vp_a, vp_b, hulpvraag_a):
    melding_voor(vp_a.user, hulpvraag_a, dag=1)
    melding_voor(vp_a.user, hulpvraag_a, dag=2)
    anders = melding_voor(vp_b.user, hulpvraag_a, dag=3)
    client.force_login(vp_a.user)
    assert client.get(reverse("home"), follow=True).context["meldingen_ongelezen"] == 2
    assert client.get(reverse("meldingen:alles_gelezen")).status_code == 405
    response = client.post(reverse("meldingen:alles_gelezen"))
    assert response["Location"] == reverse("meldingen:inbox")
    assert client.get(reverse("home"), follow=True).context["meldingen_ongelezen"] == 0
    anders.refresh_from_db()
    assert not anders.is_gelezen


def test_the_menu_count_is_one_query(rf, vp_a, hulpvraag_a, django_assert_num_queries):
    from meldingen.context_processors import ongelezen

    melding_voor(vp_a.user, hulpvraag_a)
    request = rf.get("/")
    request.user = vp_a.user
    context = ongelezen(request)
    with django_assert_num_queries(1):
        assert context["meldingen_ongelezen"] == 1
        assert str(context["meldingen_ongelezen"]) == "1"


def test_the_inbox_words_counts_in_the_readers_language(client, coordinator):
    Melding.objects.create(
        ontvanger=coordinator,
        soort=Soort.WEEKOVERZICHT,
        tekst="Weekoverzicht: ...",
        link=reverse("hulpvragen:overzicht"),
        object_type="auth.user",
        object_id=coordinator.pk,
        datum=datetime.date(2024, 3, 11),
        aantallen={"open": 12, "zonder_contact": 3, "onder_doel": 1},
    )
    client.force_login(coordinator)

    nl = client.get(reverse("meldingen:inbox")).content.decode()
    en = client.get(reverse("meldingen:inbox"), headers={"accept-language": "en"}).content.decode()

    assert "12 open hulpvragen" in nl and "1 vertrouwenspersoon onder het doel" in nl
    assert "12 open help requests" in en and "3 no contact for more than 21 days" in en
