import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hulpvragen import services
from hulpvragen.choices import ContactSoort, DoorverwijzingSoort, Status
from hulpvragen.models import (
    Contactmoment,
    Doorverwijzing,
    Huishouden,
    Hulpvraag,
    Hulpvrager,
    Signaal,
    StatusWijziging,
    Thema,
)
from netwerk.models import Pilot, Vertrouwenspersoon
from tests.factories import PilotFactory
from tests.hulpvragen.conftest import INTAKE, days_ago, first_hulpvraag, make_household, today

D = datetime.date
CASEWORK_ROLES = ["coordinator", "orgcoordinator", "vp_a", "vp_b"]
NO_CASEWORK = ["commissie", "opleider", "outsider"]

# --- role matrix ---------------------------------------------------------------------------

PAGES = {
    # url name: roles that get the page (everyone else logged in: 404)
    "hulpvragen:hulpvraag_list": CASEWORK_ROLES,
    "hulpvragen:hulpvraag_list_xlsx": CASEWORK_ROLES,
    "hulpvragen:huishouden_list": CASEWORK_ROLES,
    "hulpvragen:huishouden_list_xlsx": CASEWORK_ROLES,
    "hulpvragen:intake": CASEWORK_ROLES,
    "hulpvragen:signaal_list": CASEWORK_ROLES,
    "hulpvragen:signaal_create": CASEWORK_ROLES,
    "hulpvragen:mijn": ["vp_a", "vp_b"],
    "hulpvragen:overzicht": ["coordinator", "orgcoordinator"],
    "hulpvragen:overzicht_xlsx": ["coordinator", "orgcoordinator"],
    "hulpvragen:pilot_list": ["coordinator"],
    "hulpvragen:pilot_create": ["coordinator"],
}


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", [*CASEWORK_ROLES, *NO_CASEWORK])
def test_page_role_matrix(client, users, hh_a, name, role):
    client.force_login(users[role])

    response = client.get(reverse(name))

    assert response.status_code == (200 if role in PAGES[name] else 404)


@pytest.mark.parametrize("name", PAGES)
def test_page_sends_anonymous_users_to_login(client, db, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.fixture
def record_urls(hh_a, hv_a):
    """Every casework URL of one record (household hh_a of vp_a at org_a): (method, url)."""
    verwijzing = Doorverwijzing.objects.create(
        hulpvraag=hv_a, organisatie=hh_a.organisatie, datum=INTAKE, soort="advies"
    )
    persoon = hh_a.personen.get()
    ref, uuid = hh_a.referentie, hv_a.uuid
    return {
        "huishouden_detail": ("get", reverse("hulpvragen:huishouden_detail", args=[ref])),
        "huishouden_edit": ("get", reverse("hulpvragen:huishouden_edit", args=[ref])),
        "huishouden_xlsx": ("get", reverse("hulpvragen:huishouden_xlsx", args=[ref])),
        "hulpvrager_create": ("get", reverse("hulpvragen:hulpvrager_create", args=[ref])),
        "hulpvrager_edit": ("get", reverse("hulpvragen:hulpvrager_edit", args=[persoon.uuid])),
        "hulpvraag_create": ("get", reverse("hulpvragen:hulpvraag_create", args=[ref])),
        "hulpvraag_detail": ("get", reverse("hulpvragen:hulpvraag_detail", args=[uuid])),
        "hulpvraag_edit": ("get", reverse("hulpvragen:hulpvraag_edit", args=[uuid])),
        "hulpvraag_status": ("get", reverse("hulpvragen:hulpvraag_status", args=[uuid])),
        "hulpvraag_contact": ("get", reverse("hulpvragen:hulpvraag_contact", args=[uuid])),
        "hulpvraag_nazorg": ("post", reverse("hulpvragen:hulpvraag_nazorg", args=[uuid])),
        "doorverwijzing_create": (
            "get",
            reverse("hulpvragen:doorverwijzing_create", args=[uuid]),
        ),
        "doorverwijzing_uitkomst": (
            "get",
            reverse("hulpvragen:doorverwijzing_uitkomst", args=[uuid, verwijzing.pk]),
        ),
    }


RECORD_VIEWS = [
    "huishouden_detail",
    "huishouden_edit",
    "huishouden_xlsx",
    "hulpvrager_create",
    "hulpvrager_edit",
    "hulpvraag_create",
    "hulpvraag_detail",
    "hulpvraag_edit",
    "hulpvraag_status",
    "hulpvraag_contact",
    "hulpvraag_nazorg",
    "doorverwijzing_create",
    "doorverwijzing_uitkomst",
]
# hh_a belongs to vp_a at org_a: vp_b (org_b) and the roles without casework get 404
SEES_HH_A = {"coordinator": True, "orgcoordinator": True, "vp_a": True, "vp_b": False}


@pytest.mark.parametrize("view", RECORD_VIEWS)
@pytest.mark.parametrize("role", [*CASEWORK_ROLES, *NO_CASEWORK])
def test_record_url_role_matrix(client, users, record_urls, view, role):
    method, url = record_urls[view]
    client.force_login(users[role])

    response = getattr(client, method)(url)

    if SEES_HH_A.get(role):
        assert response.status_code == (302 if method == "post" else 200)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("view", RECORD_VIEWS)
def test_record_url_sends_anonymous_users_to_login(client, record_urls, view):
    method, url = record_urls[view]

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_unknown_reference_and_uuid_answer_404(client, coordinator, db):
    client.force_login(coordinator)

    assert client.get("/hulpvragen/huishoudens/HH-1999-0001/").status_code == 404
    assert client.get("/hulpvragen/00000000-0000-0000-0000-000000000000/").status_code == 404


# --- lists show only what visible_to allows --------------------------------------------------


@pytest.mark.parametrize(
    "role, expected",
    [
        ("coordinator", {"Anna A", "Bram B"}),
        ("orgcoordinator", {"Anna A"}),
        ("vp_a", {"Anna A"}),
        ("vp_b", {"Bram B"}),
    ],
)
def test_lists_show_only_visible_records(client, users, hh_a, hh_b, role, expected):
    client.force_login(users[role])

    hv_page = client.get(reverse("hulpvragen:hulpvraag_list"))
    hh_page = client.get(reverse("hulpvragen:huishouden_list"))

    assert {r.record.hulpvrager.naam for r in hv_page.context["table"].page} == expected
    assert {r.record.hoofdpersoon for r in hh_page.context["table"].page} == expected


def test_list_filters_and_search(client, coordinator, vp_a, vp_b):
    make_household(vp_a, naam="Anna Oost")
    make_household(vp_b, naam="Bram West", woonplaats="west")
    closed = first_hulpvraag(make_household(vp_a, naam="Cor Dicht"))
    services.change_status(
        hulpvraag=closed,
        naar=Status.AFGEROND,
        datum=D(2021, 2, 1),
        uitkomst="ok",
        uitkomst_categorie="opgelost",
    )
    client.force_login(coordinator)

    def names(url, **params):
        rows = client.get(reverse(url), params).context["table"].page
        if url == "hulpvragen:hulpvraag_list":
            return {r.record.hulpvrager.naam for r in rows}
        return {r.record.hoofdpersoon for r in rows}

    for url in ("hulpvragen:hulpvraag_list", "hulpvragen:huishouden_list"):
        assert names(url, woonplaats="west") == {"Bram West"}
        assert names(url, status="afgerond") == {"Cor Dicht"}
        assert names(url, q="oost") == {"Anna Oost"}
        assert names(url, q="HH-2021-0002") == {"Bram West"}
        assert names(url, vertrouwenspersoon=vp_b.pk) == {"Bram West"}
        assert names(url, organisatie=vp_a.organisatie_id) == {"Anna Oost", "Cor Dicht"}
        assert names(url, signalering="zonder_contact") == {"Anna Oost", "Bram West"}
        assert names(url, intake_van="2021-02-01") == set()
        assert names(url, themas=Thema.objects.get(naam="Schulden").pk) == {
            "Anna Oost",
            "Bram West",
            "Cor Dicht",
        }


def test_many_trusted_persons_make_the_filter_a_name_search(client, coordinator, vp_a, vp_b):
    """Above the drop-down's limit: a name fragment, or the trusted person's own number (as the
    report's filter and the intake take it), never the database key."""
    make_household(vp_a, naam="Anna Oost")
    make_household(vp_b, naam="Bram West")
    for i, persoon in enumerate(Vertrouwenspersoon.objects.order_by("pk")):  # no number is a key
        Vertrouwenspersoon.objects.filter(pk=persoon.pk).update(nummer=10_000 + i)
    vp_a.refresh_from_db()
    client.force_login(coordinator)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("samenvooruit.forms.MAX_KEUZES", 1)  # two trusted persons: more than 1
        for url, naam in (
            ("hulpvragen:hulpvraag_list", lambda r: r.record.hulpvrager.naam),
            ("hulpvragen:huishouden_list", lambda r: r.record.hoofdpersoon),
        ):
            by_name = client.get(reverse(url), {"vertrouwenspersoon": vp_b.naam[-3:]})
            by_number = client.get(reverse(url), {"vertrouwenspersoon": str(vp_a.nummer)})
            by_key = client.get(reverse(url), {"vertrouwenspersoon": str(vp_a.pk)})

            assert by_name.status_code == by_number.status_code == by_key.status_code == 200
            field = by_name.context["filter"].form.fields["vertrouwenspersoon"]
            assert field.label == "Vertrouwenspersoon (naam of nummer)"
            assert {naam(r) for r in by_name.context["table"].page} == {"Bram West"}
            assert {naam(r) for r in by_number.context["table"].page} == {"Anna Oost"}
            assert list(by_key.context["table"].page) == []  # the key is no one's number


@pytest.mark.parametrize("url", ["hulpvragen:hulpvraag_list", "hulpvragen:huishouden_list"])
def test_filter_panel_closes_once_applied_and_counts_the_filters_in_use(
    client, coordinator, hh_a, url
):
    client.force_login(coordinator)

    def panel(**params):
        html = client.get(reverse(url), params).content.decode()
        start = html.index('<details class="mb-3 filters"')
        return html[start : html.index("</summary>", start)]

    assert " open" not in panel() and "badge" not in panel()
    applied = panel(status="afgerond", woonplaats="oost")
    assert " open" not in applied  # on a phone the results come first
    assert '<span class="badge text-bg-success">2</span>' in applied
    assert " open" in panel(intake_van="gisteren")  # a filter to correct stays in view


def test_list_with_invalid_filter_shows_nothing_and_the_error(client, coordinator, hh_a):
    client.force_login(coordinator)

    response = client.get(reverse("hulpvragen:hulpvraag_list"), {"intake_van": "gisteren"})

    assert response.status_code == 200
    assert len(response.context["table"].page) == 0
    assert response.context["filter"].errors


def test_organisation_and_trusted_person_filter_choices_follow_visible_to(
    client, orgcoordinator, vp_a, vp_b
):
    client.force_login(orgcoordinator)

    form = client.get(reverse("hulpvragen:hulpvraag_list")).context["filter"].form

    assert list(form.fields["vertrouwenspersoon"].queryset) == [vp_a]
    assert list(form.fields["organisatie"].queryset) == [vp_a.organisatie]


# --- intake ----------------------------------------------------------------------------------


def intake_data(**overrides):
    data = {
        "naam": "Nieuwe Hulpvrager",
        "geslacht": "vrouw",
        "geboortejaar": "1980",
        "woonplaats": "oost",
        "samenstelling": "alleenstaand",
        "aantal_kinderen": "0",
        "inkomsten": "uitkering",
        "contact_formeel": "nee",
        "binnenkomst": "zelf",
        "intake_datum": INTAKE.isoformat(),
        "soort": "praktisch",
        "terugkerend": "eenmalig",
        "themas": [str(Thema.objects.get(naam="Schulden").pk)],
        "toestemming": "on",
        "toestemming_datum": INTAKE.isoformat(),
        "toestemming_scope": "registratie",
    }
    data.update(overrides)
    return data


def test_intake_by_coordinator_creates_everything_and_redirects(client, coordinator, vp_b):
    client.force_login(coordinator)

    response = client.post(
        reverse("hulpvragen:intake"), intake_data(vertrouwenspersoon=str(vp_b.pk))
    )

    hh = Huishouden.objects.get()
    assert response.status_code == 302 and response["Location"] == hh.get_absolute_url()
    assert hh.vertrouwenspersoon == vp_b and hh.organisatie == vp_b.organisatie
    hv = hh.hulpvragen.get()
    assert hv.hulpvrager.naam == "Nieuwe Hulpvrager" and hv.hulpvrager.geboortejaar == 1980
    assert hv.statushistorie.get().door == coordinator
    assert hh.toestemmingen.get().vastgelegd_door == coordinator


def _messages(response):
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def test_intake_outside_every_pilot_is_stored_with_a_warning(client, coordinator, vp_b):
    PilotFactory(naam="Pilot 2", startdatum=datetime.date(2020, 11, 1), einddatum=INTAKE)
    client.force_login(coordinator)

    inside = client.post(reverse("hulpvragen:intake"), intake_data(), follow=True)
    later = INTAKE + datetime.timedelta(days=1)
    outside = client.post(
        reverse("hulpvragen:intake"),
        # another person (the same one would stop at the duplicate check)
        intake_data(
            naam="Karel Pietersen",
            geboortejaar="1955",
            intake_datum=later.isoformat(),
            toestemming_datum=later.isoformat(),
        ),
        follow=True,
    )

    assert [m[0] for m in _messages(inside)] == ["success"]
    assert [h.pilot is None for h in Hulpvraag.objects.order_by("intake_datum")] == [False, True]
    warning = next(text for level, text in _messages(outside) if level == "warning")
    assert "Er loopt geen pilot op de datum van aanmelding (12-01-2021)" in warning
    assert "'Geen pilot'" in warning
    assert "success" in [m[0] for m in _messages(outside)]


def test_a_new_help_request_outside_every_pilot_warns_too(client, coordinator, db):
    household = make_household(None)
    client.force_login(coordinator)

    response = client.post(
        reverse("hulpvragen:hulpvraag_create", args=[household.referentie]),
        {
            "hulpvrager": household.personen.get().pk,
            "intake_datum": INTAKE.isoformat(),
            "soort": "praktisch",
        },
        follow=True,
    )

    assert household.hulpvragen.filter(pilot=None).count() == household.hulpvragen.count()
    assert any(level == "warning" for level, _text in _messages(response))


def test_with_many_trusted_persons_the_intake_takes_a_number_not_a_list(
    client, coordinator, vp_a, vp_b, monkeypatch
):
    monkeypatch.setattr("samenvooruit.forms.MAX_KEUZES", 1)
    # the trusted person's own number, not the database key (issue 22 §7)
    for i, persoon in enumerate(Vertrouwenspersoon.objects.order_by("pk")):  # no number is a key
        Vertrouwenspersoon.objects.filter(pk=persoon.pk).update(nummer=10_000 + i)
    vp_b.refresh_from_db()
    client.force_login(coordinator)

    page = client.get(reverse("hulpvragen:intake")).content.decode()
    by_key = client.post(reverse("hulpvragen:intake"), intake_data(vertrouwenspersoon=str(vp_b.pk)))
    client.post(reverse("hulpvragen:intake"), intake_data(vertrouwenspersoon=str(vp_b.nummer)))

    assert 'inputmode="numeric"' in page and vp_a.naam not in page
    assert by_key.status_code == 200  # the database key is no number to type
    assert Huishouden.objects.get().vertrouwenspersoon == vp_b


def test_intake_by_orgcoordinator_offers_only_own_trusted_persons(
    client, orgcoordinator, vp_a, vp_b
):
    client.force_login(orgcoordinator)

    form = client.get(reverse("hulpvragen:intake")).context["form"]
    response = client.post(
        reverse("hulpvragen:intake"), intake_data(vertrouwenspersoon=str(vp_b.pk))
    )

    assert list(form.fields["vertrouwenspersoon"].queryset) == [vp_a]
    assert "organisatie" not in form.fields
    assert response.status_code == 200
    assert not Huishouden.objects.exists()


def test_intake_without_consent_stores_nothing(client, vp_a):
    client.force_login(vp_a.user)

    response = client.post(reverse("hulpvragen:intake"), intake_data(toestemming=""))

    assert (
        "Zonder toestemming leggen we niets vast." in response.context["form"].errors["toestemming"]
    )
    assert not Huishouden.objects.exists()


# --- acceptance 2: a forged POST by a trusted person changes nothing -------------------------


def test_trusted_person_intake_with_forged_trusted_person_is_assigned_to_self(client, vp_a, vp_b):
    client.force_login(vp_a.user)

    client.post(
        reverse("hulpvragen:intake"),
        intake_data(vertrouwenspersoon=str(vp_b.pk), organisatie=str(vp_b.organisatie_id)),
    )

    hh = Huishouden.objects.get()
    assert hh.vertrouwenspersoon == vp_a and hh.organisatie == vp_a.organisatie


def test_trusted_person_cannot_reassign_own_household(client, hh_a, vp_a, vp_b):
    client.force_login(vp_a.user)
    url = reverse("hulpvragen:huishouden_edit", args=[hh_a.referentie])

    form = client.get(url).context["form"]
    response = client.post(
        url,
        {
            "woonplaats": "oost",
            "samenstelling": "gezin",
            "aantal_kinderen": "2",
            "inkomsten": "onbekend",
            "contact_formeel": "onbekend",
            "binnenkomst": "zelf",
            "vertrouwenspersoon": str(vp_b.pk),
            "organisatie": str(vp_b.organisatie_id),
            "versie": str(hh_a.versie),
        },
    )

    assert "vertrouwenspersoon" not in form.fields and "organisatie" not in form.fields
    assert response.status_code == 302
    hh_a.refresh_from_db()
    assert hh_a.aantal_kinderen == 2
    assert hh_a.vertrouwenspersoon == vp_a and hh_a.organisatie == vp_a.organisatie


@pytest.mark.parametrize(
    "view, data",
    [
        ("hulpvraag_contact", {"soort": "telefonisch", "notitie": "vals"}),
        ("hulpvraag_status", {"naar": "afgerond", "datum": "2021-02-01", "uitkomst": "x"}),
        ("doorverwijzing_create", {"soort": "advies", "datum": "2021-02-01"}),
        ("hulpvraag_edit", {"soort": "sociaal", "intake_datum": "2021-01-11"}),
        ("hulpvraag_nazorg", {"nazorg_datum": "2030-01-01"}),
    ],
)
def test_trusted_person_posting_to_another_help_request_changes_nothing(
    client, vp_a, hv_b, view, data
):
    client.force_login(vp_a.user)
    before = (
        StatusWijziging.objects.count(),
        Contactmoment.objects.count(),
        Doorverwijzing.objects.count(),
    )
    data = {**data, "organisatie": str(hv_b.huishouden.organisatie_id)}

    response = client.post(reverse(f"hulpvragen:{view}", args=[hv_b.uuid]), data)

    assert response.status_code == 404
    hv_b.refresh_from_db()
    assert hv_b.status == Status.NOG_IN_BEHANDELING and hv_b.nazorg_datum is None
    assert hv_b.soort == "praktisch"
    after = (
        StatusWijziging.objects.count(),
        Contactmoment.objects.count(),
        Doorverwijzing.objects.count(),
    )
    assert after == before


def test_trusted_person_cannot_edit_a_person_of_another_household(client, vp_a, hh_b):
    persoon = hh_b.personen.get()
    client.force_login(vp_a.user)

    response = client.post(
        reverse("hulpvragen:hulpvrager_edit", args=[persoon.uuid]),
        {"naam": "Gekaapt", "geslacht": "man"},
    )

    assert response.status_code == 404
    persoon.refresh_from_db()
    assert persoon.naam == "Bram B"


def test_forged_person_of_another_household_in_new_help_request_stores_nothing(
    client, vp_a, hh_a, hh_b
):
    client.force_login(vp_a.user)

    response = client.post(
        reverse("hulpvragen:hulpvraag_create", args=[hh_a.referentie]),
        {
            "hulpvrager": str(hh_b.personen.get().pk),
            "intake_datum": "2021-02-01",
            "soort": "sociaal",
        },
    )

    assert response.status_code == 200
    assert "hulpvrager" in response.context["form"].errors
    assert Hulpvraag.objects.count() == 2


def test_forged_help_request_of_another_household_in_signal_stores_nothing(client, vp_a, hv_b):
    client.force_login(vp_a.user)

    response = client.post(
        reverse("hulpvragen:signaal_create"),
        {
            "datum": "2021-02-01",
            "thema": str(Thema.objects.first().pk),
            "tekst": "Wachtlijst",
            "hulpvragen": hv_b.huishouden.referentie,
        },
    )

    assert response.status_code == 200
    assert not Signaal.objects.exists()


def test_orgcoordinator_cannot_assign_a_trusted_person_of_another_organisation(
    client, orgcoordinator, hh_a, vp_a, vp_b
):
    client.force_login(orgcoordinator)

    response = client.post(
        reverse("hulpvragen:huishouden_edit", args=[hh_a.referentie]),
        {
            "woonplaats": "oost",
            "samenstelling": "onbekend",
            "aantal_kinderen": "0",
            "inkomsten": "onbekend",
            "contact_formeel": "onbekend",
            "binnenkomst": "zelf",
            "vertrouwenspersoon": str(vp_b.pk),
            "versie": str(hh_a.versie),
        },
    )

    assert response.status_code == 200
    hh_a.refresh_from_db()
    assert hh_a.vertrouwenspersoon == vp_a


def test_coordinator_reassigns_a_household(client, coordinator, hh_a, hv_a, vp_b):
    client.force_login(coordinator)

    client.post(
        reverse("hulpvragen:huishouden_edit", args=[hh_a.referentie]),
        {
            "woonplaats": "oost",
            "samenstelling": "onbekend",
            "aantal_kinderen": "0",
            "inkomsten": "onbekend",
            "contact_formeel": "onbekend",
            "binnenkomst": "zelf",
            "vertrouwenspersoon": str(vp_b.pk),
            "versie": str(hh_a.versie),
        },
    )

    hh_a.refresh_from_db()
    hv_a.refresh_from_db()
    assert hh_a.vertrouwenspersoon == vp_b and hh_a.organisatie == vp_b.organisatie
    assert hv_a.vertrouwenspersoon == vp_b


# --- acceptance 4: validation in Dutch, nothing stored ---------------------------------------


def test_intake_in_the_future_is_refused(client, coordinator):
    client.force_login(coordinator)
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()

    response = client.post(reverse("hulpvragen:intake"), intake_data(intake_datum=tomorrow))

    assert response.context["form"].errors["intake_datum"] == [
        "De datum van aanmelding ligt in de toekomst."
    ]
    assert "De datum van aanmelding ligt in de toekomst." in response.content.decode()
    assert not Huishouden.objects.exists() and not Hulpvraag.objects.exists()


@pytest.mark.parametrize("jaar", ["1899", str(datetime.date.today().year + 1)])
def test_intake_with_birth_year_outside_range_is_refused(client, coordinator, jaar):
    client.force_login(coordinator)

    response = client.post(reverse("hulpvragen:intake"), intake_data(geboortejaar=jaar))

    assert response.context["form"].errors["geboortejaar"] == [
        f"Het geboortejaar moet tussen 1900 en {today().year} liggen."
    ]
    assert not Huishouden.objects.exists() and not Hulpvrager.objects.exists()


def test_person_with_birth_year_outside_range_is_refused(client, vp_a, hh_a):
    client.force_login(vp_a.user)

    response = client.post(
        reverse("hulpvragen:hulpvrager_create", args=[hh_a.referentie]),
        {"naam": "Oud", "geslacht": "man", "geboortejaar": "1850"},
    )

    assert "Het geboortejaar moet tussen 1900" in response.context["form"].errors["geboortejaar"][0]
    assert hh_a.personen.count() == 1


def test_intake_with_unknown_theme_is_refused(client, coordinator):
    client.force_login(coordinator)

    response = client.post(reverse("hulpvragen:intake"), intake_data(themas=["999999"]))

    assert response.context["form"].errors["themas"] == ["Onbekend thema: 999999."]
    assert not Huishouden.objects.exists()


def test_closing_before_intake_is_refused(client, vp_a, hv_a):
    client.force_login(vp_a.user)

    response = client.post(
        reverse("hulpvragen:hulpvraag_status", args=[hv_a.uuid]),
        {
            "naar": "afgerond",
            "datum": "2021-01-10",
            "uitkomst": "Opgelost",
            "uitkomst_categorie": "opgelost",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["datum"] == [
        "De datum ligt vóór de aanmelding (11-01-2021)."
    ]
    hv_a.refresh_from_db()
    assert hv_a.status == Status.NOG_IN_BEHANDELING and hv_a.datum_afgerond is None
    assert hv_a.statushistorie.count() == 1


def test_closing_without_outcome_is_refused(client, vp_a, hv_a):
    client.force_login(vp_a.user)

    response = client.post(
        reverse("hulpvragen:hulpvraag_status", args=[hv_a.uuid]),
        {"naar": "afgerond", "datum": today().isoformat()},
    )

    assert response.context["form"].errors["uitkomst"] == [
        "Beschrijf de uitkomst bij het afronden."
    ]
    assert response.context["form"].errors["uitkomst_categorie"] == [
        "Kies bij het afronden de soort uitkomst."
    ]
    assert hv_a.statushistorie.count() == 1


def test_closing_with_text_but_without_its_category_is_refused(client, vp_a, hv_a):
    client.force_login(vp_a.user)

    response = client.post(
        reverse("hulpvragen:hulpvraag_status", args=[hv_a.uuid]),
        {"naar": "afgerond", "datum": today().isoformat(), "uitkomst": "Geregeld"},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["uitkomst_categorie"]
    hv_a.refresh_from_db()
    assert hv_a.status == Status.NOG_IN_BEHANDELING and hv_a.uitkomst_categorie == ""


# --- happy paths -----------------------------------------------------------------------------


def test_close_with_outcome_back_dated(client, vp_a, hv_a):
    client.force_login(vp_a.user)

    response = client.post(
        reverse("hulpvragen:hulpvraag_status", args=[hv_a.uuid]),
        {
            "naar": "afgerond",
            "datum": "2021-02-15",
            "uitkomst": "Schuldhulp loopt",
            "uitkomst_categorie": "formele_hulp",
        },
    )

    assert response.status_code == 302
    hv_a.refresh_from_db()
    assert (hv_a.status, hv_a.datum_afgerond, hv_a.uitkomst, hv_a.uitkomst_categorie) == (
        Status.AFGEROND,
        D(2021, 2, 15),
        "Schuldhulp loopt",
        "formele_hulp",
    )
    closing = hv_a.statushistorie.order_by("-pk").first()
    assert (closing.door, closing.uitkomst_categorie) == (vp_a.user, "formele_hulp")
    page = client.get(hv_a.get_absolute_url()).content.decode()
    assert "Overgedragen aan formele hulp" in page and "Schuldhulp loopt" in page


def test_contact_from_the_phone_view_in_one_post_returns_to_it(client, vp_a, hv_a):
    client.force_login(vp_a.user)
    mijn = reverse("hulpvragen:mijn")

    response = client.post(
        reverse("hulpvragen:hulpvraag_contact", args=[hv_a.uuid]),
        {"notitie": "Even gebeld, gaat goed", "soort": ContactSoort.TELEFONISCH, "next": mijn},
    )

    assert response.status_code == 302 and response["Location"] == mijn
    contact = hv_a.contactmomenten.get()
    assert (contact.datum, contact.soort, contact.door) == (today(), "telefonisch", vp_a.user)


def test_contact_ignores_an_outside_next_url(client, vp_a, hv_a):
    client.force_login(vp_a.user)

    response = client.post(
        reverse("hulpvragen:hulpvraag_contact", args=[hv_a.uuid]),
        {"soort": "huisbezoek", "next": "https://elders.example/"},
    )

    assert response["Location"] == hv_a.get_absolute_url()


def test_referral_and_its_outcome(client, vp_a, hv_a, org_b):
    client.force_login(vp_a.user)

    client.post(
        reverse("hulpvragen:doorverwijzing_create", args=[hv_a.uuid]),
        {
            "organisatie": str(org_b.pk),
            "soort": DoorverwijzingSoort.WARME_OVERDRACHT,
            "datum": "2021-02-01",
            "toestemming_vastleggen": "on",
        },
    )
    verwijzing = hv_a.doorverwijzingen.get()
    client.post(
        reverse("hulpvragen:doorverwijzing_uitkomst", args=[hv_a.uuid, verwijzing.pk]),
        {"uitkomst": "Intake bij buurtteam", "uitkomst_datum": "2021-02-10"},
    )

    verwijzing.refresh_from_db()
    assert (verwijzing.organisatie, verwijzing.datum) == (org_b, D(2021, 2, 1))
    assert (verwijzing.uitkomst, verwijzing.uitkomst_datum) == (
        "Intake bij buurtteam",
        D(2021, 2, 10),
    )


def test_referral_outcome_of_another_help_request_is_404(client, vp_a, hv_a, hv_b):
    other = Doorverwijzing.objects.create(
        hulpvraag=hv_b, organisatie=hv_b.huishouden.organisatie, datum=INTAKE, soort="advies"
    )
    client.force_login(vp_a.user)

    response = client.post(
        reverse("hulpvragen:doorverwijzing_uitkomst", args=[hv_a.uuid, other.pk]),
        {"uitkomst": "vals", "uitkomst_datum": "2021-02-10"},
    )

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.uitkomst == ""


def test_follow_up_date_is_set_from_the_detail_page(client, vp_a, hv_a):
    client.force_login(vp_a.user)

    follow_up = timezone.localdate() + datetime.timedelta(days=400)

    client.post(
        reverse("hulpvragen:hulpvraag_nazorg", args=[hv_a.uuid]),
        {"nazorg_datum": follow_up.isoformat()},
    )

    hv_a.refresh_from_db()
    assert hv_a.nazorg_datum == follow_up


def test_add_person_and_help_request_to_a_household(client, vp_a, hh_a):
    client.force_login(vp_a.user)

    client.post(
        reverse("hulpvragen:hulpvrager_create", args=[hh_a.referentie]),
        {"naam": "Zoon", "geslacht": "man", "geboortejaar": "2008"},
    )
    zoon = hh_a.personen.get(naam="Zoon")
    response = client.post(
        reverse("hulpvragen:hulpvraag_create", args=[hh_a.referentie]),
        {
            "hulpvrager": str(zoon.pk),
            "intake_datum": "2021-03-01",
            "soort": "sociaal",
            "themas": [str(Thema.objects.get(naam="Taal").pk)],
        },
    )

    hv = zoon.hulpvragen.get()
    assert response["Location"] == hv.get_absolute_url()
    assert hv.statushistorie.get().datum == D(2021, 3, 1)
    assert [t.naam for t in hv.themas.all()] == ["Taal"]


def test_edit_help_request(client, vp_a, hv_a):
    client.force_login(vp_a.user)

    client.post(
        reverse("hulpvragen:hulpvraag_edit", args=[hv_a.uuid]),
        {
            "hulpvrager": str(hv_a.hulpvrager_id),
            "intake_datum": "2021-01-09",
            "soort": "beide",
            "omschrijving": "Ook eenzaam",
            "themas": [str(Thema.objects.get(naam="Taal").pk)],
            "versie": str(hv_a.versie),
        },
    )

    hv_a.refresh_from_db()
    assert (hv_a.soort, hv_a.omschrijving, hv_a.intake_datum) == (
        "beide",
        "Ook eenzaam",
        D(2021, 1, 9),
    )
    assert hv_a.statushistorie.get().datum == D(2021, 1, 9)


def test_signal_by_trusted_person_gets_own_organisation_and_shows_per_theme(
    client, vp_a, hv_a, coordinator
):
    client.force_login(vp_a.user)
    thema = Thema.objects.get(naam="Woning")

    client.post(
        reverse("hulpvragen:signaal_create"),
        {
            "datum": "2021-02-01",
            "thema": str(thema.pk),
            "tekst": "Lange wachtlijst",
            "hulpvragen": hv_a.huishouden.referentie,
            "organisatie": "",
        },
    )
    page = client.get(reverse("hulpvragen:signaal_list"))

    signaal = Signaal.objects.get()
    assert signaal.organisatie == vp_a.organisatie and signaal.aangemaakt_door == vp_a.user
    assert [(t.naam, t.n_signalen, t.n_hulpvragen) for t in page.context["per_thema"]] == [
        ("Woning", 1, 1)
    ]


def test_signal_counts_of_another_organisation_stay_hidden(client, vp_b, hv_a, coordinator):
    services.record_signaal(
        datum=D(2021, 2, 1),
        thema=Thema.objects.first(),
        tekst="x",
        organisatie=hv_a.huishouden.organisatie,
        hulpvragen=[hv_a],
        door=coordinator,
    )
    client.force_login(vp_b.user)

    page = client.get(reverse("hulpvragen:signaal_list"))

    assert list(page.context["per_thema"]) == []
    assert list(page.context["signalen"]) == []


def test_phone_view_orders_households_by_attention(client, vp_a):
    quiet = make_household(vp_a, naam="Rustig", intake=days_ago(3))
    stalled = make_household(vp_a, naam="Stil", intake=days_ago(60))
    make_household(vp_a, naam="Ook stil", intake=days_ago(40))
    services.record_doorverwijzing(
        hulpvraag=first_hulpvraag(stalled),
        organisatie=vp_a.organisatie,
        soort="advies",
        datum=days_ago(30),
    )
    client.force_login(vp_a.user)

    response = client.get(reverse("hulpvragen:mijn"))

    names = [hh.hoofdpersoon for hh in response.context["huishoudens"]]
    assert names == ["Stil", "Ook stil", "Rustig"]
    assert quiet.referentie in response.content.decode()
    assert reverse("hulpvragen:hulpvraag_contact", args=[first_hulpvraag(quiet).uuid]) in (
        response.content.decode()
    )


def test_intake_by_a_login_without_trusted_person_record_stores_nothing(client, vp_a):
    user = vp_a.user
    vp_a.user = None
    vp_a.save()
    user.profiel.organisatie = None
    user.profiel.save()
    client.force_login(user)

    response = client.post(reverse("hulpvragen:intake"), intake_data())

    assert "niet gekoppeld aan een vertrouwenspersoon" in response.content.decode()
    assert not Huishouden.objects.exists()


def test_coordinator_creates_a_pilot_and_sees_its_count(client, coordinator, vp_a):
    client.force_login(coordinator)

    client.post(
        reverse("hulpvragen:pilot_create"),
        {
            "naam": "Pilot 2021",
            "startdatum": "2021-01-01",
            "einddatum": "2021-12-31",
            "taakstelling": "40",
        },
    )
    make_household(vp_a)
    page = client.get(reverse("hulpvragen:pilot_list"))

    assert [(p.naam, p.n_hulpvragen, p.n_open) for p in page.context["pilots"]] == [
        ("Pilot 2021", 1, 1)
    ]


def test_pilot_ending_before_it_starts_is_refused(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("hulpvragen:pilot_create"),
        {
            "naam": "Fout",
            "startdatum": "2021-06-01",
            "einddatum": "2021-01-01",
            "taakstelling": "40",
        },
    )

    assert response.context["form"].errors["einddatum"] == ["De einddatum ligt vóór de startdatum."]
    assert not Pilot.objects.exists()


# --- the coordinator's overview: the stalled list, paged in two steps ---------------------------


def test_overview_stalled_list_pages_keep_the_longest_silence_first(client, coordinator, vp_a):
    for i in range(27):  # intakes 30..56 days ago, no contact: each without contact
        make_household(vp_a, naam=f"Stil {i:02d}", intake=days_ago(30 + i))
    client.force_login(coordinator)
    url = reverse("hulpvragen:overzicht")

    def names(response):
        table = response.context["stalled"]
        return [r.record.hulpvrager.naam for r in table.page.object_list]

    first = names(client.get(url))
    second = names(client.get(url, {"s-page": 2}))

    assert first == [f"Stil {i:02d}" for i in range(26, 1, -1)]  # the longest silence first
    assert second == ["Stil 01", "Stil 00"]
    by_intake = names(client.get(url, {"s-sort": "intake_datum"}))
    assert by_intake[:3] == ["Stil 26", "Stil 25", "Stil 24"]
    assert names(client.get(url, {"s-sort": "-intake_datum"}))[:2] == ["Stil 00", "Stil 01"]
