"""Training fixtures: a cohort of the `opleider` fixture's organisation with vp_a and vp_b
enrolled, and a second trainer from another organisation."""

import datetime

import pytest

from netwerk.roles import Rol
from opleiding.choices import BijeenkomstSoort, DeelnameStatus
from opleiding.models import Bijeenkomst, Cohort, Deelname, Ontwikkelstap
from tests.factories import OrganisatieFactory, VertrouwenspersoonFactory, make_user

D = datetime.date
START = D(2020, 11, 3)
ENROLLED = D(2020, 11, 1)


@pytest.fixture
def trainer_org(opleider):
    return opleider.profiel.organisatie


@pytest.fixture
def other_opleider(db):
    return make_user("opleider_b", Rol.OPLEIDER, OrganisatieFactory(naam="Andere opleider"))


@pytest.fixture
def cohort(trainer_org):
    cohort = Cohort.objects.create(naam="Cohort Test", startdatum=D(2020, 11, 3))
    cohort.opleiders.set([trainer_org])
    return cohort


@pytest.fixture
def les(cohort):
    return Bijeenkomst.objects.create(
        cohort=cohort, soort=BijeenkomstSoort.LES, datum=D(2020, 11, 3)
    )


@pytest.fixture
def deelname_a(cohort, vp_a):
    return Deelname.objects.create(
        cohort=cohort, vertrouwenspersoon=vp_a, status_datum=D(2020, 11, 1)
    )


@pytest.fixture
def deelname_b(cohort, vp_b):
    return Deelname.objects.create(
        cohort=cohort, vertrouwenspersoon=vp_b, status_datum=D(2020, 11, 1)
    )


@pytest.fixture
def stap_a(vp_a):
    return Ontwikkelstap.objects.create(
        vertrouwenspersoon=vp_a, soort="buurtbaan", datum=D(2021, 6, 1)
    )


def make_cohort(naam="Cohort", *, opleiders=(), startdatum=START):
    cohort = Cohort.objects.create(naam=naam, startdatum=startdatum)
    cohort.opleiders.set(opleiders)
    return cohort


def enrol(cohort, naam=None, *, status=DeelnameStatus.INGESCHREVEN, status_datum=ENROLLED):
    vp = VertrouwenspersoonFactory(**({"naam": naam} if naam else {}))
    return Deelname.objects.create(
        cohort=cohort, vertrouwenspersoon=vp, status=status, status_datum=status_datum
    )


def sessions(cohort, soort, n, *, start=START):
    return [
        Bijeenkomst.objects.create(
            cohort=cohort, soort=soort, datum=start + datetime.timedelta(weeks=i)
        )
        for i in range(n)
    ]
