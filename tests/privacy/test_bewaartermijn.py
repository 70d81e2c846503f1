"""Retention (issue 9, acceptance 3) with a frozen clock: closed 25 months ago is anonymised;
closed 23 months ago, or with one help request still open, is not; --dry-run changes nothing;
a second run does nothing more."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from hulpvragen import services
from hulpvragen.choices import Geslacht, Soort, Status, Woonplaats
from hulpvragen.models import Huishouden, Hulpvrager
from noodfonds.choices import AanvraagStatus
from noodfonds.models import Aanvraag
from opleiding.choices import BijeenkomstSoort, DeelnameStatus
from opleiding.models import Bijeenkomst, Cohort, Deelname, Meting
from privacy import selectors
from privacy import services as privacy_services
from taken.periodiek import plan_periodieke_taken
from tests.factories import AanvraagFactory

pytestmark = pytest.mark.django_db

D = datetime.date
VANDAAG = D(2023, 6, 15)  # the frozen clock; the limit (24 months) is 15-06-2021
INTAKE = D(2021, 1, 4)


@pytest.fixture
def frozen(monkeypatch):
    moment = timezone.make_aware(datetime.datetime.combine(VANDAAG, datetime.time(3, 0)))
    monkeypatch.setattr(timezone, "now", lambda: moment)


def household(naam, *, intake=INTAKE, afgerond=None, vp=None):
    hh = services.register_intake(
        huishouden={"woonplaats": Woonplaats.OOST, "adres": f"{naam}straat 1"},
        hulpvrager={"naam": naam, "geslacht": Geslacht.MAN, "telefoon": "06-12345678"},
        hulpvraag={"intake_datum": intake, "soort": Soort.SOCIAAL, "omschrijving": naam},
        themas=[],
        toestemming_datum=intake,
        vertrouwenspersoon=vp,
    )
    if afgerond:
        services.change_status(
            hulpvraag=hh.hulpvragen.get(),
            naar=Status.AFGEROND,
            datum=afgerond,
            uitkomst="klaar",
            uitkomst_categorie="opgelost",
        )
    return hh


@pytest.fixture
def huishoudens(db):
    return {
        "25 maanden": household("Oudgesloten", afgerond=D(2021, 5, 14)),
        "23 maanden": household("Recentgesloten", afgerond=D(2021, 7, 15)),
        "een open": _one_open(),
    }


def _one_open():
    hh = household("Halfopen", afgerond=D(2021, 2, 1))
    services.add_hulpvraag(
        huishouden=hh, hulpvrager=hh.personen.get(), intake_datum=D(2021, 3, 1), soort="sociaal"
    )
    return hh


def names():
    return dict(Hulpvrager.objects.values_list("huishouden__referentie", "naam"))


def run(*args):
    out = io.StringIO()
    call_command("bewaartermijn", *args, stdout=out)
    return out.getvalue()


def test_closed_25_months_ago_is_anonymised_23_months_or_open_is_not(huishoudens, frozen):
    output = run()

    anonymised = set(
        Huishouden.objects.filter(geanonimiseerd_op__isnull=False).values_list(
            "referentie", flat=True
        )
    )
    assert anonymised == {huishoudens["25 maanden"].referentie}
    assert names()[huishoudens["25 maanden"].referentie] == "Persoon 1"
    assert names()[huishoudens["23 maanden"].referentie] == "Recentgesloten"
    assert names()[huishoudens["een open"].referentie] == "Halfopen"
    assert "Huishoudens geanonimiseerd: 1" in output
    assert huishoudens["25 maanden"].referentie in output


def test_dry_run_changes_nothing_and_says_what_it_would_do(huishoudens, frozen):
    before = names()

    output = run("--dry-run")

    assert names() == before
    assert not Huishouden.objects.filter(geanonimiseerd_op__isnull=False).exists()
    assert "Huishoudens te anonimiseren: 1" in output
    assert huishoudens["25 maanden"].referentie in output
    assert "15-06-2021" in output


def test_a_second_run_does_nothing_more(huishoudens, frozen):
    run()

    output = run()

    assert "Huishoudens geanonimiseerd: 0" in output


def test_the_limit_is_counted_in_calendar_months():
    assert selectors.grens(D(2023, 6, 15), 24) == D(2021, 6, 15)
    assert selectors.grens(D(2024, 3, 31), 1) == D(2024, 2, 29)
    assert selectors.grens(D(2023, 1, 10), 24) == D(2021, 1, 10)


def test_the_setting_sets_the_period(huishoudens, frozen, settings):
    settings.BEWAARTERMIJN_MAANDEN = 22

    result = privacy_services.apply_bewaartermijn(dry_run=True)

    assert sorted(result.huishoudens) == sorted(
        [huishoudens["25 maanden"].referentie, huishoudens["23 maanden"].referentie]
    )


def test_an_application_still_open_keeps_its_household(huishoudens, frozen):
    AanvraagFactory(huishouden=huishoudens["25 maanden"], status=AanvraagStatus.INGEDIEND)

    result = privacy_services.apply_bewaartermijn(vandaag=VANDAAG, dry_run=True)

    assert result.huishoudens == []


def fund(status, *, datum, **velden):
    velden.setdefault("motivatie", "Motivatie met naam Pietersen")
    return AanvraagFactory(
        status=status,
        ingediend_op=datum - datetime.timedelta(days=10),
        besloten_op=datum,
        uitbetaald_op=datum if status == AanvraagStatus.UITBETAALD else None,
        **velden,
    )


def test_applications_are_anonymised_when_they_ended_before_the_limit(frozen):
    oud = fund(AanvraagStatus.UITBETAALD, datum=D(2021, 5, 1))
    afgewezen = fund(AanvraagStatus.AFGEWEZEN, datum=D(2021, 4, 1))
    recent = fund(AanvraagStatus.UITBETAALD, datum=D(2021, 8, 1))
    lopend = fund(AanvraagStatus.TOEGEKEND, datum=D(2020, 8, 1))

    output = run()

    motivaties = dict(Aanvraag.objects.values_list("referentie", "motivatie"))
    assert motivaties[oud.referentie] == motivaties[afgewezen.referentie] == "[geanonimiseerd]"
    assert (
        motivaties[recent.referentie]
        == motivaties[lopend.referentie]
        == ("Motivatie met naam Pietersen")
    )
    assert Aanvraag.objects.get(pk=oud.pk).gevraagd_bedrag == Decimal("100")
    assert "Noodfondsaanvragen geanonimiseerd: 2" in output


def test_measurement_notes_of_finished_cohorts_go_scores_stay(vp_a, vp_b, frozen):
    oud = _cohort("Cohort 2020", D(2020, 9, 1), vp_a, DeelnameStatus.AFGEROND)
    nieuw = _cohort("Cohort 2022", D(2022, 9, 1), vp_b, DeelnameStatus.AFGEROND)

    output = run()

    assert Meting.objects.get(deelname__cohort=oud).toelichting == ""
    assert Meting.objects.get(deelname__cohort=oud).zelfvertrouwen == 4
    assert Meting.objects.get(deelname__cohort=nieuw).toelichting == "Durft meer"
    assert "Toelichtingen bij metingen gewist: 1" in output


def test_candidates_who_never_became_trusted_persons_lose_name_and_contact(org_a, frozen):
    """Issue 22: a candidate's name, phone and e-mail go 24 months after the cohort ended; what
    the training counts (organisation, intake, attendance) stays; a second run changes nothing."""

    def kandidaat(cohort, naam):
        return Deelname.objects.create(
            cohort=cohort,
            kandidaat_naam=naam,
            kandidaat_telefoon="06-11112222",
            kandidaat_email=f"{naam.lower()}@example.org",
            kandidaat_organisatie=org_a,
            intake_datum=cohort.startdatum,
            status=DeelnameStatus.GESTOPT,
            status_datum=cohort.startdatum,
        )

    oud = kandidaat(_cohort("Cohort 2020", D(2020, 9, 1), None, None), "Oudkandidaat")
    nieuw = kandidaat(_cohort("Cohort 2022", D(2022, 9, 1), None, None), "Nieuwkandidaat")

    proef = run("--dry-run")
    output = run()
    nog_eens = run()

    oud.refresh_from_db()
    nieuw.refresh_from_db()
    assert "Kandidaten van de opleiding te anonimiseren: 1" in proef
    assert (oud.kandidaat_naam, oud.kandidaat_telefoon, oud.kandidaat_email) == (
        "[geanonimiseerd]",
        "",
        "",
    )
    assert oud.kandidaat_organisatie == org_a and oud.intake_datum == D(2020, 9, 1)
    assert nieuw.kandidaat_naam == "Nieuwkandidaat" and nieuw.kandidaat_telefoon
    assert "Kandidaten van de opleiding geanonimiseerd: 1" in output
    assert "Kandidaten van de opleiding geanonimiseerd: 0" in nog_eens


def _cohort(naam, start, vp, status):
    cohort = Cohort.objects.create(naam=naam, startdatum=start)
    Bijeenkomst.objects.create(cohort=cohort, soort=BijeenkomstSoort.LES, datum=start)
    if vp is None:
        return cohort
    deelname = Deelname.objects.create(
        cohort=cohort, vertrouwenspersoon=vp, status=status, status_datum=start
    )
    scores = dict.fromkeys(
        [
            "persoonlijke_groei",
            "professionele_vaardigheden",
            "sociale_vaardigheden",
            "zelfvertrouwen",
            "netwerk",
            "grenzen_aangeven",
        ],
        4,
    )
    Meting.objects.create(
        deelname=deelname, soort="0", datum=start, toelichting="Durft meer", **scores
    )
    return cohort


def test_a_failing_household_is_reported_and_the_rest_goes_on(huishoudens, frozen, monkeypatch):
    huishoudens["23 maanden"].hulpvragen.update(datum_afgerond=D(2021, 5, 1))
    echte = privacy_services.anonymise_huishouden

    def soms(*, huishouden, **kwargs):
        if huishouden.pk == huishoudens["25 maanden"].pk:
            raise RuntimeError("kapot")
        return echte(huishouden=huishouden, **kwargs)

    monkeypatch.setattr(privacy_services, "anonymise_huishouden", soms)

    with pytest.raises(Exception, match="1 keer mislukt"):
        run()

    assert names()[huishoudens["23 maanden"].referentie] == "Persoon 1"
    assert names()[huishoudens["25 maanden"].referentie] == "Oudgesloten"


def test_the_daily_periodic_job_runs_retention_in_the_worker(huishoudens, frozen):
    verslag = dict((naam, gepland) for naam, _, gepland in plan_periodieke_taken())

    assert verslag["bewaartermijn"] is True
    assert names()[huishoudens["25 maanden"].referentie] == "Persoon 1"
    assert names()[huishoudens["23 maanden"].referentie] == "Recentgesloten"
