"""Issue 17, section 3: a trusted person who stopped (status gestopt, or an end date that passed)
and still holds households with an open help request is flagged on "In beeld" and on their page;
a coordinator (an organisation coordinator for their own organisation) hands all of their
households over to another trusted person in one step, the history kept."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hulpvragen import selectors, services
from hulpvragen.choices import Status
from hulpvragen.models import Huishouden, Hulpvraag, Overdracht
from netwerk.models import VertrouwenspersoonStatus
from netwerk.roles import Rol
from tests.factories import VertrouwenspersoonFactory, make_user
from tests.hulpvragen.conftest import first_hulpvraag, make_household

D = datetime.date
GESTOPT = VertrouwenspersoonStatus.GESTOPT


def stop(vp, **fields):
    fields = fields or {"status": GESTOPT}
    for name, value in fields.items():
        setattr(vp, name, value)
    vp.save()
    return vp


def close(huishouden):
    services.change_status(
        hulpvraag=first_hulpvraag(huishouden),
        naar=Status.AFGEROND,
        uitkomst="klaar",
        uitkomst_categorie="opgelost",
    )
    return huishouden


def travel(day):
    """Noon on `day` in the project's time zone (the dates are local dates)."""
    moment = datetime.datetime.combine(
        day, datetime.time(12), tzinfo=timezone.get_current_timezone()
    )
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def vp_a2(org_a):
    """A second trusted person at org_a, who still works: the one who takes over."""
    return VertrouwenspersoonFactory(naam="VP A2", organisatie=org_a)


def names(queryset):
    return [(vp.naam, vp.n_open_huishoudens) for vp in queryset]


# --- the flag ------------------------------------------------------------------------------------


def test_a_stopped_trusted_person_with_open_households_is_flagged(coordinator, vp_a, vp_b):
    make_household(vp_a, naam="Anna")
    make_household(vp_a, naam="Aart")
    close(make_household(vp_a, naam="Afgerond"))
    make_household(vp_b, naam="Bram")  # vp_b still works
    stop(vp_a)

    assert names(selectors.gestopt_met_open_huishoudens(coordinator)) == [("VP A", 2)]


def test_a_stopped_trusted_person_with_only_closed_households_is_not_flagged(coordinator, vp_a):
    close(make_household(vp_a))
    stop(vp_a)

    assert names(selectors.gestopt_met_open_huishoudens(coordinator)) == []


def test_a_trusted_person_is_flagged_the_day_after_their_end_date(coordinator, vp_a):
    make_household(vp_a)
    stop(vp_a, einddatum=D(2031, 6, 30))  # the status still says actief

    with travel(D(2031, 6, 30)):
        assert names(selectors.gestopt_met_open_huishoudens(coordinator)) == []
    with travel(D(2031, 7, 1)):
        assert names(selectors.gestopt_met_open_huishoudens(coordinator)) == [("VP A", 1)]


def test_an_organisation_coordinator_sees_only_their_organisations_stopped(
    coordinator, orgcoordinator, vp_a, vp_b
):
    make_household(vp_a)
    make_household(vp_b)
    stop(vp_a)
    stop(vp_b)

    assert names(selectors.gestopt_met_open_huishoudens(coordinator)) == [
        ("VP A", 1),
        ("VP B", 1),
    ]
    assert names(selectors.gestopt_met_open_huishoudens(orgcoordinator)) == [("VP A", 1)]
    assert names(selectors.gestopt_met_open_huishoudens(vp_b.user)) == [("VP B", 1)]


# --- the handover --------------------------------------------------------------------------------


def test_the_handover_moves_every_household_and_keeps_the_history(coordinator, vp_a, vp_b):
    open_hh = make_household(vp_a, naam="Anna")
    closed_hh = close(make_household(vp_a, naam="Aart"))
    stop(vp_a)

    overdracht = services.draag_huishoudens_over(van=vp_a, naar=vp_b, door=coordinator)

    assert overdracht.van == vp_a and overdracht.naar == vp_b
    assert overdracht.door == coordinator and overdracht.aantal_huishoudens == 2
    for hh in (open_hh, closed_hh):
        hh.refresh_from_db()
        assert hh.vertrouwenspersoon == vp_b and hh.organisatie == vp_b.organisatie
        latest = hh.history.latest()
        assert latest.history_user == coordinator
        assert latest.history_change_reason == "Overdracht van VP A aan VP B"
        assert latest.prev_record.vertrouwenspersoon_id == vp_a.pk
    # the open help request follows, the closed one keeps who helped
    assert first_hulpvraag(open_hh).vertrouwenspersoon == vp_b
    assert first_hulpvraag(closed_hh).vertrouwenspersoon == vp_a
    assert first_hulpvraag(open_hh).history.latest().history_change_reason == (
        "Overdracht van VP A aan VP B"
    )
    assert not Huishouden.objects.filter(vertrouwenspersoon=vp_a).exists()
    assert names(selectors.gestopt_met_open_huishoudens(coordinator)) == []
    # the household's change list (coordinators) names the handover
    wijziging = selectors.huishouden_wijzigingen(open_hh)[0]
    assert wijziging.reden == "Overdracht van VP A aan VP B"
    assert ("vertrouwenspersoon", "VP A", "VP B") in wijziging.velden


def test_an_organisation_coordinator_hands_over_within_their_organisation(
    orgcoordinator, vp_a, vp_a2
):
    hh = make_household(vp_a)
    stop(vp_a)

    services.draag_huishoudens_over(van=vp_a, naar=vp_a2, door=orgcoordinator)

    hh.refresh_from_db()
    assert hh.vertrouwenspersoon == vp_a2


def snapshot():
    return (
        list(Huishouden.objects.values_list("pk", "vertrouwenspersoon_id", "organisatie_id")),
        list(Hulpvraag.objects.values_list("pk", "vertrouwenspersoon_id")),
        Huishouden.history.count() + Hulpvraag.history.count(),
        Overdracht.objects.count(),
    )


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("zelfde", "Kies een andere vertrouwenspersoon dan VP A."),
        ("naar_gestopt", "VP A2 is gestopt: kies een vertrouwenspersoon die nog actief is."),
        ("naar_einddatum", "VP A2 is gestopt: kies een vertrouwenspersoon die nog actief is."),
        # the forged request: vp_b works at another organisation
        ("buiten_scope", services.NOT_ON_OFFER),
    ],
)
def test_a_refused_handover_stores_nothing(orgcoordinator, vp_a, vp_a2, vp_b, case, message):
    make_household(vp_a)
    close(make_household(vp_a, naam="Aart"))
    stop(vp_a)
    naar = {"zelfde": vp_a, "buiten_scope": vp_b}.get(case, vp_a2)
    if case == "naar_gestopt":
        stop(vp_a2)
    if case == "naar_einddatum":
        stop(vp_a2, einddatum=timezone.localdate() - datetime.timedelta(days=1))
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.draag_huishoudens_over(van=vp_a, naar=naar, door=orgcoordinator)

    assert refused.value.message_dict == {"vertrouwenspersoon": [message]}
    assert snapshot() == before


@pytest.mark.parametrize("door", ["orgcoordinator", "vp_b"])
def test_only_who_manages_the_trusted_person_hands_over(users, vp_a, vp_b, door):
    """The organisation coordinator of org_a does not manage vp_b; a trusted person nobody."""
    make_household(vp_b)
    stop(vp_b)
    naar = VertrouwenspersoonFactory(organisatie=vp_b.organisatie)
    before = snapshot()

    with pytest.raises(ValidationError, match="niet overdragen"):
        services.draag_huishoudens_over(van=vp_b, naar=naar, door=users[door])

    assert snapshot() == before


def test_a_handover_without_households_is_refused(coordinator, vp_a, vp_b):
    stop(vp_a)

    with pytest.raises(ValidationError, match="geen huishoudens om over te dragen"):
        services.draag_huishoudens_over(van=vp_a, naar=vp_b, door=coordinator)

    assert not Overdracht.objects.exists()


def test_the_handover_is_visible_to_both_sides_and_their_coordinators(
    coordinator, orgcoordinator, vp_a, vp_b
):
    make_household(vp_a)
    stop(vp_a)
    overdracht = services.draag_huishoudens_over(van=vp_a, naar=vp_b, door=coordinator)
    derde = make_user("vp_c", Rol.VERTROUWENSPERSOON, vp_a.organisatie)
    VertrouwenspersoonFactory(organisatie=vp_a.organisatie, user=derde)

    for user in (coordinator, orgcoordinator, vp_a.user, vp_b.user):
        assert list(Overdracht.objects.visible_to(user)) == [overdracht]
    assert not Overdracht.objects.visible_to(derde).exists()


# --- the pages -----------------------------------------------------------------------------------


def test_the_trusted_persons_page_flags_and_links_the_handover(client, users, vp_a):
    make_household(vp_a)
    stop(vp_a)
    url = reverse("netwerk:vertrouwenspersoon_detail", args=[vp_a.uuid])
    handover = reverse("hulpvragen:overdracht", args=[vp_a.uuid])

    for role in ("coordinator", "orgcoordinator"):
        client.force_login(users[role])
        page = client.get(url).content.decode()
        assert "Gestopt, maar heeft nog 1 huishouden met een open hulpvraag." in page
        assert handover in page
    client.force_login(users["vp_a"])  # sees the flag, hands nothing over
    page = client.get(url).content.decode()
    assert "Gestopt, maar heeft nog 1 huishouden met een open hulpvraag." in page
    assert handover not in page


def test_an_active_trusted_persons_page_is_not_flagged(client, coordinator, vp_a):
    make_household(vp_a)
    client.force_login(coordinator)

    page = client.get(reverse("netwerk:vertrouwenspersoon_detail", args=[vp_a.uuid]))

    assert "Gestopt, maar" not in page.content.decode()


def test_in_beeld_lists_the_stopped_with_their_open_households(
    client, coordinator, orgcoordinator, vp_a, vp_b
):
    make_household(vp_a)
    make_household(vp_a, naam="Aart")
    make_household(vp_b)
    stop(vp_a)
    stop(vp_b, einddatum=timezone.localdate() - datetime.timedelta(days=1))
    url = reverse("hulpvragen:overzicht")

    client.force_login(coordinator)
    response = client.get(url)
    rows = [(r.record.naam, r.record.n_open_huishoudens) for r in response.context["gestopt"].rows]
    assert rows == [("VP A", 2), ("VP B", 1)]
    assert "2 gestopte vertrouwenspersonen met open huishoudens" in response.content.decode()

    client.force_login(orgcoordinator)
    response = client.get(url)
    rows = [r.record.naam for r in response.context["gestopt"].rows]
    assert rows == ["VP A"]
    assert reverse("hulpvragen:overdracht", args=[vp_a.uuid]) in response.content.decode()


def test_in_beeld_without_stopped_trusted_persons_shows_no_section(client, coordinator, vp_a):
    make_household(vp_a)
    client.force_login(coordinator)

    page = client.get(reverse("hulpvragen:overzicht")).content.decode()

    assert "gestopte vertrouwenspersoon" not in page


def test_the_caseload_shows_each_trusted_persons_status(client, coordinator, vp_a, vp_b, vp_a2):
    make_household(vp_a)
    make_household(vp_b)
    stop(vp_a)
    stop(vp_b, einddatum=timezone.localdate() - datetime.timedelta(days=1))
    stop(vp_a2, status=VertrouwenspersoonStatus.ACTIEF)
    client.force_login(coordinator)

    table = client.get(reverse("hulpvragen:overzicht")).context["caseload"]

    status = {row.record.naam: row.get_cell("status") for row in table.rows}
    assert status["VP A"] == "Gestopt"
    assert status["VP A2"] == "Actief"
    assert status["VP B"].startswith("Actief ") and "einddatum verstreken" in status["VP B"]


def test_the_handover_page_moves_all_households(client, coordinator, vp_a, vp_b):
    hh = make_household(vp_a)
    stop(vp_a)
    client.force_login(coordinator)
    url = reverse("hulpvragen:overdracht", args=[vp_a.uuid])

    page = client.get(url)
    offered = list(page.context["form"].fields["vertrouwenspersoon"].queryset)
    assert vp_b in offered and vp_a not in offered  # stopped: not on offer
    response = client.post(url, {"vertrouwenspersoon": vp_b.pk}, follow=True)

    assert response.redirect_chain[-1][0] == vp_a.get_absolute_url()
    assert "1 huishouden overgedragen aan VP B." in response.content.decode()
    hh.refresh_from_db()
    assert hh.vertrouwenspersoon == vp_b


def test_a_forged_handover_post_is_refused_on_the_page(client, orgcoordinator, vp_a, vp_b):
    hh = make_household(vp_a)
    stop(vp_a)
    client.force_login(orgcoordinator)
    url = reverse("hulpvragen:overdracht", args=[vp_a.uuid])

    response = client.post(url, {"vertrouwenspersoon": vp_b.pk})

    assert response.status_code == 200 and response.context["form"].errors["vertrouwenspersoon"]
    hh.refresh_from_db()
    assert hh.vertrouwenspersoon == vp_a
    assert not Overdracht.objects.exists()


@pytest.mark.parametrize("role", ["vp_a", "vp_b", "commissie", "opleider", "outsider"])
def test_the_handover_page_is_404_for_who_does_not_manage(client, users, vp_a, role):
    stop(vp_a)
    client.force_login(users[role])

    assert client.get(reverse("hulpvragen:overdracht", args=[vp_a.uuid])).status_code == 404


def test_in_beeld_costs_the_same_queries_for_one_and_five_stopped(client, coordinator, org_a):
    def add_stopped(n):
        for _ in range(n):
            vp = VertrouwenspersoonFactory(organisatie=org_a, status=GESTOPT)
            make_household(vp)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("hulpvragen:overzicht"))
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["gestopt"].rows)

    client.force_login(coordinator)
    add_stopped(1)
    one, shown_one = count()
    add_stopped(4)
    five, shown_five = count()

    assert (shown_one, shown_five) == (1, 5)
    assert five == one
