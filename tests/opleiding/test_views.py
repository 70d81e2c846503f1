"""Training pages: the role matrix for every URL, the happy paths with their stored state, and
query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opleiding.choices import DeelnameStatus
from opleiding.models import Aanwezigheid, Bijeenkomst, Cohort, Deelname, Meting, Ontwikkelstap
from tests.opleiding.conftest import enrol, make_cohort, sessions
from tests.scopes import SCOPES
from tests.urlwalker import walk

D = datetime.date
# the enrolment form's candidate rows, none filled in
LEGE_REGELS = {"k-TOTAL_FORMS": "2", "k-INITIAL_FORMS": "0"}
ROLES = ["coordinator", "orgcoordinator", "vp_a", "vp_b", "commissie", "opleider", "outsider"]


@pytest.fixture
def everyone(users, other_opleider):
    return {**users, "other_opleider": other_opleider}


@pytest.fixture
def urls(cohort, les, deelname_a, deelname_b, stap_a):
    """Every GET page of the app, with the roles that may open it (others get 404)."""
    training = {"coordinator", "opleider"}
    c, d = cohort.pk, deelname_a.uuid
    return [
        ("opleiding:cohort_create", [], training | {"other_opleider"}),
        ("opleiding:cohort_detail", [c], training),
        ("opleiding:cohort_update", [c], {"coordinator"}),
        ("opleiding:bijeenkomst_create", [c], training),
        ("opleiding:deelname_create", [c], training),
        ("opleiding:cohort_metingen", [c], training),
        ("opleiding:cohort_ontwikkeling", [c], training),
        ("opleiding:export_aanwezigheid", [c], training),
        ("opleiding:export_metingen", [c], training),
        ("opleiding:aanwezigheid", [les.pk], training),
        ("opleiding:bijeenkomst_update", [les.pk], training),
        ("opleiding:bijeenkomst_delete", [les.pk], training),
        ("opleiding:deelname_detail", [d], training | {"vp_a"}),
        ("opleiding:deelname_update", [d], {"coordinator"}),
        ("opleiding:meting_edit", [d, "0"], training),
        ("opleiding:meting_edit", [d, "1"], training),
        ("opleiding:ontwikkelstap_create", [d], training),
        ("opleiding:ontwikkelstap_update", [stap_a.uuid], training),
        ("opleiding:mijn", [], {"vp_a", "vp_b"}),
    ]


def test_role_matrix_for_every_training_page(client, everyone, urls):
    for name, args, allowed in urls:
        url = reverse(name, args=args)
        for role, user in everyone.items():
            client.force_login(user)

            response = client.get(url)

            expected = 200 if role in allowed else 404
            assert response.status_code == expected, (name, role, response.status_code)


def test_anonymous_users_are_sent_to_login(client, urls):
    for name, args, _allowed in urls + [("opleiding:cohort_list", [], set())]:
        response = client.get(reverse(name, args=args))

        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


def test_cohort_list_by_role(client, everyone, cohort, other_opleider):
    other = make_cohort("Andere cohort", opleiders=[other_opleider.profiel.organisatie])
    url = reverse("opleiding:cohort_list")
    expected = {
        "coordinator": {cohort.naam, other.naam},
        "opleider": {cohort.naam},
        "other_opleider": {other.naam},
    }
    for role, user in everyone.items():
        client.force_login(user)

        response = client.get(url)

        if role in expected:
            assert response.status_code == 200
            shown = {row.record.naam for row in response.context["table"].rows}
            assert shown == expected[role], role
        elif role in ("vp_a", "vp_b"):
            assert response.status_code == 302
            assert response["Location"] == reverse("opleiding:mijn")
        else:
            assert response.status_code == 404, role


def test_other_trainer_gets_404_for_every_page_of_the_cohort(client, other_opleider, urls):
    client.force_login(other_opleider)

    for name, args, allowed in urls:
        if "opleider" in allowed and args:  # a page of the cohort (the create page has none)
            assert client.get(reverse(name, args=args)).status_code == 404, name


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("opleiding:certificaat", "opleider"),
        ("opleiding:certificaat", "vp_a"),
        ("opleiding:ontwikkelstap_delete", "vp_a"),
        ("opleiding:ontwikkelstap_delete", "orgcoordinator"),
        ("opleiding:ontwikkelstap_delete", "other_opleider"),
    ],
)
def test_post_actions_are_404_for_roles_without_them(
    client, everyone, deelname_a, stap_a, name, role
):
    client.force_login(everyone[role])
    arg = deelname_a.uuid if name.endswith("certificaat") else stap_a.uuid

    response = client.post(reverse(name, args=[arg]), {"datum": "2021-06-01"})

    assert response.status_code == 404
    deelname_a.refresh_from_db()
    assert deelname_a.certificaat_datum is None
    assert Ontwikkelstap.objects.filter(pk=stap_a.pk).exists()


def test_trainer_cannot_post_attendance_for_another_trainers_cohort(
    client, other_opleider, les, deelname_a
):
    client.force_login(other_opleider)

    response = client.post(
        reverse("opleiding:aanwezigheid", args=[les.pk]),
        {"deelname": deelname_a.uuid, "status": "aanwezig"},
    )

    assert response.status_code == 404
    assert not Aanwezigheid.objects.exists()


# --- a trainer never sees casework or fund data ---------------------------------------------


@pytest.mark.parametrize("namespace", ["hulpvragen", "noodfonds", "privacy"])
def test_trainer_gets_no_casework_or_fund_page(client, opleider, walker_world, namespace):
    """Every page of the namespace (tests/urlwalker.py), filled in with real records."""
    visits = walk(walker_world, SCOPES, roles=["opleider"])
    urls = sorted({visit.url for visit in visits if visit.name.startswith(f"{namespace}:")})
    if not urls:
        pytest.skip(f"{namespace} has no pages yet")
    client.force_login(opleider)

    for url in urls:
        response = client.get(url)

        assert response.status_code in (404, 405), (url, response.status_code)


def test_trainer_sees_no_casework_or_fund_records(opleider, walker_world):
    from hulpvragen.models import Huishouden, Hulpvraag, Hulpvrager
    from noodfonds.models import Aanvraag

    for model in (Huishouden, Hulpvrager, Hulpvraag, Aanvraag):
        assert model.objects.exists()
        assert not model.objects.visible_to(opleider).exists(), model


# --- happy paths ---------------------------------------------------------------------------


def test_coordinator_creates_a_cohort_with_the_standard_programme(client, coordinator, trainer_org):
    client.force_login(coordinator)

    response = client.post(
        reverse("opleiding:cohort_create"),
        {
            "naam": "Opleiding 2022",
            "startdatum": "2022-01-03",
            "opleiders": [trainer_org.pk],
            "standaardprogramma": "on",
            "weekdag": "2",
        },
    )

    cohort = Cohort.objects.get(naam="Opleiding 2022")
    assert response.status_code == 302
    assert response["Location"] == cohort.get_absolute_url()
    assert cohort.bijeenkomsten.count() == 30
    assert {b.datum.weekday() for b in cohort.bijeenkomsten.all()} == {2}
    assert cohort.bijeenkomsten.order_by("datum").first().datum == D(2022, 1, 5)


def test_trainer_creates_a_cohort_of_their_own_organisation_and_runs_it(
    client, opleider, trainer_org, other_opleider
):
    client.force_login(opleider)
    form = client.get(reverse("opleiding:cohort_create")).context["form"]
    assert list(form.fields["opleiders"].queryset) == [trainer_org]

    response = client.post(
        reverse("opleiding:cohort_create"),
        {
            "naam": "Opleiding trainer",
            "startdatum": "2022-01-03",
            "opleiders": [trainer_org.pk],
            "standaardprogramma": "on",
            "weekdag": "1",
        },
    )

    cohort = Cohort.objects.get(naam="Opleiding trainer")
    assert response["Location"] == cohort.get_absolute_url()
    assert cohort.bijeenkomsten.count() == 30
    assert client.get(cohort.get_absolute_url()).status_code == 200
    client.force_login(other_opleider)
    assert client.get(cohort.get_absolute_url()).status_code == 404


def test_trainer_cannot_create_a_cohort_for_another_organisation(client, opleider, other_opleider):
    client.force_login(opleider)
    andere = other_opleider.profiel.organisatie

    response = client.post(
        reverse("opleiding:cohort_create"),
        {"naam": "Niet van mij", "startdatum": "2022-01-03", "opleiders": [andere.pk]},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["opleiders"]
    response = client.post(
        reverse("opleiding:cohort_create"), {"naam": "Zonder opleider", "startdatum": "2022-01-03"}
    )
    assert response.context["form"].errors["opleiders"]
    assert not Cohort.objects.exists()


def test_standard_programme_without_weekday_is_refused_and_nothing_is_stored(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("opleiding:cohort_create"),
        {"naam": "Opleiding 2022", "startdatum": "2022-01-03", "standaardprogramma": "on"},
    )

    assert response.status_code == 200
    assert "Kies de weekdag van de bijeenkomsten." in response.content.decode()
    assert not Cohort.objects.exists()


def test_trainer_edits_a_session(client, opleider, les):
    client.force_login(opleider)

    response = client.post(
        reverse("opleiding:bijeenkomst_update", args=[les.pk]),
        {"soort": "gastles", "datum": "2020-11-05", "onderwerp": "Gastles WPI", "online": "on"},
    )

    assert response.status_code == 302
    les.refresh_from_db()
    assert (les.soort, les.datum, les.onderwerp, les.online) == (
        "gastles",
        D(2020, 11, 5),
        "Gastles WPI",
        True,
    )


def test_trainer_adds_and_deletes_a_session(client, opleider, cohort):
    client.force_login(opleider)

    client.post(
        reverse("opleiding:bijeenkomst_create", args=[cohort.pk]),
        {"soort": "informatiebijeenkomst", "datum": "2021-01-05", "onderwerp": "Info"},
    )
    bijeenkomst = Bijeenkomst.objects.get(cohort=cohort)
    client.post(reverse("opleiding:bijeenkomst_delete", args=[bijeenkomst.pk]))

    assert not Bijeenkomst.objects.filter(pk=bijeenkomst.pk).exists()


def test_one_tap_records_attendance_without_javascript(client, opleider, les, deelname_a):
    client.force_login(opleider)
    url = reverse("opleiding:aanwezigheid", args=[les.pk])

    response = client.post(url, {"deelname": deelname_a.uuid, "status": "afwezig_met_bericht"})

    assert response.status_code == 302
    assert response["Location"] == f"{url}#d-{deelname_a.uuid}"
    assert Aanwezigheid.objects.get(bijeenkomst=les, deelname=deelname_a).status == (
        "afwezig_met_bericht"
    )
    page = client.get(url).content.decode()
    assert 'value="afwezig_met_bericht" data-status="afwezig_met_bericht"' in page
    assert 'aria-pressed="true"' in page


def test_tap_from_javascript_gets_json(client, opleider, les, deelname_a):
    client.force_login(opleider)

    response = client.post(
        reverse("opleiding:aanwezigheid", args=[les.pk]),
        {"deelname": deelname_a.uuid, "status": "aanwezig"},
        headers={"X-Requested-With": "fetch"},
    )

    assert response.json() == {"status": "aanwezig"}
    assert Aanwezigheid.objects.get().status == "aanwezig"


def test_unknown_attendance_status_is_refused_with_a_dutch_message(
    client, opleider, les, deelname_a
):
    client.force_login(opleider)

    response = client.post(
        reverse("opleiding:aanwezigheid", args=[les.pk]),
        {"deelname": deelname_a.uuid, "status": "ziek"},
        follow=True,
    )

    assert "Kies aanwezig, afwezig met bericht of afwezig." in response.content.decode()
    assert not Aanwezigheid.objects.exists()


def test_attendance_for_a_trainee_of_another_cohort_is_404(client, opleider, les, trainer_org):
    stranger = enrol(make_cohort("Ander", opleiders=[trainer_org]))
    client.force_login(opleider)

    response = client.post(
        reverse("opleiding:aanwezigheid", args=[les.pk]),
        {"deelname": stranger.uuid, "status": "aanwezig"},
    )

    assert response.status_code == 404
    assert not Aanwezigheid.objects.exists()


def test_mark_everyone_without_a_record_present(client, opleider, les, deelname_a, deelname_b):
    Aanwezigheid.objects.create(bijeenkomst=les, deelname=deelname_a, status="afwezig")
    client.force_login(opleider)

    client.post(reverse("opleiding:aanwezigheid", args=[les.pk]), {"actie": "rest_aanwezig"})

    assert dict(Aanwezigheid.objects.values_list("deelname_id", "status")) == {
        deelname_a.pk: "afwezig",
        deelname_b.pk: "aanwezig",
    }


def _attendance_page_queries(client, user, n):
    cohort = make_cohort(f"Cohort {n}", opleiders=[user.profiel.organisatie])
    [les] = sessions(cohort, "les", 1)
    for i in range(n):
        deelname = enrol(cohort, f"Deelnemer {n}-{i}")
        if i % 2:
            Aanwezigheid.objects.create(bijeenkomst=les, deelname=deelname, status="aanwezig")
    url = reverse("opleiding:aanwezigheid", args=[les.pk])
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["deelnames"]) == n
    return len(queries)


def test_attendance_screen_queries_do_not_grow_with_trainees(
    client, opleider, django_assert_num_queries
):
    client.force_login(opleider)
    five = _attendance_page_queries(client, opleider, 5)

    cohort = make_cohort("Cohort 25", opleiders=[opleider.profiel.organisatie])
    [les] = sessions(cohort, "les", 1)
    for i in range(25):
        enrol(cohort, f"Deelnemer 25-{i}")
    url = reverse("opleiding:aanwezigheid", args=[les.pk])
    client.get(url)
    with django_assert_num_queries(five):
        response = client.get(url)

    assert len(response.context["deelnames"]) == 25


def test_cohort_page_queries_do_not_grow_with_trainees(client, coordinator):
    client.force_login(coordinator)
    counts = []
    for n in (5, 25):
        cohort = make_cohort(f"Groot {n}")
        lessen = sessions(cohort, "les", 3)
        for i in range(n):
            d = enrol(cohort)
            Aanwezigheid.objects.create(bijeenkomst=lessen[i % 3], deelname=d, status="aanwezig")
        url = reverse("opleiding:cohort_detail", args=[cohort.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_coordinator_enrols_a_trusted_person(client, coordinator, cohort, vp_a, vp_b, deelname_b):
    client.force_login(coordinator)
    url = reverse("opleiding:deelname_create", args=[cohort.pk])

    offered = set(client.get(url).context["form"].fields["vertrouwenspersonen"].queryset)
    response = client.post(
        url, {"vertrouwenspersonen": [vp_a.pk], "status_datum": "2020-11-01", **LEGE_REGELS}
    )

    assert offered == {vp_a}  # vp_b is already enrolled
    assert response.status_code == 302
    assert Deelname.objects.filter(cohort=cohort, vertrouwenspersoon=vp_a).exists()


def test_certificate_date_needs_status_afgerond(client, coordinator, deelname_a):
    client.force_login(coordinator)

    response = client.post(
        reverse("opleiding:deelname_update", args=[deelname_a.uuid]),
        {"status": "ingeschreven", "status_datum": "2020-11-01", "certificaat_datum": "2021-06-01"},
    )

    assert "Een certificaat hoort bij de status afgerond." in response.content.decode()
    deelname_a.refresh_from_db()
    assert deelname_a.certificaat_datum is None


def test_coordinator_confirms_the_certificate_of_an_eligible_trainee(
    client, coordinator, cohort, deelname_a
):
    lessen = sessions(cohort, "les", 5)
    for b in lessen[:4]:
        Aanwezigheid.objects.create(bijeenkomst=b, deelname=deelname_a, status="aanwezig")
    client.force_login(coordinator)
    page = client.get(reverse("opleiding:deelname_detail", args=[deelname_a.uuid])).content.decode()

    response = client.post(
        reverse("opleiding:certificaat", args=[deelname_a.uuid]), {"datum": "2021-06-01"}
    )

    assert "Afronding bevestigen" in page
    assert response.status_code == 302
    deelname_a.refresh_from_db()
    assert deelname_a.status == DeelnameStatus.AFGEROND
    assert deelname_a.certificaat_datum == D(2021, 6, 1)


def test_confirming_a_trainee_below_the_rule_changes_nothing(
    client, coordinator, cohort, deelname_a
):
    sessions(cohort, "les", 5)
    client.force_login(coordinator)

    response = client.post(
        reverse("opleiding:certificaat", args=[deelname_a.uuid]),
        {"datum": "2021-06-01"},
        follow=True,
    )

    assert "voldoet niet aan de afrondingsregel" in response.content.decode()
    deelname_a.refresh_from_db()
    assert deelname_a.status == DeelnameStatus.INGESCHREVEN


SCORES = {
    "persoonlijke_groei": "2",
    "professionele_vaardigheden": "3",
    "sociale_vaardigheden": "4",
    "zelfvertrouwen": "1",
    "netwerk": "5",
    "grenzen_aangeven": "2",
}


def test_trainer_enters_a_0_meting(client, opleider, deelname_a):
    client.force_login(opleider)

    response = client.post(
        reverse("opleiding:meting_edit", args=[deelname_a.uuid, "0"]),
        {"datum": "2020-11-17", **SCORES, "toelichting": "Start"},
    )

    assert response.status_code == 302
    meting = Meting.objects.get(deelname=deelname_a, soort="0")
    assert meting.scores() == {k: int(v) for k, v in SCORES.items()}
    assert meting.toelichting == "Start"


def test_score_outside_1_to_5_is_refused_and_nothing_stored(client, opleider, deelname_a):
    client.force_login(opleider)

    response = client.post(
        reverse("opleiding:meting_edit", args=[deelname_a.uuid, "1"]),
        {"datum": "2021-11-17", **SCORES, "netwerk": "6"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["netwerk"]
    assert not Meting.objects.exists()


def test_unknown_measurement_kind_is_404(client, opleider, deelname_a):
    client.force_login(opleider)

    assert client.get(f"/opleiding/deelnemers/{deelname_a.uuid}/meting/2/").status_code == 404


def _meting(deelname, soort, **scores):
    return Meting.objects.create(
        deelname=deelname,
        soort=soort,
        datum=D(2021, 1, 1),
        **{k: int(v) for k, v in {**SCORES, **scores}.items()},
    )


def test_cohort_measurements_page_shows_only_0_meting_as_such(
    client, opleider, deelname_a, deelname_b
):
    _meting(deelname_a, "0", persoonlijke_groei=2)
    _meting(deelname_a, "1", persoonlijke_groei=4)
    _meting(deelname_b, "0", persoonlijke_groei=3)
    client.force_login(opleider)

    response = client.get(reverse("opleiding:cohort_metingen", args=[deelname_a.cohort_id]))

    page = response.content.decode()
    assert "alleen 0-meting" in page
    assert (
        '3 &rarr; <span class="text-muted">?<span class="visually-hidden"> (geen 1-meting)' in page
    )
    groei = response.context["vergelijking"]["domeinen"][0]
    assert (groei.gem_nul, groei.gem_een, groei.verbeterd) == (2.5, 4.0, 1)
    assert 'id="vergelijking-data"' in page
    assert "<script>" not in page  # chart data only as json_script, code in static files
    assert "js/staafgrafiek.js" in page and 'data-schaal="meting"' in page


def test_trainee_page_with_only_0_meting_says_so_and_charts_null(client, vp_a, deelname_a):
    _meting(deelname_a, "0")
    client.force_login(vp_a.user)

    response = client.get(reverse("opleiding:deelname_detail", args=[deelname_a.uuid]))

    page = response.content.decode()
    assert "Alleen een 0-meting" in page
    assert "niet gemeten" in page
    assert '"data": [null, null, null, null, null, null]' in page
    assert "0-meting invoeren" not in page  # a trusted person reads, does not edit


def test_trainer_records_and_edits_a_development_step(client, opleider, deelname_a):
    client.force_login(opleider)

    client.post(
        reverse("opleiding:ontwikkelstap_create", args=[deelname_a.uuid]),
        {"soort": "buurtbaan", "datum": "2021-07-01", "toelichting": "Via WPI"},
    )
    stap = Ontwikkelstap.objects.get()
    response = client.post(
        reverse("opleiding:ontwikkelstap_update", args=[stap.uuid]),
        {"soort": "betaald_werk", "datum": "2022-01-01", "toelichting": ""},
    )

    assert response.status_code == 302
    stap.refresh_from_db()
    assert (stap.vertrouwenspersoon, stap.soort, stap.datum) == (
        deelname_a.vertrouwenspersoon,
        "betaald_werk",
        D(2022, 1, 1),
    )


def test_cohort_overview_shows_where_people_are_now(
    client, opleider, deelname_a, deelname_b, stap_a
):
    client.force_login(opleider)

    response = client.get(reverse("opleiding:cohort_ontwikkeling", args=[deelname_a.cohort_id]))

    page = response.content.decode()
    assert "Buurtbaan" in page
    assert "VP A" in page and "VP B" in page


def test_my_training_shows_only_my_own(client, vp_a, deelname_a, deelname_b, stap_a, vp_b):
    Ontwikkelstap.objects.create(
        vertrouwenspersoon=vp_b, soort="anders", datum=D(2021, 1, 1), toelichting="van B"
    )
    client.force_login(vp_a.user)

    response = client.get(reverse("opleiding:mijn"))

    assert list(response.context["deelnames"]) == [deelname_a]
    assert list(response.context["stappen"]) == [stap_a]
    assert "van B" not in response.content.decode()


def test_trusted_person_sees_own_attendance_but_not_another_trainee(
    client, vp_a, les, deelname_a, deelname_b
):
    Aanwezigheid.objects.create(bijeenkomst=les, deelname=deelname_a, status="afwezig_met_bericht")
    client.force_login(vp_a.user)

    own = client.get(reverse("opleiding:deelname_detail", args=[deelname_a.uuid]))
    other = client.get(reverse("opleiding:deelname_detail", args=[deelname_b.uuid]))

    assert own.status_code == 200
    assert "Afwezig met bericht" in own.content.decode()
    assert other.status_code == 404
