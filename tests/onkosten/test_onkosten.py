"""Issue 22 §6: expenses. A trusted person claims costs made with a receipt (the fund's upload
rules); a coordinator approves or refuses; an Excel export per period; a flat volunteer
allowance warned above the year's limits; receipts go after the retention period and appear in
the trusted person's right-of-access file. Nobody but the coordinator and the claimant sees a
claim."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from onkosten import services
from onkosten.choices import DeclaratieStatus
from onkosten.models import Declaratie, VergoedingsGrens, Vrijwilligersvergoeding
from privacy.services import apply_bewaartermijn
from tests.bestanden import PDF

D = datetime.date


def bon(content=PDF, name="bon.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def claim(vp, **overrides):
    fields = {
        "soort": "reiskosten",
        "datum": D(2026, 3, 2),
        "bedrag": Decimal("12.40"),
        "omschrijving": "Tram naar huisbezoek",
        "bon": bon(),
        **overrides,
    }
    return services.dien_declaratie_in(door=vp.user, **fields)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_trusted_person_claims_costs_with_a_receipt(vp_a):
    declaratie = claim(vp_a)
    assert declaratie.vertrouwenspersoon == vp_a
    assert declaratie.status == DeclaratieStatus.INGEDIEND
    assert declaratie.bon.read() == PDF


def test_a_receipt_follows_the_fund_upload_rules(vp_a):
    with pytest.raises(ValidationError) as exc:
        claim(vp_a, bon=bon(b"%PDF-<html>niet echt</html>", "nep.pdf"))
    assert "geen geldige PDF" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError):
        claim(vp_a, bon=bon(b"<html></html>", "nep.pdf"))
    assert not Declaratie.objects.exists()


def test_no_ceiling_on_costs_against_receipts(vp_a):
    assert claim(vp_a, bedrag=Decimal("4500.00")).bedrag == Decimal("4500.00")


def test_a_claim_needs_a_positive_amount_and_a_date_not_in_the_future(vp_a):
    with pytest.raises(ValidationError):
        claim(vp_a, bedrag=Decimal("0"))
    with pytest.raises(ValidationError):
        claim(vp_a, datum=timezone.localdate() + datetime.timedelta(days=1))


def test_only_a_trusted_person_claims(coordinator, opleider):
    for door in (coordinator, opleider):
        with pytest.raises(PermissionDenied):
            services.dien_declaratie_in(
                door=door,
                soort="telefoon",
                datum=D(2026, 1, 1),
                bedrag=Decimal("5"),
                omschrijving="x",
                bon=bon(),
            )


def test_a_coordinator_approves_or_refuses_once_and_a_refusal_says_why(vp_a, coordinator):
    eerste, tweede = claim(vp_a), claim(vp_a)
    services.beoordeel_declaratie(declaratie=eerste, door=coordinator, goedkeuren=True)
    eerste.refresh_from_db()
    assert eerste.status == DeclaratieStatus.GOEDGEKEURD
    assert eerste.beoordeeld_door == coordinator
    with pytest.raises(ValidationError):
        services.beoordeel_declaratie(declaratie=eerste, door=coordinator, goedkeuren=False)
    with pytest.raises(ValidationError) as exc:
        services.beoordeel_declaratie(declaratie=tweede, door=coordinator, goedkeuren=False)
    assert "toelichting" in exc.value.message_dict
    services.beoordeel_declaratie(
        declaratie=tweede, door=coordinator, goedkeuren=False, toelichting="Geen werkbezoek"
    )
    tweede.refresh_from_db()
    assert tweede.status == DeclaratieStatus.AFGEWEZEN


def test_the_claimant_cannot_approve_their_own_claim(vp_a):
    with pytest.raises(PermissionDenied):
        services.beoordeel_declaratie(declaratie=claim(vp_a), door=vp_a.user, goedkeuren=True)


def test_visibility_own_claims_only_trainers_and_others_nothing(
    vp_a, vp_b, coordinator, orgcoordinator, opleider, commissielid
):
    a, b = claim(vp_a), claim(vp_b)
    assert set(Declaratie.objects.visible_to(vp_a.user)) == {a}
    assert set(Declaratie.objects.visible_to(vp_b.user)) == {b}
    assert set(Declaratie.objects.visible_to(coordinator)) == {a, b}
    for user in (orgcoordinator, opleider, commissielid):
        assert not Declaratie.objects.visible_to(user).exists()


def test_the_pages_show_a_trusted_person_only_their_own_and_refuse_the_trainer(
    client, vp_a, vp_b, opleider
):
    a, b = claim(vp_a), claim(vp_b, omschrijving="Beltegoed B")
    client.force_login(vp_a.user)
    html = client.get(reverse("onkosten:declaratie_list")).content.decode()
    assert "Tram naar huisbezoek" in html and "Beltegoed B" not in html
    assert client.get(reverse("onkosten:declaratie_detail", args=[b.uuid])).status_code == 404
    assert client.get(reverse("onkosten:bon_download", args=[a.uuid])).status_code == 200
    client.force_login(opleider)
    for url in (
        reverse("onkosten:declaratie_list"),
        reverse("onkosten:declaratie_detail", args=[a.uuid]),
        reverse("onkosten:export"),
    ):
        assert client.get(url).status_code in (403, 404)


def test_a_trusted_person_claims_through_the_page(client, vp_a):
    client.force_login(vp_a.user)
    response = client.post(
        reverse("onkosten:declaratie_create"),
        {
            "soort": "telefoon",
            "datum": "2026-02-01",
            "bedrag": "7.50",
            "omschrijving": "Beltegoed",
            "bon": bon(),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Declaratie.objects.get().omschrijving == "Beltegoed"


def test_the_coordinator_judges_on_the_page(client, vp_a, coordinator):
    declaratie = claim(vp_a)
    client.force_login(coordinator)
    url = reverse("onkosten:declaratie_beoordelen", args=[declaratie.uuid])
    response = client.post(url, {"besluit": "afwijzen", "toelichting": ""})
    assert response.status_code == 200
    assert "Schrijf bij een afwijzing waarom" in response.content.decode()
    client.post(url, {"besluit": "goedkeuren", "toelichting": ""})
    declaratie.refresh_from_db()
    assert declaratie.status == DeclaratieStatus.GOEDGEKEURD


def test_the_export_holds_the_claims_of_the_period(client, vp_a, vp_b, coordinator):
    claim(vp_a, datum=D(2026, 1, 15), omschrijving="Januari")
    claim(vp_b, datum=D(2026, 2, 15), omschrijving='=HYPERLINK("x")')
    claim(vp_a, datum=D(2026, 4, 1), omschrijving="April")
    client.force_login(coordinator)
    response = client.get(reverse("onkosten:export"), {"van": "2026-01-01", "tot": "2026-03-31"})
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(wb["Declaraties"].iter_rows(values_only=True))
    omschrijvingen = [row[3] for row in rows[1:]]
    assert omschrijvingen[0] == "Januari" and "April" not in omschrijvingen
    # the formula guard: stored as text, never as a formula
    assert wb["Declaraties"].cell(row=3, column=4).data_type == "s"


@time_machine.travel(datetime.datetime(2027, 1, 15, 12, tzinfo=datetime.UTC))
def test_the_year_limits_are_seeded_and_a_payment_above_them_warns(vp_a, coordinator):
    grens = VergoedingsGrens.objects.get(jaar=2026)
    assert (grens.per_maand, grens.per_jaar) == (Decimal("210.00"), Decimal("2100.00"))
    _betaling, waarschuwingen = services.betaal_vergoeding(
        door=coordinator, vertrouwenspersoon=vp_a, datum=D(2026, 3, 1), bedrag=Decimal("200")
    )
    assert waarschuwingen == []
    _betaling, waarschuwingen = services.betaal_vergoeding(
        door=coordinator, vertrouwenspersoon=vp_a, datum=D(2026, 3, 20), bedrag=Decimal("20")
    )
    assert len(waarschuwingen) == 1
    assert "€ 220,00" in waarschuwingen[0] and "€ 210,00 per maand" in waarschuwingen[0]
    assert Vrijwilligersvergoeding.objects.count() == 2  # stored all the same
    for maand in range(4, 13):
        services.betaal_vergoeding(
            door=coordinator,
            vertrouwenspersoon=vp_a,
            datum=D(2026, maand, 1),
            bedrag=Decimal("190"),
        )
    _betaling, waarschuwingen = services.betaal_vergoeding(
        door=coordinator, vertrouwenspersoon=vp_a, datum=D(2026, 12, 20), bedrag=Decimal("200")
    )
    assert any("per jaar" in w for w in waarschuwingen)


def test_the_coordinator_sets_a_years_limits_on_the_page(client, coordinator):
    client.force_login(coordinator)
    client.post(
        reverse("onkosten:grens_opslaan"),
        {"grens-jaar": "2027", "grens-per_maand": "220", "grens-per_jaar": "2200"},
    )
    assert VergoedingsGrens.objects.get(jaar=2027).per_jaar == Decimal("2200")
    html = client.get(reverse("onkosten:vergoedingen")).content.decode()
    assert "2027" in html


def test_a_payment_above_the_limit_warns_on_the_page(client, coordinator, vp_a):
    client.force_login(coordinator)
    response = client.post(
        reverse("onkosten:vergoedingen"),
        {
            "betaling-vertrouwenspersoon": vp_a.pk,
            "betaling-datum": "2026-05-01",
            "betaling-bedrag": "250",
            "betaling-omschrijving": "",
        },
        follow=True,
    )
    assert "boven de grens van € 210,00 per maand" in response.content.decode()


def test_receipts_go_after_the_retention_period_the_claim_stays(vp_a, coordinator, settings):
    settings.BEWAARTERMIJN_MAANDEN = 24
    oud, nieuw, open_ = claim(vp_a), claim(vp_a), claim(vp_a)
    for d in (oud, nieuw):
        services.beoordeel_declaratie(declaratie=d, door=coordinator, goedkeuren=True)
    Declaratie.objects.filter(pk=oud.pk).update(
        beoordeeld_op=timezone.now() - datetime.timedelta(days=800)
    )
    naam = Declaratie.objects.get(pk=oud.pk).bon.name
    from django.core.files.storage import default_storage

    assert default_storage.exists(naam)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("django.db.transaction.on_commit", lambda f, *a, **k: f())
        result = apply_bewaartermijn()
    assert result.bonnen == 1
    oud.refresh_from_db()
    assert not oud.bon and oud.bon_verwijderd_op is not None and oud.bedrag == Decimal("12.40")
    assert not default_storage.exists(naam)
    assert Declaratie.objects.get(pk=nieuw.pk).bon
    assert Declaratie.objects.get(pk=open_.pk).bon


def test_claims_appear_in_the_trusted_persons_right_of_access_file(client, vp_a, coordinator):
    claim(vp_a, omschrijving="Parkeren bij intake")
    services.betaal_vergoeding(
        door=coordinator, vertrouwenspersoon=vp_a, datum=D(2026, 3, 1), bedrag=Decimal("50")
    )
    client.force_login(coordinator)
    response = client.get(reverse("privacy:inzage_vertrouwenspersoon", args=[vp_a.uuid]))
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    declaraties = list(wb["Declaraties"].iter_rows(values_only=True))
    assert declaraties[1][2] == "Parkeren bij intake" and declaraties[1][7] == "bon.pdf"
    vergoedingen = list(wb["Vrijwilligersvergoeding"].iter_rows(values_only=True))
    assert vergoedingen[1][1] == 50
