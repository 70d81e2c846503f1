"""The fund's payout rules as single functions (the payment step and the workbook use them) and
registering many applications at once (the registration workbook)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hulpvragen.choices import Inkomsten, Woonplaats
from noodfonds.choices import AanvraagStatus, Onderwerp
from noodfonds.models import Aanvraag
from noodfonds.services import (
    register_aanvragen,
    validate_uitbetaald_bedrag,
    validate_uitbetaald_op,
)
from tests.factories import AanvraagFactory

D = datetime.date
S = AanvraagStatus


def test_no_more_is_paid_out_than_granted():
    validate_uitbetaald_bedrag(Decimal("100"), toegekend_bedrag=Decimal("100"))

    with pytest.raises(ValidationError) as exc_info:
        validate_uitbetaald_bedrag(Decimal("100.01"), toegekend_bedrag=Decimal("100"))

    assert exc_info.value.code == "meer_dan_toegekend"
    assert exc_info.value.messages == ["U kunt niet meer uitbetalen dan is toegekend (€ 100,00)."]


@pytest.mark.parametrize(
    ("datum", "code"),
    [(None, "toekomst"), (D(2999, 1, 1), "toekomst"), (D(2021, 1, 31), "voor_besluit")],
)
def test_a_payout_date_is_not_in_the_future_nor_before_the_decision(datum, code):
    validate_uitbetaald_op(D(2021, 2, 1), besloten_op=D(2021, 2, 1))

    with pytest.raises(ValidationError) as exc_info:
        validate_uitbetaald_op(datum, besloten_op=D(2021, 2, 1))

    assert exc_info.value.code == code


def application(org, **velden):
    return {
        "organisatie_id": org.pk,
        "woonplaats": Woonplaats.OOST,
        "onderwerp": Onderwerp.INRICHTING,
        "inkomsten": Inkomsten.UITKERING,
        "contact_formeel": False,
        "gevraagd_bedrag": Decimal("100"),
        "status": S.INGEDIEND,
        "ingediend_op": D(2021, 1, 10),
        **velden,
    }


def test_many_applications_get_the_next_references_of_their_year(org_a):
    AanvraagFactory(referentie="NF-2021-0007", organisatie=org_a)

    created = register_aanvragen(
        aanvragen=[
            application(org_a),
            application(org_a, referentie="NF-2021-0009"),
            application(org_a),
            application(org_a, ingediend_op=D(2020, 5, 1)),
            application(org_a, status=S.CONCEPT, ingediend_op=None),
        ]
    )

    assert [a.referentie for a in created] == [
        "NF-2021-0010",
        "NF-2021-0009",
        "NF-2021-0011",
        "NF-2020-0001",
        f"NF-{timezone.localdate().year}-0001",  # no submission date: this year
    ]
    assert Aanvraag.objects.count() == 6


def test_many_applications_follow_the_payout_rules(org_a):
    paid = {
        "status": S.UITBETAALD,
        "toegekend_bedrag": Decimal("100"),
        "besloten_op": D(2021, 2, 1),
    }

    with pytest.raises(ValidationError):
        register_aanvragen(
            aanvragen=[
                application(
                    org_a, **paid, uitbetaald_bedrag=Decimal("50"), uitbetaald_op=D(2021, 2, 2)
                ),
                application(
                    org_a, **paid, uitbetaald_bedrag=Decimal("50"), uitbetaald_op=D(2021, 1, 2)
                ),
            ]
        )

    assert not Aanvraag.objects.exists()


@pytest.mark.parametrize("status", [S.TOEGEKEND, S.UITBETAALD])
def test_a_granted_or_paid_application_needs_its_decision_date(org_a, status):
    with pytest.raises(ValidationError) as exc_info:
        register_aanvragen(
            aanvragen=[application(org_a, status=status, toegekend_bedrag=Decimal("50"))]
        )

    assert [e.code for e in exc_info.value.error_dict["besloten_op"]] == ["besluit_datum_nodig"]
    assert not Aanvraag.objects.exists()


def test_a_registered_submission_with_a_refused_provision_is_not_signalled_twice(org_a, vp_a):
    """Its policy signal was made when it was submitted (and comes with the workbook's signals):
    answering the committee's question and submitting again makes no second one."""
    from hulpvragen.models import Signaal
    from noodfonds.choices import Actie, VoorzieningResultaat
    from noodfonds.services import transition_aanvraag

    [aanvraag] = register_aanvragen(
        aanvragen=[
            application(
                org_a,
                vertrouwenspersoon_id=vp_a.pk,
                status=S.MEER_INFORMATIE,
                motivatie="Koelkast kapot",
                informatievraag="Is er een offerte?",
                voorziening="bijzondere_bijstand",
                voorziening_resultaat=VoorzieningResultaat.AFGEWEZEN,
            )
        ]
    )
    assert aanvraag.voorziening_gesignaleerd

    transition_aanvraag(
        aanvraag=aanvraag, actie=Actie.INDIENEN, door=vp_a.user, antwoord="Ja, bijgevoegd."
    )

    assert Aanvraag.objects.get(pk=aanvraag.pk).status == S.INGEDIEND
    assert not Signaal.objects.exists()


def test_a_registered_draft_is_signalled_at_its_submission(org_a, vp_a):
    from noodfonds.choices import VoorzieningResultaat

    [concept] = register_aanvragen(
        aanvragen=[
            application(
                org_a,
                status=S.CONCEPT,
                ingediend_op=None,
                voorziening="bijzondere_bijstand",
                voorziening_resultaat=VoorzieningResultaat.TE_TRAAG,
            )
        ]
    )

    assert not concept.voorziening_gesignaleerd
