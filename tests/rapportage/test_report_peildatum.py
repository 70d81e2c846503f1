"""Every figure as of the peildatum (DOMAIN.md, fixed interface "report"): after the demo's
registration, every kind of record changes after the peildatum (statuses, referrals, contacts,
trusted persons stopped and added, a completed training, fund decisions and payments, a new pilot,
a later workbook import with new trusted persons, retention and anonymisation) and the whole
report, tables and key figures, is the same through JSON, the workbook and the page."""

import datetime
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from hulpvragen import services as hulpvragen_services
from hulpvragen.choices import ContactSoort, DoorverwijzingSoort, Status, UitkomstCategorie
from hulpvragen.models import Huishouden, Hulpvraag
from netwerk import services as netwerk_services
from netwerk.models import Organisatie, OrganisatieSoort, Pilot, Vertrouwenspersoon
from noodfonds.choices import AanvraagStatus, Actie, Stem, UitbetaaldAan
from noodfonds.models import Aanvraag
from noodfonds.services import transition_aanvraag
from opleiding.choices import DeelnameStatus
from opleiding.models import Cohort, Deelname
from privacy.services import anonymise_huishouden, apply_bewaartermijn
from registratie.workbook import import_workbook
from tests.rapportage.conftest import change
from tests.registratie.test_workbook import workbook as registration_workbook

D = datetime.date
PEILDATUM = "2021-03-01"
NOW = datetime.datetime(2026, 5, 15, 10, 0, tzinfo=datetime.UTC)
LATER = D(2026, 5, 15)
URL = reverse("rapportage:rapport")


@pytest.fixture
def demo(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(NOW, tick=False):
        call_command("demo", "--wachtwoord", "demo-wachtwoord-1", stdout=io.StringIO())
        yield get_user_model().objects


def report_as_json() -> str:
    out = io.StringIO()
    call_command("rapportage", "--peildatum", PEILDATUM, "--json", stdout=out)
    return out.getvalue()


def report_as_workbook(tmp_path) -> dict:
    """Every cell of every sheet, but the time the workbook was made."""
    path = tmp_path / "rapportage.xlsx"
    call_command("rapportage", "--peildatum", PEILDATUM, "--xlsx", str(path), stdout=io.StringIO())
    wb = load_workbook(path)
    cells = {}
    for ws in wb.worksheets:
        rows = [[c.value for c in row] for row in ws.iter_rows()]
        cells[ws.title] = [r for r in rows if r[0] != "Gemaakt op"]
    return cells


def report_as_page(client, user, query=f"?peildatum={PEILDATUM}") -> str:
    """The key figures, their definitions and the tables with their chart data."""
    client.force_login(user)
    html = client.get(URL + query).content.decode()
    start = html.index('<section aria-labelledby="kerncijfers-kop"')
    return html[start : html.index("</main>")]


def snapshot(client, users, tmp_path) -> dict:
    org_filter = (
        f"?peildatum={PEILDATUM}&organisatie={users.get(username='vp1').profiel.organisatie_id}"
    )
    return {
        "json": report_as_json(),
        "workbook": report_as_workbook(tmp_path),
        "page": report_as_page(client, users.get(username="coordinator")),
        "page_filtered": report_as_page(client, users.get(username="coordinator"), org_filter),
        "page_orgcoordinator": report_as_page(client, users.get(username="orgcoordinator")),
    }


# --- what happens after the peildatum ------------------------------------------------------------


def _statuses():
    """Open help requests of before the peildatum move on, some are closed."""
    for i, hv in enumerate(
        Hulpvraag.objects.filter(intake_datum__lte=PEILDATUM)
        .exclude(status=Status.AFGEROND)
        .order_by("pk")[:30]
    ):
        naar = Status.AFGEROND if i % 2 or hv.status == Status.BIJ_FORMEEL else Status.BIJ_FORMEEL
        change(hv, naar, LATER - datetime.timedelta(days=30 - i))


def _outcomes():
    """Help requests closed before the peildatum are reopened and closed with another outcome."""
    closed = Hulpvraag.objects.filter(
        status=Status.AFGEROND, datum_afgerond__lte=PEILDATUM
    ).order_by("pk")[:10]
    for hv in closed:
        change(hv, Status.NOG_IN_BEHANDELING, D(2026, 1, 5))
        change(hv, Status.AFGEROND, D(2026, 2, 5), UitkomstCategorie.ANDERS)


def _referrals_and_contacts():
    organisatie = Organisatie.objects.filter(partner=False).first() or Organisatie.objects.first()
    for hv in Hulpvraag.objects.filter(intake_datum__lte=PEILDATUM).order_by("pk")[:10]:
        hulpvragen_services.record_doorverwijzing(
            hulpvraag=hv,
            organisatie=organisatie,
            soort=DoorverwijzingSoort.WARME_OVERDRACHT,
            datum=D(2021, 3, 2),
            toestemming_vastleggen=True,
        )
        hulpvragen_services.log_contact(
            hulpvraag=hv, soort=ContactSoort.TELEFONISCH, datum=LATER, minuten=10
        )


def _trusted_persons():
    """Five stop (the end date filled in by the service), five start, one finishes training."""
    for vp in Vertrouwenspersoon.objects.filter(einddatum__isnull=True).order_by("pk")[:5]:
        vp.status = "gestopt"
        netwerk_services.save_vertrouwenspersoon(vertrouwenspersoon=vp)
        assert vp.einddatum == LATER
    organisatie = Organisatie.objects.filter(partner=True).first()
    for i in range(5):
        netwerk_services.save_vertrouwenspersoon(
            vertrouwenspersoon=Vertrouwenspersoon(
                naam=f"Later gestart {i}", organisatie=organisatie, status="actief"
            )
        )
    nieuw = Vertrouwenspersoon.objects.get(naam="Later gestart 0")
    cohort = Cohort.objects.create(naam="Cohort 2026", startdatum=D(2025, 9, 1))
    Deelname.objects.create(
        cohort=cohort,
        vertrouwenspersoon=nieuw,
        status=DeelnameStatus.AFGEROND,
        status_datum=D(2026, 3, 1),
    )


def _fund(users):
    """Waiting applications are decided and granted ones paid, all today."""
    coordinator = users.get(username="coordinator")
    c1, c2 = users.get(username="commissie1"), users.get(username="commissie2")
    for aanvraag in Aanvraag.objects.filter(status=AanvraagStatus.TOEGEKEND):
        transition_aanvraag(
            aanvraag=aanvraag,
            actie=Actie.UITBETALEN,
            door=coordinator,
            bedrag=aanvraag.toegekend_bedrag,
            datum=LATER,
            uitbetaald_aan=UitbetaaldAan.BEWONER,
        )
    for aanvraag in Aanvraag.objects.filter(status=AanvraagStatus.INGEDIEND)[:2]:
        for lid in (c1, c2):
            transition_aanvraag(
                aanvraag=aanvraag,
                actie=Actie.BEOORDELEN,
                door=lid,
                stem=Stem.TOEKENNEN,
                bedrag=Decimal("10.00"),
                motivering="Later toegekend.",
            )


def _later_import():
    """A workbook with work of 2026: a new pilot, organisation and five trusted persons."""
    pilot = {"naam": "Pilot 2026", "startdatum": "01-01-2026", "einddatum": "31-12-2026"}
    hulpvragen = [
        {
            "huishouden": f"HH-2026-{i}",
            "datum_aanmelding": "02-02-2026",
            "organisatie": "Later Erbij",
            "vertrouwenspersoon": f"Later geimporteerd {i}",
        }
        for i in range(5)
    ]
    aanvragen = [{"datum_aanvraag": "03-02-2026", "organisatie": "Later Erbij"}]
    content = registration_workbook([pilot], hulpvragen, aanvragen)
    result = import_workbook(content, via="test")
    assert result.opgeslagen, result.plan.problemen
    assert Vertrouwenspersoon.objects.get(naam="Later geimporteerd 0").startdatum == D(2026, 2, 2)


def _pilot_and_organisation():
    Pilot.objects.create(naam="Pilot 2025", startdatum=D(2025, 1, 1), einddatum=D(2025, 12, 31))
    Organisatie.objects.create(naam="Nieuwe partner", soort=OrganisatieSoort.BUURTTEAM)


def _retention_and_anonymisation():
    result = apply_bewaartermijn()
    assert result.huishoudens and not result.fouten
    open_household = (
        Huishouden.objects.filter(geanonimiseerd_op__isnull=True)
        .filter(hulpvragen__intake_datum__lte=PEILDATUM)
        .first()
    )
    anonymise_huishouden(huishouden=open_household, reden="test")


def test_the_whole_report_is_the_same_after_everything_recorded_later(demo, client, tmp_path):
    users = demo
    with time_machine.travel(NOW, tick=False):
        before = snapshot(client, users, tmp_path)
        _outcomes()
        _statuses()
        _referrals_and_contacts()
        _trusted_persons()
        _fund(users)
        _later_import()
        _pilot_and_organisation()
        _retention_and_anonymisation()
        after = snapshot(client, users, tmp_path)
        today = report_as_page(client, users.get(username="coordinator"), "?peildatum=2026-05-15")

    assert '"Actieve vertrouwenspersonen"' in before["json"]
    assert '"Uitkomst afgeronde hulpvragen"' in before["json"]
    for kind in before:
        assert after[kind] == before[kind], kind
    # the changes were real: today's report sees them
    assert re.search(r"Later gestart|Pilot 2026", today)
