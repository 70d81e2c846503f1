"""A candidate's right of access (AVG art. 15): someone enrolled in the training who is not a
trusted person yet gets a workbook of what is stored about them (the enrolment's details, the
training, attendance and measurements), downloaded by a coordinator from the enrolment's page
and logged; a trusted person's training is in their own file."""

import io

import openpyxl
import pytest
from django.urls import reverse

from netwerk.models import Toegangslog
from opleiding.choices import AanwezigheidStatus, MetingSoort
from opleiding.models import Aanwezigheid, Deelname, Meting
from tests.factories import OrganisatieFactory
from tests.opleiding.conftest import D


@pytest.fixture
def candidate(cohort, les):
    deelname = Deelname.objects.create(
        cohort=cohort,
        kandidaat_naam="Amira Haddou",
        kandidaat_telefoon="06-12345678",
        kandidaat_email="amira@example.org",
        kandidaat_organisatie=OrganisatieFactory(naam="Buurtkamer Oost"),
        intake_datum=D(2020, 10, 20),
        status_datum=D(2020, 11, 1),
    )
    Aanwezigheid.objects.create(
        bijeenkomst=les, deelname=deelname, status=AanwezigheidStatus.AANWEZIG
    )
    Meting.objects.create(
        deelname=deelname, soort=MetingSoort.NUL, datum=D(2020, 11, 3),
        persoonlijke_groei=2, professionele_vaardigheden=3, sociale_vaardigheden=4,
        zelfvertrouwen=2, netwerk=1, grenzen_aangeven=5, toelichting="=SOM(A1)",
    )  # fmt: skip
    return deelname


def workbook(response):
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def rows(sheet):
    return list(sheet.iter_rows(values_only=True))


def test_a_coordinator_downloads_a_candidates_file_with_everything_stored(
    client, coordinator, candidate
):
    client.force_login(coordinator)
    page = client.get(reverse("opleiding:deelname_detail", args=[candidate.uuid]))
    url = reverse("privacy:inzage_deelname", args=[candidate.uuid])
    assert url in page.content.decode()

    wb = workbook(client.get(url))

    assert dict(rows(wb["Kandidaat"])[1:]) == {
        "Naam": "Amira Haddou",
        "Telefoon": "06-12345678",
        "E-mail": "amira@example.org",
        "Organisatie": "Buurtkamer Oost",
    }
    opleiding = rows(wb["Opleiding"])[1]
    assert (opleiding[0], opleiding[3]) == ("Cohort Test", "Ingeschreven")
    aanwezigheid = rows(wb["Aanwezigheid"])[1]
    assert (aanwezigheid[0], aanwezigheid[-1]) == ("Cohort Test", "Aanwezig")
    meting = rows(wb["Metingen"])[1]
    assert meting[3:9] == (2, 3, 4, 2, 1, 5)
    assert meting[9] == "=SOM(A1)"
    assert wb["Metingen"]["J2"].data_type == "s"  # through the formula guard: text, no formula
    entry = Toegangslog.objects.get(view="privacy:inzage_deelname")
    assert (entry.gebruiker, entry.object_id) == (coordinator, str(candidate.pk))


def test_only_coordinators_reach_it_and_never_for_a_trusted_persons_enrolment(
    client, opleider, candidate, coordinator, deelname_a
):
    client.force_login(opleider)  # the cohort's own trainer sees the enrolment, not this file
    page = client.get(reverse("opleiding:deelname_detail", args=[candidate.uuid]))
    assert page.status_code == 200
    assert reverse("privacy:inzage_deelname", args=[candidate.uuid]) not in page.content.decode()
    assert client.get(reverse("privacy:inzage_deelname", args=[candidate.uuid])).status_code == 404

    client.force_login(coordinator)
    assert client.get(reverse("privacy:inzage_deelname", args=[deelname_a.uuid])).status_code == 404


def test_a_trusted_persons_file_has_their_training(client, coordinator, deelname_a, les):
    Aanwezigheid.objects.create(
        bijeenkomst=les, deelname=deelname_a, status=AanwezigheidStatus.AANWEZIG
    )
    client.force_login(coordinator)

    wb = workbook(
        client.get(
            reverse("privacy:inzage_vertrouwenspersoon", args=[deelname_a.vertrouwenspersoon.uuid])
        )
    )

    assert rows(wb["Opleiding"])[1][0] == "Cohort Test"
    assert len(rows(wb["Aanwezigheid"])) == 2
