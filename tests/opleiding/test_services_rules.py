"""The training's input rules live in its services: a certificate belongs to an enrolment that
is afgerond, and its date is not in the future. Each service refuses with the rule's Dutch
message, keyed by the field, and stores nothing; the forms ask the same functions
(tests/opleiding/test_views.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils import timezone

from netwerk.models import Organisatie
from opleiding import services
from opleiding.choices import AanwezigheidStatus, DeelnameStatus
from opleiding.models import Aanwezigheid, Deelname
from tests.factories import VertrouwenspersoonFactory
from tests.opleiding.conftest import enrol, make_cohort, sessions

pytestmark = pytest.mark.django_db
D = datetime.date
NIET_AFGEROND = {"certificaat_datum": ["Een certificaat hoort bij de status afgerond."]}


def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


def test_save_deelname_refuses_a_certificate_of_a_new_enrolment_not_afgerond():
    deelname = Deelname(
        cohort=make_cohort(),
        vertrouwenspersoon=VertrouwenspersoonFactory(),
        status=DeelnameStatus.INGESCHREVEN,
        status_datum=D(2021, 1, 1),
        certificaat_datum=D(2021, 6, 1),
    )

    with pytest.raises(ValidationError) as exc_info:
        services.save_deelname(deelname=deelname)

    assert exc_info.value.message_dict == NIET_AFGEROND
    assert not Deelname.objects.exists()


@pytest.mark.parametrize("status", [DeelnameStatus.INGESCHREVEN, DeelnameStatus.GESTOPT])
def test_save_deelname_refuses_a_certificate_on_a_change_not_afgerond(status):
    deelname = enrol(make_cohort())
    before = model_to_dict(deelname)
    deelname.status, deelname.certificaat_datum = status, D(2021, 6, 1)

    with pytest.raises(ValidationError) as exc_info:
        services.save_deelname(deelname=deelname)

    assert exc_info.value.message_dict == NIET_AFGEROND
    assert model_to_dict(Deelname.objects.get(pk=deelname.pk)) == before


def test_save_deelname_refuses_a_certificate_dated_in_the_future():
    deelname = enrol(make_cohort())
    before = model_to_dict(deelname)
    deelname.status, deelname.certificaat_datum = DeelnameStatus.AFGEROND, tomorrow()

    with pytest.raises(ValidationError) as exc_info:
        services.save_deelname(deelname=deelname)

    assert exc_info.value.message_dict == {"certificaat_datum": ["De datum ligt in de toekomst."]}
    assert model_to_dict(Deelname.objects.get(pk=deelname.pk)) == before


def test_save_deelname_stores_a_certificate_when_afgerond():
    deelname = enrol(make_cohort())
    deelname.status, deelname.certificaat_datum = DeelnameStatus.AFGEROND, D(2021, 6, 1)

    services.save_deelname(deelname=deelname)

    assert Deelname.objects.get(pk=deelname.pk).certificaat_datum == D(2021, 6, 1)


def test_confirm_certificaat_refuses_a_date_in_the_future():
    cohort = make_cohort()
    deelname = enrol(cohort)
    Aanwezigheid.objects.bulk_create(
        Aanwezigheid(bijeenkomst=b, deelname=deelname, status=AanwezigheidStatus.AANWEZIG)
        for b in sessions(cohort, "les", 10)
    )
    before = model_to_dict(deelname)

    with pytest.raises(ValidationError) as exc_info:
        services.confirm_certificaat(deelname=deelname, datum=tomorrow())

    assert exc_info.value.message_dict == {"datum": ["De datum ligt in de toekomst."]}
    assert model_to_dict(Deelname.objects.get(pk=deelname.pk)) == before


def test_many_enrolments_follow_the_certificate_rules_and_store_nothing_when_refused():
    organisatie = Organisatie.objects.create(naam="Partner", soort="anders")
    vps = [VertrouwenspersoonFactory(naam=f"VP {i}", organisatie=organisatie) for i in range(2)]
    (cohort,) = services.register_cohorten(
        cohorten=[{"naam": "Cohort", "startdatum": datetime.date(2020, 11, 3), "pilot_id": None}]
    )
    afgerond = {
        "cohort_id": cohort.pk,
        "status": DeelnameStatus.AFGEROND,
        "status_datum": datetime.date(2021, 6, 1),
        "certificaat_datum": datetime.date(2021, 6, 1),
    }

    with pytest.raises(ValidationError):
        services.register_deelnames(
            deelnames=[
                {**afgerond, "vertrouwenspersoon_id": vps[0].pk},
                {**afgerond, "vertrouwenspersoon_id": vps[1].pk, "status": DeelnameStatus.GESTOPT},
            ]
        )
    assert not Deelname.objects.exists()
    services.register_deelnames(deelnames=[{**afgerond, "vertrouwenspersoon_id": vps[0].pk}])

    assert Deelname.objects.get().vertrouwenspersoon == vps[0]
