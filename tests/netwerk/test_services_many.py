"""The pilot-period rule as one function (the pilot form and the workbook use it) and registering
many pilots, organisations and trusted persons at once (the registration workbook)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from netwerk.models import OrganisatieSoort, Pilot, VertrouwenspersoonStatus
from netwerk.services import (
    register_organisaties,
    register_pilots,
    register_vertrouwenspersonen,
    validate_pilot_periode,
)

D = datetime.date


def test_a_pilot_ends_on_or_after_its_start():
    validate_pilot_periode(startdatum=D(2021, 1, 1), einddatum=D(2021, 1, 1))

    with pytest.raises(ValidationError) as exc_info:
        validate_pilot_periode(startdatum=D(2021, 1, 2), einddatum=D(2021, 1, 1))

    assert exc_info.value.message_dict == {"einddatum": ["De einddatum ligt vóór de startdatum."]}
    assert exc_info.value.error_dict["einddatum"][0].code == "voor_start"


def test_many_pilots_follow_the_period_rule(db):
    good = {"naam": "Goed", "startdatum": D(2021, 1, 1), "einddatum": D(2021, 6, 30)}
    bad = {"naam": "Fout", "startdatum": D(2021, 6, 30), "einddatum": D(2021, 1, 1)}

    with pytest.raises(ValidationError):
        register_pilots(pilots=[good, bad])
    created = register_pilots(pilots=[good])

    assert [p.naam for p in created] == ["Goed"] and Pilot.objects.count() == 1


def test_many_organisations_and_trusted_persons_come_back_in_order_with_ids(db):
    orgs = register_organisaties(
        organisaties=[
            {"naam": naam, "soort": OrganisatieSoort.ANDERS, "partner": True} for naam in "AB"
        ]
    )

    vps = register_vertrouwenspersonen(
        vertrouwenspersonen=[
            {
                "naam": "VP B",
                "organisatie_id": orgs[1].pk,
                "status": VertrouwenspersoonStatus.ACTIEF,
            }
        ]
    )

    assert [o.naam for o in orgs] == ["A", "B"] and all(o.pk for o in orgs)
    assert vps[0].pk and vps[0].organisatie == orgs[1]
