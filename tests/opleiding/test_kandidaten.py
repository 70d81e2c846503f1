"""Issue 22 §1 and §4: trainers run their cohorts with candidates who are not a trusted person
yet (enrolled in bulk, attendance and measurements as anyone's), the coordinator's confirmed
completion turns a candidate into a trusted person, and the certificate as a PDF."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hulpvragen.models import Huishouden
from netwerk.models import Vertrouwenspersoon, VertrouwenspersoonStatus
from opleiding import services
from opleiding.choices import DeelnameStatus
from opleiding.models import Aanwezigheid, Deelname, Meting
from tests.factories import OrganisatieFactory, VertrouwenspersoonFactory
from tests.hulpvragen.conftest import make_household
from tests.opleiding.conftest import sessions
from tests.opleiding.test_views import SCORES
from tests.pdftekst import find_in_order, pdf_info, pdf_text

D = datetime.date


@pytest.fixture
def partner(db):
    return OrganisatieFactory(naam="Buurtpartner", partner=True)


def rij(n, **velden):
    return {f"k-{n}-{naam}": waarde for naam, waarde in velden.items()}


def inschrijven(client, cohort, *regels, totaal=3, **extra):
    data = {"k-TOTAL_FORMS": str(totaal), "k-INITIAL_FORMS": "0", "status_datum": "2020-11-01"}
    for n, velden in enumerate(regels):
        data |= rij(n, **velden)
    return client.post(reverse("opleiding:deelname_create", args=[cohort.pk]), {**data, **extra})


def kandidaat(naam, partner, **velden):
    return {
        "naam": naam,
        "telefoon": "06-12345678",
        "email": "",
        "organisatie": str(partner.pk),
        "intake_datum": "2020-10-20",
        **velden,
    }


def test_trainer_enrols_several_candidates_in_one_form(client, opleider, cohort, partner):
    client.force_login(opleider)

    page = client.get(reverse("opleiding:deelname_create", args=[cohort.pk]))
    response = inschrijven(
        client,
        cohort,
        kandidaat("Amira", partner),
        kandidaat("Bas", partner, telefoon="", email="bas@example.org"),
        totaal=3,  # the third row is left empty
    )

    assert "vertrouwenspersonen" not in page.context["form"].fields  # trainers see none
    assert response.status_code == 302
    stored = Deelname.objects.filter(cohort=cohort).order_by("kandidaat_naam")
    assert [(d.naam, d.is_kandidaat, d.status) for d in stored] == [
        ("Amira", True, DeelnameStatus.INGESCHREVEN),
        ("Bas", True, DeelnameStatus.INGESCHREVEN),
    ]
    assert stored[1].kandidaat_email == "bas@example.org"
    assert stored[0].kandidaat_organisatie == partner
    assert stored[0].intake_datum == D(2020, 10, 20)


def test_coordinator_enrols_trusted_persons_and_candidates_at_once(
    client, coordinator, cohort, vp_a, vp_b, partner
):
    client.force_login(coordinator)

    response = inschrijven(
        client, cohort, kandidaat("Chris", partner), vertrouwenspersonen=[vp_a.pk, vp_b.pk]
    )

    assert response.status_code == 302
    assert sorted(d.naam for d in cohort.deelnames.all()) == ["Chris", vp_a.naam, vp_b.naam]


def test_a_bad_row_stores_nothing_and_says_what_is_missing(client, opleider, cohort, partner):
    client.force_login(opleider)

    response = inschrijven(
        client,
        cohort,
        kandidaat("Dewi", partner),
        kandidaat("Eelco", partner, telefoon="", email=""),
        kandidaat("", partner, telefoon="06-1"),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Vul een telefoonnummer of e-mailadres in." in html
    assert "Vul de naam van de kandidaat in." in html
    assert not Deelname.objects.exists()


def test_a_candidate_named_twice_in_the_cohort_is_refused(client, opleider, cohort, partner):
    client.force_login(opleider)
    inschrijven(client, cohort, kandidaat("Fleur", partner))

    response = inschrijven(client, cohort, kandidaat("Gijs", partner), kandidaat(" fleur", partner))

    assert "fleur staat al in dit cohort." in response.content.decode()
    assert list(cohort.deelnames.values_list("kandidaat_naam", flat=True)) == ["Fleur"]


def test_many_trusted_persons_are_enrolled_by_their_numbers(
    client, coordinator, cohort, vp_a, vp_b, monkeypatch
):
    monkeypatch.setattr("samenvooruit.forms.MAX_KEUZES", 1)
    client.force_login(coordinator)

    fout = inschrijven(client, cohort, nummers=f"{vp_a.nummer}, 99999")
    goed = inschrijven(client, cohort, nummers=f"{vp_a.nummer}, {vp_b.nummer}")

    assert "met nummer: 99999" in fout.content.decode()
    assert goed.status_code == 302
    assert set(cohort.deelnames.values_list("vertrouwenspersoon", flat=True)) == {
        vp_a.pk,
        vp_b.pk,
    }


@pytest.fixture
def amira(cohort, partner):
    (deelname,) = services.inschrijven(
        cohort=cohort,
        status_datum=D(2020, 11, 1),
        kandidaten=[
            {
                "naam": "Amira",
                "telefoon": "06-11112222",
                "email": "amira@example.org",
                "organisatie": partner,
                "intake_datum": D(2020, 10, 20),
            }
        ],
    )
    return deelname


def test_attendance_and_measurements_work_for_a_candidate(client, opleider, cohort, amira):
    (les,) = sessions(cohort, "les", 1)
    client.force_login(opleider)

    client.post(
        reverse("opleiding:aanwezigheid", args=[les.pk]),
        {"deelname": str(amira.uuid), "status": "aanwezig"},
    )
    client.post(
        reverse("opleiding:meting_edit", args=[amira.uuid, "0"]),
        {"datum": "2020-11-03", **SCORES},
    )
    page = client.get(amira.get_absolute_url()).content.decode()
    lijst = client.get(cohort.get_absolute_url()).content.decode()

    assert Aanwezigheid.objects.get(deelname=amira).status == "aanwezig"
    assert Meting.objects.filter(deelname=amira, soort="0").exists()
    assert "Amira" in lijst and "kandidaat" in lijst
    assert "06-11112222" in page and "Buurtpartner" in page
    assert "Ontwikkelstappen" not in page  # steps are a trusted person's


def test_who_sees_a_candidate(client, everyone_training, amira):
    for role, user in everyone_training.items():
        client.force_login(user)
        expected = 200 if role in {"coordinator", "opleider"} else 404

        assert client.get(amira.get_absolute_url()).status_code == expected, role


@pytest.fixture
def everyone_training(users, other_opleider):
    return {**users, "other_opleider": other_opleider}


def test_confirmed_completion_makes_the_candidate_a_trusted_person(
    client, coordinator, opleider, cohort, amira, partner
):
    for les in sessions(cohort, "les", 5)[:4]:
        Aanwezigheid.objects.create(bijeenkomst=les, deelname=amira, status="aanwezig")
    VertrouwenspersoonFactory()  # numbers go on from the highest
    hoogste = max(Vertrouwenspersoon.objects.values_list("nummer", flat=True))
    client.force_login(opleider)
    door_trainer = client.post(
        reverse("opleiding:certificaat", args=[amira.uuid]), {"datum": "2021-06-01"}
    )
    client.force_login(coordinator)

    response = client.post(
        reverse("opleiding:certificaat", args=[amira.uuid]), {"datum": "2021-06-01"}, follow=True
    )

    assert door_trainer.status_code == 404  # the coordinator confirms
    amira.refresh_from_db()
    persoon = amira.vertrouwenspersoon
    assert (persoon.naam, persoon.telefoon, persoon.organisatie) == (
        "Amira",
        "06-11112222",
        partner,
    )
    assert persoon.status == VertrouwenspersoonStatus.ACTIEF
    assert persoon.startdatum == D(2021, 6, 1) and persoon.nummer == hoogste + 1
    assert amira.status == DeelnameStatus.AFGEROND and not amira.is_kandidaat
    assert (amira.kandidaat_naam, amira.kandidaat_telefoon, amira.kandidaat_email) == ("", "", "")
    assert amira.intake_datum == D(2020, 10, 20)
    html = response.content.decode()
    assert f"nummer {persoon.nummer}" in html and "amira@example.org" in html


def test_a_candidate_below_the_rule_stays_a_candidate(coordinator, cohort, amira):
    sessions(cohort, "les", 5)

    with pytest.raises(ValidationError, match="afrondingsregel"):
        services.confirm_certificaat(deelname=amira, datum=D(2021, 6, 1))

    amira.refresh_from_db()
    assert amira.is_kandidaat and not Vertrouwenspersoon.objects.filter(naam="Amira").exists()


def test_trainers_still_see_no_households(client, opleider, cohort, amira, vp_a):
    make_household(vp_a, naam="Geheim Huishouden")
    client.force_login(opleider)

    assert client.get(reverse("hulpvragen:huishouden_list")).status_code == 404
    assert "Geheim Huishouden" not in client.get(amira.get_absolute_url()).content.decode()
    assert Huishouden.objects.visible_to(opleider).count() == 0


# --- the certificate PDF ---------------------------------------------------------------------


@pytest.fixture
def afgerond(cohort, amira, coordinator):
    lessen = sessions(cohort, "les", 5)
    intervisie = sessions(cohort, "intervisie", 2, start=D(2020, 11, 4))
    for b in [*lessen[:4], intervisie[0]]:
        Aanwezigheid.objects.create(bijeenkomst=b, deelname=amira, status="aanwezig")
    Aanwezigheid.objects.create(bijeenkomst=lessen[4], deelname=amira, status="afwezig")
    return services.confirm_certificaat(deelname=amira, datum=D(2021, 6, 1))


def test_the_certificate_pdf_states_name_cohort_dates_and_hours(client, opleider, afgerond):
    client.force_login(opleider)

    response = client.get(reverse("opleiding:certificaat_pdf", args=[afgerond.uuid]))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    tekst = pdf_text(response.content)
    assert not find_in_order(
        tekst,
        [
            ("Certificaat", []),
            ("Amira", []),
            ("Cohort", ["Cohort Test"]),
            ("Start", ["03-11-2020"]),
            ("Laatste bijeenkomst", ["01-12-2020"]),
            ("Datum certificaat", ["01-06-2021"]),
            ("Bijeenkomsten bijgewoond", ["5"]),
            ("Uren bijgewoond", ["12,5"]),  # 5 sessions of 150 minutes
            ("Les", ["4", "5"]),
            ("Intervisie", ["1", "2"]),
        ],
    ), tekst
    assert pdf_info(response.content)["Title"] == "Certificaat · Amira"


def test_hours_follow_the_session_length_setting(client, coordinator, afgerond, settings):
    settings.OPLEIDING_MINUTEN_PER_BIJEENKOMST = 120
    client.force_login(coordinator)

    response = client.get(reverse("opleiding:certificaat_pdf", args=[afgerond.uuid]))

    assert not find_in_order(pdf_text(response.content), [("Uren bijgewoond", ["10"])])


def test_no_certificate_pdf_before_completion(client, coordinator, amira):
    client.force_login(coordinator)

    response = client.get(reverse("opleiding:certificaat_pdf", args=[amira.uuid]))
    page = client.get(amira.get_absolute_url()).content.decode()

    assert response.status_code == 404
    assert "Certificaat (PDF)" not in page


def test_the_certificate_pdf_is_for_coordinator_and_the_cohorts_trainer(
    client, everyone_training, afgerond
):
    url = reverse("opleiding:certificaat_pdf", args=[afgerond.uuid])
    for role, user in everyone_training.items():
        client.force_login(user)
        expected = 200 if role in {"coordinator", "opleider"} else 404

        assert client.get(url).status_code == expected, role


def test_coordinator_corrects_a_candidates_details(client, coordinator, amira, partner):
    client.force_login(coordinator)
    url = reverse("opleiding:deelname_update", args=[amira.uuid])
    basis = {"status": "ingeschreven", "status_datum": "2020-11-01", "certificaat_datum": ""}
    kandidaat_velden = {
        "kandidaat_naam": "Amira Haddou",
        "kandidaat_telefoon": "",
        "kandidaat_email": "",
        "kandidaat_organisatie": str(partner.pk),
        "intake_datum": "2020-10-20",
    }

    zonder_contact = client.post(url, {**basis, **kandidaat_velden})
    goed = client.post(url, {**basis, **kandidaat_velden, "kandidaat_email": "a@example.org"})

    assert "Vul een telefoonnummer of e-mailadres in." in zonder_contact.content.decode()
    assert goed.status_code == 302
    amira.refresh_from_db()
    assert (amira.kandidaat_naam, amira.kandidaat_email) == ("Amira Haddou", "a@example.org")


@pytest.mark.parametrize(("regels", "rijen"), [("", 5), ("12", 12), ("9" * 40, 5), ("0", 1)])
def test_the_form_offers_more_candidate_rows_within_bounds(client, opleider, cohort, regels, rijen):
    client.force_login(opleider)

    response = client.get(
        reverse("opleiding:deelname_create", args=[cohort.pk]), {"regels": regels}
    )

    assert len(response.context["kandidaten"].forms) == rijen
