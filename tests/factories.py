"""Factories for tests. Users get their role through `make_user`."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from hulpvragen.choices import Geslacht, Inkomsten, Soort, Status, Woonplaats
from hulpvragen.models import Huishouden, Hulpvraag, Hulpvrager, StatusWijziging
from netwerk.models import (
    VRIJSTELLING_BESTAAND,
    Organisatie,
    OrganisatieSoort,
    Pilot,
    Profiel,
    Vertrouwenspersoon,
)
from netwerk.services import ken_nummers_toe
from noodfonds.choices import AanvraagStatus, Onderwerp
from noodfonds.models import Aanvraag


class OrganisatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisatie

    naam = factory.Sequence(lambda n: f"Organisatie {n}")
    soort = OrganisatieSoort.VRIJWILLIGERSORGANISATIE
    partner = True


class VertrouwenspersoonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vertrouwenspersoon

    naam = factory.Sequence(lambda n: f"Vertrouwenspersoon {n}")
    organisatie = factory.SubFactory(OrganisatieFactory)
    status = "actief"
    # as the services give every trusted person (the report counts active ones by their dates)
    startdatum = datetime.date(2019, 1, 1)
    # as every trusted person of before the onboarding rule (issue 22 §3); tests of the rule
    # pass vrijstelling_reden=""
    vrijstelling_reden = VRIJSTELLING_BESTAAND

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Numbered by the service's rule (netwerk.services.ken_nummers_toe)."""
        persoon = model_class(*args, **kwargs)
        ken_nummers_toe([persoon])
        persoon.save()
        return persoon


def make_user(username, role=None, organisatie=None, **extra):
    user = get_user_model().objects.create_user(username=username, password="x" * 12, **extra)
    if role:
        user.groups.add(Group.objects.get(name=str(role)))
    Profiel.objects.create(user=user, organisatie=organisatie)
    return user


class PilotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pilot
        django_get_or_create = ("naam",)

    naam = "Pilot 1"
    startdatum = datetime.date(2019, 11, 1)
    einddatum = datetime.date(2020, 8, 31)
    taakstelling = 40


class HuishoudenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Huishouden

    referentie = factory.Sequence(lambda n: f"HH-2020-{n:04d}")
    woonplaats = Woonplaats.OOST


class HulpvragerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hulpvrager

    huishouden = factory.SubFactory(HuishoudenFactory)
    naam = factory.Sequence(lambda n: f"Persoon {n}")
    geslacht = Geslacht.VROUW
    geboortejaar = 1970
    is_hoofdpersoon = True


class HulpvraagFactory(factory.django.DjangoModelFactory):
    """A help request with its first status-history entry on the intake date."""

    class Meta:
        model = Hulpvraag
        skip_postgeneration_save = True  # the hook writes its own row, not the help request

    hulpvrager = factory.SubFactory(HulpvragerFactory)
    huishouden = factory.SelfAttribute("hulpvrager.huishouden")
    intake_datum = datetime.date(2020, 1, 15)
    soort = Soort.PRAKTISCH
    status = Status.NOG_IN_BEHANDELING

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        if create:
            StatusWijziging.objects.create(
                hulpvraag=obj, van="", naar=obj.status, datum=obj.intake_datum
            )


class AanvraagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aanvraag

    referentie = factory.Sequence(lambda n: f"NF-2021-{n:04d}")
    organisatie = factory.SubFactory(OrganisatieFactory)
    woonplaats = Woonplaats.OOST
    onderwerp = Onderwerp.INRICHTING
    inkomsten = Inkomsten.UITKERING
    gevraagd_bedrag = 100
    status = AanvraagStatus.INGEDIEND
    ingediend_op = datetime.date(2021, 1, 10)
