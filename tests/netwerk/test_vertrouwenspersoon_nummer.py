"""A trusted person's own number (issue 22 §7): given once by the service, shown in the list and
on the person's page, found by the name search, never the database key."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from netwerk import services
from netwerk.models import Vertrouwenspersoon, VertrouwenspersoonStatus
from tests.factories import VertrouwenspersoonFactory

LIST = reverse("netwerk:vertrouwenspersoon_list")


def test_a_new_trusted_person_gets_the_next_number(org_a):
    eerste = VertrouwenspersoonFactory(organisatie=org_a)
    Vertrouwenspersoon.objects.filter(pk=eerste.pk).update(nummer=41)

    nieuw = services.save_vertrouwenspersoon(
        vertrouwenspersoon=Vertrouwenspersoon(
            naam="Nieuwe", organisatie=org_a, status=VertrouwenspersoonStatus.ACTIEF
        )
    )
    nieuw.naam = "Nieuwe Naam"
    services.save_vertrouwenspersoon(vertrouwenspersoon=nieuw, versie=nieuw.versie)

    assert Vertrouwenspersoon.objects.get(pk=nieuw.pk).nummer == 42  # kept on a change


def test_many_at_once_are_numbered_in_order(org_a):
    VertrouwenspersoonFactory(organisatie=org_a)
    hoogste = Vertrouwenspersoon.objects.get().nummer

    personen = services.register_vertrouwenspersonen(
        vertrouwenspersonen=[
            {"naam": f"Import {i}", "organisatie_id": org_a.pk, "status": "actief"}
            for i in range(3)
        ]
    )

    assert [p.nummer for p in personen] == [hoogste + 1, hoogste + 2, hoogste + 3]


def test_two_trusted_persons_never_share_a_number(org_a):
    bestaand = VertrouwenspersoonFactory(organisatie=org_a)

    with pytest.raises(IntegrityError), transaction.atomic():
        Vertrouwenspersoon.objects.create(naam="Dubbel", organisatie=org_a, nummer=bestaand.nummer)


def test_a_save_that_lost_the_race_takes_the_next_number(org_a, monkeypatch):
    """Another save took the number between reading the highest and inserting: the unique
    constraint refuses the insert and the service takes the next free number."""
    bezet = VertrouwenspersoonFactory(organisatie=org_a)
    echte = services.ken_nummers_toe
    calls = []

    def verouderd(personen):  # the first read still sees the number before `bezet`
        calls.append(1)
        echte(personen)
        if len(calls) == 1:
            personen[0].nummer = bezet.nummer

    monkeypatch.setattr(services, "ken_nummers_toe", verouderd)
    nieuw = services.save_vertrouwenspersoon(
        vertrouwenspersoon=Vertrouwenspersoon(naam="Later", organisatie=org_a)
    )

    assert nieuw.nummer == bezet.nummer + 1 and len(calls) == 2


def test_the_number_shows_in_the_list_and_on_the_page_and_is_found(client, coordinator, org_a):
    anna = VertrouwenspersoonFactory(naam="Anna", organisatie=org_a)
    bram = VertrouwenspersoonFactory(naam="Bram", organisatie=org_a)
    for i, persoon in enumerate(Vertrouwenspersoon.objects.order_by("pk")):  # no number is a key
        Vertrouwenspersoon.objects.filter(pk=persoon.pk).update(nummer=10_000 + i)
    anna.refresh_from_db()
    bram.refresh_from_db()
    client.force_login(coordinator)

    lijst = client.get(LIST).content.decode()
    pagina = client.get(bram.get_absolute_url()).content.decode()
    op_nummer = client.get(LIST, {"q": str(bram.nummer)}).context["table"]
    op_hekje = client.get(LIST, {"q": f"#{bram.nummer}"}).context["table"]
    op_sleutel = client.get(LIST, {"q": str(bram.pk)}).context["table"]
    op_naam = client.get(LIST, {"q": "ann"}).context["table"]
    enorm = client.get(LIST, {"q": "9" * 30})

    assert f">{bram.nummer}</td>" in lijst
    assert "Nummer" in pagina and f">{bram.nummer}<" in pagina
    assert [r.record for r in op_nummer.page] == [bram]
    assert [r.record for r in op_hekje.page] == [bram]
    assert bram not in [r.record for r in op_sleutel.page]
    assert [r.record for r in op_naam.page] == [anna]
    assert enorm.status_code == 200 and not list(enorm.context["table"].page)
