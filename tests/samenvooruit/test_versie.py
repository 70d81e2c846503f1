"""No lost edits: optimistic locking on every record two people may edit (samenvooruit.versie).

The lost-update story, once per record type: two coordinators open the same edit page; A saves a
change; B saves the stale form with another field changed. B gets the Dutch message naming A's
change, B's input is still in the form (and A's value where B left the field alone), A's edit
is intact; when B saves again both edits are stored and the history shows both."""

import datetime
import zoneinfo
from dataclasses import dataclass

import lxml.html
import pytest
import time_machine
from django.urls import reverse

from hulpvragen import services as hulpvragen_services
from netwerk.models import Organisatie, Vertrouwenspersoon
from netwerk.roles import Rol
from netwerk.services import save_organisatie, save_vertrouwenspersoon
from noodfonds.choices import AanvraagStatus
from opleiding.models import Cohort
from privacy.services import anonymise_huishouden
from tests.factories import (
    AanvraagFactory,
    HulpvraagFactory,
    OrganisatieFactory,
    PilotFactory,
    VertrouwenspersoonFactory,
    make_user,
)

MOMENT = datetime.datetime(2021, 6, 15, 10, 42, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam"))


@dataclass
class Geval:
    """One record type: its edit page, A's change (field, value, its label in the message)
    and B's change of another field."""

    maak: object  # () -> the record
    url: object  # record -> the edit page
    a_veld: str
    a_waarde: str
    a_label: str
    b_veld: str
    b_waarde: str


def _hulpvraag():
    return HulpvraagFactory(omschrijving="Schulden", terugkerend="", pilot=PilotFactory())


def _aanvraag():
    return AanvraagFactory(status=AanvraagStatus.CONCEPT, motivatie="Koelkast kapot")


def _cohort():
    return Cohort.objects.create(naam="Cohort 2021", startdatum=datetime.date(2021, 1, 4))


GEVALLEN = {
    "hulpvraag": Geval(
        _hulpvraag,
        lambda hv: reverse("hulpvragen:hulpvraag_edit", args=[hv.uuid]),
        "omschrijving",
        "Schulden en een brief van de woningcorporatie",
        "omschrijving",
        "terugkerend",
        "terugkerend",
    ),
    "huishouden": Geval(
        lambda: _hulpvraag().huishouden,
        lambda hh: reverse("hulpvragen:huishouden_edit", args=[hh.referentie]),
        "notitie",
        "Bellen na 17 uur",
        "notitie",
        "aantal_kinderen",
        "3",
    ),
    "hulpvrager": Geval(
        lambda: _hulpvraag().hulpvrager,
        lambda p: reverse("hulpvragen:hulpvrager_edit", args=[p.uuid]),
        "telefoon",
        "06-12345678",
        "telefoon",
        "taal",
        "Arabisch",
    ),
    "aanvraag": Geval(
        _aanvraag,
        lambda a: reverse("noodfonds:aanvraag_update", args=[a.uuid]),
        "motivatie",
        "Koelkast kapot; medicijnen moeten koel blijven.",
        "motivatie",
        "gevraagd_bedrag",
        "150.00",
    ),
    "cohort": Geval(
        _cohort,
        lambda c: reverse("opleiding:cohort_update", args=[c.pk]),
        "naam",
        "Opleiding Vertrouwenspersoon 2021",
        "naam",
        "startdatum",
        "2021-01-11",
    ),
    "organisatie": Geval(
        lambda: OrganisatieFactory(aanbod="Spreekuur"),
        lambda o: reverse("netwerk:organisatie_update", args=[o.pk]),
        "aanbod",
        "Spreekuur op dinsdag en donderdag",
        "wat zij bieden",
        "telefoon",
        "020-1234567",
    ),
    "vertrouwenspersoon": Geval(
        VertrouwenspersoonFactory,
        lambda vp: reverse("netwerk:vertrouwenspersoon_update", args=[vp.uuid]),
        "telefoon",
        "06-87654321",
        "telefoon",
        "uren_per_week",
        "12",
    ),
}


@pytest.fixture
def coordinatoren(db):
    anna = make_user("anna", Rol.COORDINATOR, first_name="Anna", last_name="de Vries")
    bram = make_user("bram", Rol.COORDINATOR, first_name="Bram", last_name="Bakker")
    return anna, bram


def _form(response) -> dict:
    """The values the page's edit form sends, as a browser would (the form without action)."""
    page = lxml.html.fromstring(response.content.decode())
    form = next(f for f in page.forms if f.method == "POST" and not f.get("action"))
    textareas = {el.name for el in form.inputs if el.tag == "textarea"}
    values = {}
    for name, value in form.form_values():
        if name in textareas:
            value = value.removeprefix("\n")  # a browser drops the newline after <textarea>
        if name in values:
            values[name] = (
                [*values[name], value]
                if isinstance(values[name], list)
                else [
                    values[name],
                    value,
                ]
            )
        else:
            values[name] = value
    return values


def _page_text(response) -> str:
    return " ".join(lxml.html.fromstring(response.content.decode()).text_content().split())


def _waarde(obj, veld) -> str:
    value = getattr(obj, veld)
    return "" if value is None else str(value)


@pytest.mark.parametrize("zonder_historie", [False, True], ids=["met-historie", "na-import"])
@pytest.mark.parametrize("soort", list(GEVALLEN))
def test_a_stale_form_is_refused_with_what_changed_and_keeps_both_edits(
    client, coordinatoren, soort, zonder_historie
):
    geval = GEVALLEN[soort]
    anna, bram = coordinatoren
    record = geval.maak()
    record.refresh_from_db()
    if zonder_historie:  # as a workbook import leaves it: many rows at once, no history
        type(record).history.filter(id=record.pk).delete()
    b_voor = _waarde(record, geval.b_veld)
    url = geval.url(record)
    with time_machine.travel(MOMENT - datetime.timedelta(minutes=5), tick=False):
        client.force_login(anna)
        form_a = _form(client.get(url))
        client.force_login(bram)
        form_b = _form(client.get(url))

    with time_machine.travel(MOMENT, tick=False):
        client.force_login(anna)
        saved_a = client.post(url, {**form_a, geval.a_veld: geval.a_waarde})
        client.force_login(bram)
        stale = client.post(url, {**form_b, geval.b_veld: geval.b_waarde})

    assert saved_a.status_code == 302
    assert stale.status_code == 200
    assert (
        f"Dit record is intussen gewijzigd door Anna de Vries om 10:42: {geval.a_label}. "
        "Uw wijzigingen zijn niet opgeslagen; controleer en sla opnieuw op."
    ) in _page_text(stale)
    record.refresh_from_db()
    assert _waarde(record, geval.a_veld) == geval.a_waarde  # A's edit intact
    assert _waarde(record, geval.b_veld) == b_voor  # nothing of B's stored
    again = _form(stale)
    assert again[geval.b_veld] == geval.b_waarde  # B's input is still in the form
    assert again[geval.a_veld] == geval.a_waarde  # A's value where B left the field alone
    assert again["versie"] == str(record.versie)

    with time_machine.travel(MOMENT + datetime.timedelta(minutes=2), tick=False):
        resaved = client.post(url, again)

    assert resaved.status_code == 302
    record.refresh_from_db()
    assert _waarde(record, geval.a_veld) == geval.a_waarde
    assert _waarde(record, geval.b_veld) == geval.b_waarde
    history = list(type(record).history.filter(id=record.pk).order_by("history_date", "history_id"))
    by_anna = [h for h in history if h.history_user == anna]
    by_bram = [h for h in history if h.history_user == bram]
    assert len(by_anna) == 1 and len(by_bram) == 1
    anna_row, bram_row = by_anna[0], by_bram[0]
    assert history.index(anna_row) < history.index(bram_row)
    assert _waarde(anna_row, geval.a_veld) == geval.a_waarde
    assert _waarde(anna_row, geval.b_veld) == b_voor
    changed_by_bram = bram_row.diff_against(history[history.index(bram_row) - 1]).changed_fields
    assert changed_by_bram == [geval.b_veld]


def test_both_changing_one_field_keeps_the_second_input_and_shows_the_first(client, coordinatoren):
    anna, bram = coordinatoren
    hulpvraag = HulpvraagFactory(omschrijving="Schulden")
    url = reverse("hulpvragen:hulpvraag_edit", args=[hulpvraag.uuid])
    client.force_login(anna)
    form_a = _form(client.get(url))
    client.force_login(bram)
    form_b = _form(client.get(url))
    client.force_login(anna)
    client.post(url, {**form_a, "omschrijving": "Schulden bij de energieleverancier"})
    client.force_login(bram)

    stale = client.post(url, {**form_b, "omschrijving": "Schulden; brief van de gemeente"})

    text = _page_text(stale)
    assert "Intussen gewijzigd door Anna de Vries in: Schulden bij de energieleverancier." in text
    assert _form(stale)["omschrijving"] == "Schulden; brief van de gemeente"
    hulpvraag.refresh_from_db()
    assert hulpvraag.omschrijving == "Schulden bij de energieleverancier"


def test_a_form_without_its_version_is_refused(client, coordinatoren):
    anna, _bram = coordinatoren
    organisatie = OrganisatieFactory(aanbod="Spreekuur")
    url = reverse("netwerk:organisatie_update", args=[organisatie.pk])
    client.force_login(anna)
    form = _form(client.get(url))
    del form["versie"]

    response = client.post(url, {**form, "aanbod": "Niets meer"})

    assert response.status_code == 200
    assert "Dit formulier is onvolledig of verouderd." in _page_text(response)
    organisatie.refresh_from_db()
    assert organisatie.aanbod == "Spreekuur"


@pytest.mark.parametrize("versie", ["0", "-1", "abc", "99999999999999999999"])
def test_a_hostile_version_is_refused_without_a_server_error(client, coordinatoren, versie):
    anna, _bram = coordinatoren
    organisatie = OrganisatieFactory(aanbod="Spreekuur")
    url = reverse("netwerk:organisatie_update", args=[organisatie.pk])
    client.force_login(anna)
    form = _form(client.get(url))

    response = client.post(url, {**form, "versie": versie, "aanbod": "Niets meer"})

    assert response.status_code == 200
    organisatie.refresh_from_db()
    assert organisatie.aanbod == "Spreekuur"


# --- writes without a form raise the version: a form opened before is refused after ------------


# A follow-up date lies at most two years ahead (samenvooruit.grenzen): a month from now.
NAZORG = datetime.date.today() + datetime.timedelta(days=30)


def test_a_follow_up_date_set_meanwhile_refuses_an_open_edit_form(client, coordinatoren):
    anna, _bram = coordinatoren
    hulpvraag = HulpvraagFactory()
    url = reverse("hulpvragen:hulpvraag_edit", args=[hulpvraag.uuid])
    client.force_login(anna)
    form = _form(client.get(url))
    hulpvragen_services.log_contact(
        hulpvraag=hulpvraag,
        soort="telefonisch",
        datum=datetime.date(2020, 2, 1),
        nazorg_datum=NAZORG,
    )

    response = client.post(url, {**form, "omschrijving": "Nieuw"})

    assert "Dit record is intussen gewijzigd door systeem" in _page_text(response)
    assert "opvolgdatum" in _page_text(response)
    hulpvraag.refresh_from_db()
    assert hulpvraag.nazorg_datum == NAZORG
    assert hulpvraag.omschrijving == ""


def test_a_handover_refuses_a_household_form_opened_before(client, coordinatoren):
    anna, _bram = coordinatoren
    hulpvraag = HulpvraagFactory()
    huishouden = hulpvraag.huishouden
    van = VertrouwenspersoonFactory()
    naar = VertrouwenspersoonFactory(organisatie=van.organisatie)
    huishouden.vertrouwenspersoon, huishouden.organisatie = van, van.organisatie
    huishouden.save()
    url = reverse("hulpvragen:huishouden_edit", args=[huishouden.referentie])
    client.force_login(anna)
    form = _form(client.get(url))

    hulpvragen_services.draag_huishoudens_over(van=van, naar=naar, door=anna)
    response = client.post(url, {**form, "notitie": "Bellen na 17 uur"})

    assert "Dit record is intussen gewijzigd door Anna de Vries" in _page_text(response)
    huishouden.refresh_from_db()
    assert huishouden.vertrouwenspersoon == naar  # the handover is not undone
    assert huishouden.notitie == ""
    assert _form(response)["vertrouwenspersoon"] == str(naar.pk)  # taken over: B left it


def test_a_status_change_leaves_the_version_alone(client, coordinatoren):
    """The status is not on the edit form: changing it refuses no open edit form."""
    anna, _bram = coordinatoren
    hulpvraag = HulpvraagFactory()
    url = reverse("hulpvragen:hulpvraag_edit", args=[hulpvraag.uuid])
    client.force_login(anna)
    form = _form(client.get(url))
    hulpvragen_services.change_status(
        hulpvraag=hulpvraag, naar="bij_formeel", datum=datetime.date(2020, 2, 1)
    )

    response = client.post(url, {**form, "omschrijving": "Nieuw"})

    assert response.status_code == 302
    hulpvraag.refresh_from_db()
    assert (hulpvraag.omschrijving, hulpvraag.status) == ("Nieuw", "bij_formeel")


def test_anonymising_raises_the_version_of_the_persons(coordinatoren):
    anna, _bram = coordinatoren
    hulpvraag = HulpvraagFactory(huishouden__organisatie=OrganisatieFactory())
    persoon = hulpvraag.hulpvrager
    versie = persoon.versie

    anonymise_huishouden(huishouden=hulpvraag.huishouden, door=anna)

    persoon.refresh_from_db()
    assert persoon.versie == versie + 1


def test_a_save_without_a_form_raises_the_version_without_comparing(db):
    organisatie = OrganisatieFactory()
    vertrouwenspersoon = VertrouwenspersoonFactory(organisatie=organisatie)
    vertrouwenspersoon.uren_per_week = 8

    save_vertrouwenspersoon(vertrouwenspersoon=vertrouwenspersoon)
    save_organisatie(organisatie=organisatie)

    stored = Vertrouwenspersoon.objects.get(pk=vertrouwenspersoon.pk)
    assert (stored.versie, stored.uren_per_week) == (2, 8)
    assert Organisatie.objects.get(pk=organisatie.pk).versie == 2


def test_a_change_in_the_admin_refuses_an_edit_form_opened_before(
    client, admin_client, coordinatoren
):
    anna, _bram = coordinatoren
    cohort = _cohort()
    url = reverse("opleiding:cohort_update", args=[cohort.pk])
    client.force_login(anna)
    form = _form(client.get(url))
    admin_url = reverse("admin:opleiding_cohort_change", args=[cohort.pk])
    admin_form = _admin_form(admin_client.get(admin_url))

    admin_client.post(admin_url, {**admin_form, "naam": "Cohort 2021 (najaar)"})
    response = client.post(url, {**form, "startdatum": "2021-01-11"})

    assert response.status_code == 200
    assert "Dit record is intussen gewijzigd" in _page_text(response)
    cohort.refresh_from_db()
    assert (cohort.naam, cohort.startdatum) == ("Cohort 2021 (najaar)", datetime.date(2021, 1, 4))


def _admin_form(response) -> dict:
    page = lxml.html.fromstring(response.content.decode())
    form = next(f for f in page.forms if f.get("id", "").endswith("_form"))
    return dict(form.form_values())
