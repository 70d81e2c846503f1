"""Issue 23 §2: merging two households or two persons. Everything moves to the kept record
(help requests with their history, contacts and referrals, persons, consents, applications), the
change history and the access log record it, the removed household's reference leads to the kept
one, and the quarterly report stays exactly the same. Runs on SQLite and, with DATABASE_URL, on
PostgreSQL."""

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from hulpvragen import selectors as hv_selectors
from hulpvragen import services as casework
from hulpvragen.choices import Geslacht, Status
from hulpvragen.models import Huishouden, Hulpvraag, Hulpvrager, OudeReferentie
from meldingen.models import Melding, Soort
from netwerk.models import Toegangslog
from netwerk.toegangslog import Actie
from noodfonds.choices import AanvraagStatus
from noodfonds.models import Aanvraag
from samenvoegen import services
from tests.factories import PilotFactory
from tests.samenvoegen.conftest import DAY, household

pytestmark = pytest.mark.django_db

PEILDATUM = "2021-03-01"


def rapport() -> dict:
    out = io.StringIO()
    call_command("rapportage", "--peildatum", PEILDATUM, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_everything_of_the_removed_household_moves_to_the_kept_one(coordinator, twee):
    a, b = twee
    b_hulpvragen = set(b.hulpvragen.values_list("pk", flat=True))
    b_personen = set(b.personen.values_list("pk", flat=True))

    result = services.voeg_huishoudens_samen(behouden=a, weg=b, door=coordinator)

    assert result.aantallen == {"aanvragen": 1, "personen": 2, "hulpvragen": 2, "toestemmingen": 2}
    assert not Huishouden.objects.filter(pk=b.pk).exists()
    assert b_hulpvragen <= set(a.hulpvragen.values_list("pk", flat=True))
    assert b_personen <= set(a.personen.values_list("pk", flat=True))
    assert a.personen.filter(is_hoofdpersoon=True).get().naam == "Fatima El Amrani"
    moved = Hulpvraag.objects.filter(pk__in=b_hulpvragen)
    assert sum(h.contactmomenten.count() for h in moved) == 1
    assert sum(h.doorverwijzingen.count() for h in moved) == 1
    assert a.toestemmingen.count() == 3
    assert Aanvraag.objects.get().huishouden == a
    # open help requests follow the kept household's trusted person, closed ones keep theirs
    assert set(moved.values_list("status", "vertrouwenspersoon")) == {
        (Status.AFGEROND, b.vertrouwenspersoon_id),
        (Status.NOG_IN_BEHANDELING, a.vertrouwenspersoon_id),
    }


def test_the_kept_household_takes_only_what_it_lacks(coordinator, twee):
    a, b = twee

    services.voeg_huishoudens_samen(behouden=a, weg=b, door=coordinator)

    a.refresh_from_db()
    assert (a.postcode, a.adres, a.notitie) == ("1094 AB", "Javastraat 1", "Via b")
    assert (a.vertrouwenspersoon, a.organisatie) != (b.vertrouwenspersoon, b.organisatie)


def test_the_change_history_and_the_access_log_record_the_merge(coordinator, twee):
    a, b = twee
    reden = f"Samengevoegd: {b.referentie} in {a.referentie}"

    services.voeg_huishoudens_samen(behouden=a, weg=b, door=coordinator)

    hulpvraag = a.hulpvragen.order_by("pk").last()
    laatste = hulpvraag.history.order_by("history_date").last()
    assert (laatste.history_change_reason, laatste.history_user, laatste.huishouden_id) == (
        reden,
        coordinator,
        a.pk,
    )
    weg = Huishouden.history.filter(id=b.pk).order_by("history_date").last()
    assert (weg.history_type, weg.history_change_reason) == ("-", reden)
    assert Aanvraag.history.filter(history_change_reason=reden).count() == 1
    entry = Toegangslog.objects.get(actie=Actie.SAMENGEVOEGD)
    assert (entry.gebruiker, entry.object_ref, entry.omschrijving) == (
        coordinator,
        a.referentie,
        f"{b.referentie} → {a.referentie}",
    )
    wijzigingen = hv_selectors.huishouden_wijzigingen(a)
    assert any(
        w.record == f"Huishouden {b.referentie}" and w.soort == "verwijderd" for w in wijzigingen
    )


def test_the_removed_households_reference_leads_to_the_kept_one(client, coordinator, vp_b, twee):
    a, b = twee
    services.voeg_huishoudens_samen(behouden=a, weg=b, door=coordinator)
    client.force_login(coordinator)

    response = client.get(reverse("hulpvragen:huishouden_detail", args=[b.referentie]))

    assert response.status_code == 302 and response["Location"] == a.get_absolute_url()
    client.force_login(vp_b.user)  # b's trusted person may not see the kept household
    assert (
        client.get(reverse("hulpvragen:huishouden_detail", args=[b.referentie])).status_code == 404
    )


def test_a_removed_reference_is_never_given_out_again(coordinator, vp_a):
    a = household(vp_a, "Een", 1970, Geslacht.VROUW)
    b = household(vp_a, "Twee", 1971, Geslacht.VROUW)  # the highest number of its year
    services.voeg_huishoudens_samen(behouden=a, weg=b, door=coordinator)

    nieuw = household(vp_a, "Drie", 1972, Geslacht.VROUW)

    assert nieuw.referentie not in (a.referentie, b.referentie)
    assert OudeReferentie.objects.get().referentie == b.referentie
    with pytest.raises(ValidationError):
        casework.register_intake(
            huishouden={"woonplaats": "oost"},
            hulpvrager={"naam": "Vier"},
            hulpvraag={"intake_datum": DAY, "soort": "praktisch"},
            themas=[],
            toestemming_datum=DAY,
            referentie=b.referentie,
        )


def test_merging_into_a_household_that_was_merged_into_before_keeps_every_old_reference(
    coordinator, vp_a
):
    a, b, c = (household(vp_a, naam, 1970, Geslacht.VROUW) for naam in ("A", "B", "C"))
    services.voeg_huishoudens_samen(behouden=b, weg=c, door=coordinator)

    services.voeg_huishoudens_samen(behouden=a, weg=b, door=coordinator)

    assert set(a.oude_referenties.values_list("referentie", flat=True)) == {
        b.referentie,
        c.referentie,
    }
    assert hv_selectors.samengevoegd_in(c.referentie) == a


def test_the_report_is_the_same_after_a_merge_of_two_households_of_one_pilot(coordinator, twee):
    a, b = twee
    before = rapport()
    assert before["tables"]["Leeftijd hulpvragers"]["rows"][-1][-1] == 3  # the data is in it

    services.voeg_huishoudens_samen(behouden=a, weg=b, door=coordinator)

    assert rapport() == before


def test_the_report_is_the_same_when_the_households_were_in_different_pilots(coordinator, twee):
    """Decided: a help request keeps its own pilot, person and fields; so does an application.
    Households of different pilots (and organisations) merge without a figure changing."""
    a, b = twee
    pilot2 = PilotFactory(
        naam="Pilot 2", startdatum=datetime.date(2020, 9, 1), einddatum=datetime.date(2021, 8, 31)
    )
    Hulpvraag.objects.filter(huishouden=b).update(pilot=pilot2)
    before = rapport()
    assert "Pilot 2" in before["tables"]["Sekse"]["columns"]

    services.voeg_huishoudens_samen(behouden=a, weg=b, door=coordinator)

    assert rapport() == before


def test_only_a_coordinator_merges(orgcoordinator, twee):
    a, b = twee

    with pytest.raises(ValidationError):
        services.voeg_huishoudens_samen(behouden=a, weg=b, door=orgcoordinator)

    assert Huishouden.objects.filter(pk=b.pk).exists()


def test_an_anonymised_household_is_not_merged(coordinator, twee):
    from privacy.services import anonymise_huishouden

    a, b = twee
    Hulpvraag.objects.filter(huishouden=b).update(status=Status.AFGEROND)
    anonymise_huishouden(huishouden=b, door=coordinator)

    with pytest.raises(ValidationError):
        services.voeg_huishoudens_samen(behouden=a, weg=b, door=coordinator)

    assert b.hulpvragen.count() == 2


def test_without_its_access_log_entry_nothing_is_merged(coordinator, twee, monkeypatch):
    a, b = twee
    monkeypatch.setattr(services, "log_access", lambda *args, **kwargs: None)

    with pytest.raises(services.SamenvoegenNietGelogd):
        services.voeg_huishoudens_samen(behouden=a, weg=b, door=coordinator)

    assert b.hulpvragen.count() == 2 and Aanvraag.objects.get().huishouden == b


def test_anonymising_the_kept_household_wipes_the_removed_ones_history(coordinator, twee):
    from privacy.services import anonymise_huishouden

    a, b = twee
    services.voeg_huishoudens_samen(behouden=a, weg=b, door=coordinator)
    Hulpvraag.objects.filter(huishouden=a).update(status=Status.AFGEROND)
    Aanvraag.objects.update(status=AanvraagStatus.AFGEWEZEN)

    anonymise_huishouden(huishouden=a, door=coordinator)

    assert not Huishouden.history.filter(id=b.pk, adres="Javastraat 1").exists()
    assert not Hulpvrager.history.filter(naam="Fátima el-Amrani").exists()


# --- persons -------------------------------------------------------------------------------------


def test_merging_two_persons_moves_their_help_requests_and_fills_what_is_missing(
    coordinator, dubbel_persoon
):
    h, piet, tweede = dubbel_persoon
    before = rapport()

    services.voeg_personen_samen(behouden=piet, weg=tweede, door=coordinator)

    piet.refresh_from_db()
    assert list(h.personen.all()) == [piet]
    assert h.hulpvragen.filter(hulpvrager=piet).count() == 2
    assert (piet.telefoon, piet.geslacht, piet.geboortejaar) == ("0612345678", "man", 1990)
    entry = Toegangslog.objects.get(actie=Actie.SAMENGEVOEGD)
    assert entry.object_ref == str(piet.uuid)
    # decided: the help request of the person without a birth year and sex now has them
    after = rapport()
    assert after != before
    assert (
        after["tables"]["Leeftijd hulpvragers"]["rows"][-1]
        == before["tables"]["Leeftijd hulpvragers"]["rows"][-1]
    )


def test_persons_whose_birth_years_differ_are_not_merged(coordinator, dubbel_persoon):
    h, piet, tweede = dubbel_persoon
    Hulpvrager.objects.filter(pk=tweede.pk).update(geboortejaar=1991)
    tweede.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        services.voeg_personen_samen(behouden=piet, weg=tweede, door=coordinator)

    assert "geboortejaar" in error.value.messages[0]
    assert h.personen.count() == 2


def test_persons_of_two_households_are_not_merged(coordinator, vp_a, dubbel_persoon):
    _h, piet, _tweede = dubbel_persoon
    ander = household(vp_a, "Piet Jansen", 1990, Geslacht.MAN).personen.get()

    with pytest.raises(ValidationError) as error:
        services.voeg_personen_samen(behouden=piet, weg=ander, door=coordinator)

    assert "voeg eerst de huishoudens samen" in error.value.messages[0]


def test_a_notice_about_the_removed_household_opens_the_kept_one_for_who_may_see_it(
    client, coordinator, twee, vp_b
):
    """A notice keeps the removed household's id: opening it leads to the kept household, for a
    recipient who may see that one; for anyone else it stays a 404 (like any record out of
    scope)."""
    a, b = twee

    def notice(ontvanger):
        return Melding.objects.create(
            ontvanger=ontvanger,
            soort=Soort.TOEGEWEZEN,
            tekst="Huishouden aan u toegewezen",
            link=b.get_absolute_url(),
            object_type="hulpvragen.huishouden",
            object_id=b.pk,
            referentie=b.referentie,
            datum=DAY,
        )

    voor_coordinator, voor_vp_b = notice(coordinator), notice(vp_b.user)

    services.voeg_huishoudens_samen(behouden=a, weg=b, door=coordinator)

    client.force_login(coordinator)
    response = client.get(reverse("meldingen:open", args=[voor_coordinator.uuid]))
    assert response.status_code == 302
    assert response["Location"] == a.get_absolute_url()
    client.force_login(vp_b.user)  # the kept household is org_a's, vp_a's
    assert client.get(reverse("meldingen:open", args=[voor_vp_b.uuid])).status_code == 404
