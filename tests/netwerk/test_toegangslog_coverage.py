"""Issue 9, acceptance 1: every detail view, every download and every refused access writes
exactly one access-log entry naming the right user and record.

`DETAILS` and `DOWNLOADS` list every such URL; `test_every_detail_and_download_url_is_covered`
walks the URL configuration (tests/urlwalker.py), so a new detail page or download that is not
listed here fails."""

import datetime
import logging
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from netwerk.models import Toegangslog
from netwerk.toegangslog import Actie, Resultaat
from noodfonds import betalingen
from noodfonds.brieven import make_besluitbrief
from noodfonds.choices import AanvraagStatus
from noodfonds.models import Bijlage
from opleiding.models import Cohort, Deelname
from taken.services import start_taak
from tests.bestanden import PDF
from tests.factories import AanvraagFactory, HulpvraagFactory, HulpvragerFactory, PilotFactory
from tests.taken import jobs
from tests.urlwalker import _declaratie, routes


@pytest.fixture
def world(vp_a, org_a, opleider, coordinator):
    """One record of each kind, all in vp_a's (and org_a's, and the trainer's) scope."""
    PilotFactory()
    hulpvrager = HulpvragerFactory(
        huishouden__vertrouwenspersoon=vp_a, huishouden__organisatie=org_a, naam="Fatima Testnaam"
    )
    hulpvraag = HulpvraagFactory(hulpvrager=hulpvrager)
    aanvraag = AanvraagFactory(
        organisatie=org_a,
        vertrouwenspersoon=vp_a,
        huishouden=hulpvrager.huishouden,
        status=AanvraagStatus.INGEDIEND,
        gevraagd_bedrag=Decimal("120.00"),
    )
    bijlage = Bijlage(
        aanvraag=aanvraag, naam="offerte Testnaam.pdf", content_type="application/pdf", grootte=1
    )
    bijlage.bestand.save("bijlage", ContentFile(PDF), save=False)
    bijlage.save()
    cohort = Cohort.objects.create(naam="Cohort Log", startdatum=datetime.date(2020, 11, 3))
    cohort.opleiders.set([opleider.profiel.organisatie])
    deelname = Deelname.objects.create(
        cohort=cohort, vertrouwenspersoon=vp_a, status_datum=datetime.date(2020, 11, 1)
    )
    toegekend = AanvraagFactory(
        organisatie=org_a,
        vertrouwenspersoon=vp_a,
        huishouden=hulpvrager.huishouden,
        status=AanvraagStatus.TOEGEKEND,
        gevraagd_bedrag=Decimal("80.00"),
        toegekend_bedrag=Decimal("80.00"),
    )
    betalingen.set_crediteur(
        aanvraag=toegekend, door=vp_a.user, naam="Verhuurder Testnaam", iban="NL44RABO0123456789"
    )
    batch = betalingen.create_batch(
        door=coordinator, aanvragen=[toegekend], uitvoerdatum=timezone.localdate()
    )
    brief = make_besluitbrief(aanvraag=toegekend, door=vp_a.user)
    afgerond = Deelname.objects.create(
        cohort=cohort,
        kandidaat_naam="Kandidaat Testnaam",
        status="afgerond",
        status_datum=datetime.date(2021, 2, 1),
        certificaat_datum=datetime.date(2021, 2, 1),
    )
    taak = start_taak(eigenaar=vp_a.user, functie=jobs.tel, titel="Tellen", parameters={"tot": 2})
    return {
        "taak": taak,
        "batch": batch,
        "declaratie": _declaratie(vp_a),
        "afgerond": afgerond,
        "besluitbrief": brief,
        "huishouden": hulpvrager.huishouden,
        "hulpvrager": hulpvrager,
        "hulpvraag": hulpvraag,
        "aanvraag": aanvraag,
        "bijlage": bijlage,
        "cohort": cohort,
        "deelname": deelname,
        None: None,
    }


# url name → (role that may, the record in the URL (a key of `world`), the record logged,
#             query string). `role` is a key of the `users` fixture.
DETAILS = {
    "hulpvragen:huishouden_detail": ("vp_a", "huishouden", "huishouden", ""),
    "hulpvragen:hulpvrager_edit": ("vp_a", "hulpvrager", "hulpvrager", ""),
    "hulpvragen:hulpvraag_detail": ("vp_a", "hulpvraag", "hulpvraag", ""),
    "noodfonds:aanvraag_detail": ("vp_a", "aanvraag", "aanvraag", ""),
    "noodfonds:commissie_detail": ("commissie", "aanvraag", "aanvraag", ""),
    "noodfonds:batch_detail": ("coordinator", "batch", "batch", ""),
    "onkosten:declaratie_detail": ("vp_a", "declaratie", "declaratie", ""),
    "opleiding:deelname_detail": ("opleider", "deelname", "deelname", ""),
}
DOWNLOADS = {
    "hulpvragen:hulpvraag_list_xlsx": ("vp_a", None, None, ""),
    "hulpvragen:huishouden_list_xlsx": ("orgcoordinator", None, None, ""),
    "hulpvragen:overzicht_xlsx": ("coordinator", None, None, ""),
    "hulpvragen:huishouden_xlsx": ("vp_a", "huishouden", "huishouden", ""),
    "privacy:inzage_xlsx": ("coordinator", "huishouden", "huishouden", ""),
    "noodfonds:bijlage_download": ("vp_a", "bijlage", "bijlage", ""),
    "noodfonds:budget_xlsx": ("coordinator", None, None, ""),
    "noodfonds:besluitbrief_download": ("vp_a", "besluitbrief", "besluitbrief", ""),
    "noodfonds:batch_download": ("coordinator", "batch", "batch", ""),
    "onkosten:bon_download": ("vp_a", "declaratie", "declaratie", ""),
    "onkosten:export": ("coordinator", None, None, ""),
    "opleiding:certificaat_pdf": ("opleider", "afgerond", "afgerond", ""),
    "opleiding:export_aanwezigheid": ("opleider", "cohort", "cohort", ""),
    "opleiding:export_metingen": ("opleider", "cohort", "cohort", ""),
    "rapportage:rapport_xlsx": ("coordinator", None, None, "?peildatum=2021-03-01"),
    "rapportage:rapport_pdf": ("coordinator", None, None, "?peildatum=2021-03-01"),
    "registratie:sjabloon": ("coordinator", None, None, ""),
    "registratie:export": ("coordinator", None, None, ""),
    "privacy:toegangslog_xlsx": ("coordinator", None, None, ""),
    "taken:download": ("vp_a", "taak", "taak", ""),
}
# downloads that are always made in the background
JOBS = {
    "privacy:inzage_xlsx",
    "rapportage:rapport_xlsx",
    "rapportage:rapport_pdf",
    "registratie:export",
}
# downloads asked for by a form (they change the record: a downloaded batch is frozen)
POSTED = {"noodfonds:batch_download"}
# Detail pages that show no household, person, help request, application or participant.
NOT_LOGGED = {
    "netwerk:organisatie_detail": "the social map: organisations, public",
    "hulpvragen:signaal_detail": "a signal to policy: no personal data, references only",
    "netwerk:vertrouwenspersoon_detail": "a volunteer, not a person asking for help",
    "netwerk:gebruiker_detail": "a login",
    "opleiding:cohort_detail": "a training cohort: sessions and names of volunteers",
}
DOWNLOAD_WORDS = ("xlsx", "pdf", "download", "export", "sjabloon", "dossier", "bijlage_download")


def url_of(name, world, key):
    obj = world[key]
    if obj is None:
        return reverse(name)
    arg = obj.referentie if key == "huishouden" else getattr(obj, "uuid", obj.pk)
    return reverse(name, args=[arg])


def test_every_detail_and_download_url_is_covered():
    names = {route.name: route.route for route in routes()}
    details = {n for n in names if n.endswith("_detail")} | {"hulpvragen:hulpvrager_edit"}
    downloads = {
        n for n, route in names.items() if any(w in n or w in route for w in DOWNLOAD_WORDS)
    }

    assert details == set(DETAILS) | set(NOT_LOGGED)
    assert downloads == set(DOWNLOADS)


@pytest.mark.parametrize("name", list(DETAILS) + list(DOWNLOADS))
def test_detail_or_download_writes_one_entry(client, users, world, name):
    role, in_url, logged, query = {**DETAILS, **DOWNLOADS}[name]
    client.force_login(users[role])

    # a download made in the background answers with the job's page (its request is logged)
    fetch = client.post if name in POSTED else client.get
    response = fetch(url_of(name, world, in_url) + query, follow=name in JOBS)

    assert response.status_code == 200
    entry = Toegangslog.objects.get()
    assert entry.actie == (Actie.BEKEKEN if name in DETAILS else Actie.GEDOWNLOAD)
    assert entry.resultaat == Resultaat.TOEGESTAAN
    assert (entry.gebruiker, entry.gebruikersnaam) == (users[role], users[role].username)
    assert entry.view == name
    obj = world[logged]
    if obj is None:
        assert (entry.object_type, entry.object_id) == ("", "")
    else:
        assert entry.object_type == obj._meta.label_lower
        assert entry.object_id == str(obj.pk)
        expected = getattr(obj, "referentie", None) or getattr(obj, "uuid", None) or obj.pk
        assert entry.object_ref == str(expected)
    assert "Testnaam" not in f"{entry.omschrijving} {entry.object_ref} {entry.pad}"


# A user who has the page but not this record.
REFUSED = {
    "hulpvragen:huishouden_detail": "vp_b",
    "hulpvragen:hulpvrager_edit": "vp_b",
    "hulpvragen:hulpvraag_detail": "vp_b",
    "noodfonds:aanvraag_detail": "vp_b",
    "opleiding:deelname_detail": "vp_b",
    "hulpvragen:huishouden_xlsx": "vp_b",
    "noodfonds:bijlage_download": "vp_b",
    "opleiding:export_aanwezigheid": "opleider_b",
    "opleiding:export_metingen": "opleider_b",
}


@pytest.fixture
def opleider_b(db):
    from netwerk.roles import Rol
    from tests.factories import OrganisatieFactory, make_user

    return make_user("opleider_b", Rol.OPLEIDER, OrganisatieFactory(naam="Andere opleider"))


@pytest.mark.parametrize("name", list(REFUSED))
def test_refused_record_writes_one_entry(client, users, world, opleider_b, vp_b, name):
    users = {**users, "opleider_b": opleider_b}
    _role, in_url, logged, query = {**DETAILS, **DOWNLOADS}[name]
    user = users[REFUSED[name]]
    client.force_login(user)

    response = client.get(url_of(name, world, in_url) + query)

    assert response.status_code == 404
    entry = Toegangslog.objects.get()
    assert (entry.actie, entry.resultaat) == (Actie.GEWEIGERD, Resultaat.GEWEIGERD)
    assert entry.gebruiker == user
    assert entry.view == name
    assert (entry.object_type, entry.object_id) == (
        world[logged]._meta.label_lower,
        str(world[logged].pk),
    )


def test_committee_refused_an_application_outside_its_scope(client, commissielid, world):
    concept = AanvraagFactory(status=AanvraagStatus.CONCEPT, ingediend_op=None)
    client.force_login(commissielid)

    response = client.get(reverse("noodfonds:commissie_detail", args=[concept.uuid]))

    assert response.status_code == 404
    entry = Toegangslog.objects.get()
    assert (entry.actie, entry.object_id) == (Actie.GEWEIGERD, str(concept.pk))


def test_role_without_the_page_writes_one_entry_without_record(client, commissielid, world):
    client.force_login(commissielid)
    url = url_of("hulpvragen:huishouden_detail", world, "huishouden")

    response = client.get(url)

    assert response.status_code == 404
    entry = Toegangslog.objects.get()
    assert (entry.actie, entry.gebruiker, entry.object_type) == (
        Actie.GEWEIGERD,
        commissielid,
        "",
    )
    assert entry.pad == url


def test_record_that_does_not_exist_is_not_logged(client, vp_a, world):
    client.force_login(vp_a.user)

    response = client.get(reverse("hulpvragen:huishouden_detail", args=["HH-1999-9999"]))

    assert response.status_code == 404
    assert not Toegangslog.objects.exists()


def test_anonymous_visitor_is_sent_to_login_without_entry(client, world):
    response = client.get(url_of("hulpvragen:huishouden_detail", world, "huishouden"))

    assert response.status_code == 302
    assert not Toegangslog.objects.exists()


def test_person_page_logs_the_view_not_the_save(client, vp_a, world):
    persoon = world["hulpvrager"]
    client.force_login(vp_a.user)

    client.post(
        reverse("hulpvragen:hulpvrager_edit", args=[persoon.uuid]),
        {"naam": "Nieuwe Naam", "geslacht": "vrouw", "geboortejaar": 1970, "versie": 1},
    )

    persoon.refresh_from_db()
    assert persoon.naam == "Nieuwe Naam"
    assert not Toegangslog.objects.filter(actie=Actie.BEKEKEN).exists()


@pytest.mark.parametrize(
    "name", ["hulpvragen:huishouden_detail", "hulpvragen:huishouden_xlsx", "netwerk:refused"]
)
def test_page_still_answers_when_the_log_write_fails(client, vp_a, vp_b, world, name, caplog):
    """A real database error on the insert (a table that does not exist): the page answers as
    always and the failure is reported. On PostgreSQL this also proves the savepoint: the
    view's queries after the failed insert still run."""

    def broken_log_table(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "netwerk_toegangslog"'):
            sql = sql.replace('"netwerk_toegangslog"', '"netwerk_toegangslog_bestaat_niet"', 1)
        return execute(sql, params, many, context)

    refused = name == "netwerk:refused"
    client.force_login(vp_b.user if refused else vp_a.user)
    url = url_of("hulpvragen:huishouden_detail" if refused else name, world, "huishouden")

    with caplog.at_level(logging.ERROR, logger="samenvooruit.toegangslog"):
        with connection.execute_wrapper(broken_log_table):
            response = client.get(url)

    assert response.status_code == (404 if refused else 200)
    assert not Toegangslog.objects.exists()
    assert "Toegangslog niet geschreven" in caplog.text
    if name == "hulpvragen:huishouden_detail":
        assert world["huishouden"].referentie in response.content.decode()
