"""The coordinators' access-log page and its download; the log cannot be changed through any
URL or the admin (issue 9, acceptance 1)."""

import datetime
import io
import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from netwerk.models import Toegangslog
from netwerk.toegangslog import Actie, Resultaat
from taken.models import Taak
from tests.netwerk.conftest import ROLES, assert_answer
from tests.urlwalker import routes

LIST = reverse("privacy:toegangslog_list")
XLSX = reverse("privacy:toegangslog_xlsx")
AMS = datetime.timezone(datetime.timedelta(hours=1))


def entry(**fields):
    defaults = {"gebruikersnaam": "vp_a", "actie": Actie.BEKEKEN, "view": "x:y", "pad": "/x/"}
    return Toegangslog.objects.create(**{**defaults, **fields})


@pytest.fixture
def log(db):
    return [
        entry(
            tijdstip=datetime.datetime(2021, 3, 1, 9, 30, tzinfo=AMS),
            object_type="hulpvragen.huishouden",
            object_id="7",
            object_ref="HH-2021-0007",
        ),
        entry(
            tijdstip=datetime.datetime(2021, 3, 2, 23, 59, tzinfo=AMS),
            gebruikersnaam="orgcoord",
            actie=Actie.GEDOWNLOAD,
            omschrijving='=HYPERLINK("http://evil")',
        ),
        entry(
            tijdstip=datetime.datetime(2021, 3, 3, 0, 1, tzinfo=AMS),
            gebruikersnaam="vp_b",
            actie=Actie.GEWEIGERD,
            resultaat=Resultaat.GEWEIGERD,
            object_type="hulpvragen.huishouden",
            object_id="7",
            object_ref="HH-2021-0007",
        ),
    ]


# --- who may see it ------------------------------------------------------------------------


@pytest.mark.parametrize("url", [LIST, XLSX])
@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_reach_the_log(client, users, role, url):
    if role != "anonymous":
        client.force_login(users[role])

    response = client.get(url)

    assert_answer(
        response, "login" if role == "anonymous" else 200 if role == "coordinator" else 404
    )


def test_nav_links_the_log_for_coordinators_only(client, users):
    client.force_login(users["coordinator"])
    assert LIST in client.get(reverse("home"), follow=True).content.decode()

    client.force_login(users["orgcoordinator"])
    assert LIST not in client.get(reverse("home"), follow=True).content.decode()


# --- searching -----------------------------------------------------------------------------


def rows(response):
    page = response.context["table"].page.object_list
    return [(row.record.gebruikersnaam, row.record.actie) for row in page]


def test_page_lists_newest_first_with_the_reference(client, coordinator, log):
    client.force_login(coordinator)

    response = client.get(LIST)

    assert rows(response) == [
        ("vp_b", "geweigerd"),
        ("orgcoord", "gedownload"),
        ("vp_a", "bekeken"),
    ]
    html = response.content.decode()
    assert "HH-2021-0007" in html
    assert "huishouden" in html  # the model's Dutch name, not its label


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"gebruiker": "ORGC"}, [("orgcoord", "gedownload")]),
        ({"referentie": "hh-2021-0007"}, [("vp_b", "geweigerd"), ("vp_a", "bekeken")]),
        ({"actie": "geweigerd"}, [("vp_b", "geweigerd")]),
        ({"resultaat": "toegestaan"}, [("orgcoord", "gedownload"), ("vp_a", "bekeken")]),
        ({"van": "2021-03-02", "tot": "2021-03-02"}, [("orgcoord", "gedownload")]),
        ({"van": "2021-03-03"}, [("vp_b", "geweigerd")]),
        ({"tot": "2021-03-01"}, [("vp_a", "bekeken")]),
    ],
)
def test_page_filters(client, coordinator, log, query, expected):
    client.force_login(coordinator)

    response = client.get(LIST, query)

    assert rows(response) == expected


def test_page_paginates(client, coordinator, db):
    for _ in range(30):
        entry()
    client.force_login(coordinator)

    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})

    assert len(first.context["table"].page.object_list) == 25
    assert len(second.context["table"].page.object_list) == 5


def test_page_query_count_does_not_grow_with_rows(client, coordinator, db):
    entry()
    client.force_login(coordinator)
    client.get(LIST)  # warm up: session, content types
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    for _ in range(40):
        entry(object_type="noodfonds.aanvraag", object_ref="NF-1")

    with CaptureQueriesContext(connection) as many:
        client.get(LIST)

    assert len(many) == len(one)


def test_page_has_no_inline_script_or_style(client, coordinator, log):
    client.force_login(coordinator)

    html = client.get(LIST).content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "style=" not in html and "<style" not in html


# --- the download --------------------------------------------------------------------------


def test_download_holds_the_filtered_rows_with_formulas_as_text(client, coordinator, log):
    client.force_login(coordinator)

    response = client.get(XLSX, {"van": "2021-03-02"})

    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Toegangslog"]
    values = list(ws.values)
    assert values[0][:4] == ("Tijdstip", "Gebruiker", "Actie", "Resultaat")
    assert [r[1] for r in values[1:]] == ["vp_b", "orgcoord"]
    assert values[1][0] == datetime.datetime(2021, 3, 3, 0, 1)  # Amsterdam time
    assert values[1][4:6] == ("huishouden", "HH-2021-0007")
    formula = ws.cell(row=3, column=10)
    assert (formula.value, formula.data_type) == ('=HYPERLINK("http://evil")', "s")


def test_large_download_is_a_job_with_the_same_rows(client, coordinator, log, settings):
    client.force_login(coordinator)
    settings.TAKEN_DIRECT_MAX_RIJEN = 1

    response = client.get(XLSX, {"van": "2021-03-02"})

    taak = Taak.objects.get()
    assert response["Location"] == reverse("taken:detail", args=[taak.uuid])
    download = client.get(reverse("taken:download", args=[taak.uuid]))
    ws = load_workbook(io.BytesIO(b"".join(download.streaming_content)))["Toegangslog"]
    assert [r[1] for r in list(ws.values)[1:]] == ["vp_b", "orgcoord"]


def test_download_is_itself_logged_once(client, coordinator, log):
    client.force_login(coordinator)

    response = client.get(XLSX)
    b"".join(response.streaming_content)

    new = Toegangslog.objects.exclude(pk__in=[e.pk for e in log])
    assert [(e.actie, e.gebruiker, e.view) for e in new] == [
        (Actie.GEDOWNLOAD, coordinator, "privacy:toegangslog_xlsx")
    ]


# --- nobody changes it ---------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", password="x" * 12)


def snapshot():
    return list(Toegangslog.objects.order_by("pk").values())


def test_admin_is_read_only_even_for_superusers(client, superuser, log):
    client.force_login(superuser)
    before = snapshot()
    pk = log[0].pk
    data = {"gebruikersnaam": "iemand", "actie": "bekeken", "resultaat": "toegestaan"}

    assert client.get(reverse("admin:netwerk_toegangslog_changelist")).status_code == 200
    assert client.get(reverse("admin:netwerk_toegangslog_change", args=[pk])).status_code == 200
    assert (
        client.post(reverse("admin:netwerk_toegangslog_change", args=[pk]), data).status_code == 403
    )
    assert client.get(reverse("admin:netwerk_toegangslog_add")).status_code == 403
    assert client.post(reverse("admin:netwerk_toegangslog_add"), data).status_code == 403
    assert client.get(reverse("admin:netwerk_toegangslog_delete", args=[pk])).status_code == 403
    delete = client.post(reverse("admin:netwerk_toegangslog_delete", args=[pk]), {"post": "yes"})
    assert delete.status_code == 403
    bulk = client.post(
        reverse("admin:netwerk_toegangslog_changelist"),
        {"action": "delete_selected", "_selected_action": [e.pk for e in log], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)

    assert snapshot() == before


def test_admin_history_page_is_not_a_way_in(client, superuser, log):
    client.force_login(superuser)

    response = client.get(reverse("admin:netwerk_toegangslog_history", args=[log[0].pk]))

    assert response.status_code in (200, 403)
    assert snapshot()[0]["gebruikersnaam"] == "vp_a"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", [LIST, XLSX])
def test_log_pages_only_read(client, coordinator, log, method, url):
    client.force_login(coordinator)
    before = snapshot()

    response = getattr(client, method)(url, {"actie": "bekeken"})

    assert response.status_code == 405
    assert snapshot()[: len(before)] == before


def _fill(route, entry):
    """A URL for `route` whose parameters point at the log entry where they can."""
    values = {"int": str(entry.pk), "uuid": str(uuid.uuid4()), "str": entry.object_ref}
    values["slug"] = "verwijderen"
    values["path"] = entry.object_ref
    return "/" + re.sub(
        r"<(?:(\w+):)?\w+>", lambda m: values[m.group(1) or "str"], route.lstrip("^")
    )


def test_no_url_changes_or_removes_entries(client, superuser, log):
    """Every URL of the app, posted by a superuser (a coordinator to every page) with the log's
    own fields and ids as parameters: the existing entries stay as they were."""
    before = snapshot()
    data = {
        "actie": "bekeken",
        "gebruikersnaam": "iemand",
        "object_ref": "",
        "post": "yes",
        "pk": log[0].pk,
        "id": log[0].pk,
    }
    posted = 0
    for route in routes():
        if route.name in ("logout", "set_language"):
            continue
        client.force_login(superuser)
        url = _fill(route.route, log[0])
        client.post(url, data)
        client.get(url)
        posted += 1

    assert posted > 60
    assert snapshot()[: len(before)] == before
    assert Toegangslog.objects.filter(pk__in=[e.pk for e in log]).count() == len(log)


def test_timestamp_is_set_by_the_server(client, coordinator, log):
    before = timezone.now()

    new = entry()

    assert before <= new.tijdstip <= timezone.now()
