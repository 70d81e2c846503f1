"""A household with personal data in every place it can be (names, phones, address, language,
notes, descriptions, outcomes, a fund application with motivation, assessments, an attachment,
an admin log line), written through the services so the change history holds old values too;
and a second household that anonymising the first must leave alone. Plus `text_hits`, which
searches every text column of every table for strings."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone

from hulpvragen import services
from hulpvragen.choices import Geslacht, Soort, Status, Woonplaats
from hulpvragen.models import Hulpvrager, Thema
from noodfonds import betalingen, leningen
from noodfonds import services as fonds
from noodfonds.brieven import make_besluitbrief
from noodfonds.checklist import zet_checklist
from noodfonds.choices import Actie, Onderwerp, Stem
from tests.bestanden import PDF
from tests.factories import OrganisatieFactory

INTAKE = datetime.date(2021, 1, 11)

# Everything personal of the household `dossier`: none of it may survive anonymisation.
PERSOONLIJK = [
    "Zwaantje",
    "Klaverblad",
    "06-11112222",
    "06-98765432",
    "020-5556677",
    "Klaverstraat 77",
    "Tigrinya",
    # whom the fund paid (issue 21): the creditor, its account and the reference
    "NL44RABO0123456789",
    "Huur Klaverblad",
]
# ... and of household `ander`, which must keep all of it.
ANDER = ["Berkenrode", "06-44443333"]


def text_hits(strings, *, exclude=()):
    """Every (table, column, id) whose text contains one of `strings` (case-insensitive):
    all CharFields, TextFields, JSONFields and FileFields of every installed model, the
    history tables and many-to-many tables included."""
    hits = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label in exclude:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.JSONField):
                rows = model._base_manager.annotate(_tekst=Cast(field.name, models.TextField()))
                column = "_tekst"
            elif isinstance(field, models.CharField | models.TextField | models.FileField):
                rows, column = model._base_manager.all(), field.name
            else:
                continue
            for text in strings:
                for pk in rows.filter(**{f"{column}__icontains": text}).values_list(
                    "pk", flat=True
                ):
                    hits.append((model._meta.db_table, field.column, pk, text))
    return hits


def _household(vp, *, naam, telefoon, adres, notitie, woorden, door):
    hh = services.register_intake(
        huishouden={"woonplaats": Woonplaats.OOST},
        hulpvrager={"naam": naam, "geslacht": Geslacht.VROUW, "geboortejaar": 1975},
        hulpvraag={
            "intake_datum": INTAKE,
            "soort": Soort.PRAKTISCH,
            "omschrijving": f"Schulden bij {woorden}",
        },
        themas=Thema.objects.filter(naam="Schulden"),
        toestemming_datum=INTAKE,
        vertrouwenspersoon=vp,
        door=door,
    )
    services.update_huishouden(
        huishouden=hh, data={"adres": adres, "notitie": notitie}, may_reassign=False
    )
    persoon = hh.personen.get()
    services.update_hulpvrager(hulpvrager=persoon, data={"telefoon": telefoon})
    return hh


@pytest.fixture
def formeel(db):
    return OrganisatieFactory(naam="Buurtteam Oost", soort="buurtteam", partner=False)


@pytest.fixture
def dossier(vp_a, coordinator, commissielid, commissielid2, formeel, settings):
    """Household of vp_a full of personal data, its help request closed, an application paid."""
    door = vp_a.user
    hh = _household(
        vp_a,
        naam="Zwaantje Klaverblad",
        telefoon="06-11112222",
        adres="Klaverstraat 77",
        notitie="Notitie: Klaverblad heeft een hond",
        woorden="Klaverblad",
        door=door,
    )
    persoon = hh.personen.get()
    services.update_hulpvrager(
        hulpvrager=persoon, data={"telefoon": "06-98765432", "taal": "Tigrinya"}
    )
    services.add_hulpvrager(
        huishouden=hh,
        naam="Kobus Klaverblad",
        geslacht=Geslacht.MAN,
        geboortejaar=1970,
        telefoon="020-5556677",
    )
    hv = hh.hulpvragen.get()
    services.log_contact(
        hulpvraag=hv,
        soort="telefonisch",
        datum=datetime.date(2021, 1, 20),
        notitie="Gebeld met Zwaantje over de huur",
        door=door,
    )
    verwijzing = services.record_doorverwijzing(
        hulpvraag=hv,
        organisatie=formeel,
        soort="warme_overdracht",
        datum=datetime.date(2021, 1, 25),
        notitie="Dossier Klaverblad overgedragen",
        door=door,
        toestemming_vastleggen=True,
    )
    services.record_doorverwijzing_uitkomst(
        doorverwijzing=verwijzing,
        uitkomst="Klaverblad in schuldhulptraject",
        uitkomst_datum=datetime.date(2021, 2, 1),
    )
    services.change_status(
        hulpvraag=hv,
        naar=Status.AFGEROND,
        datum=datetime.date(2021, 2, 15),
        door=door,
        notitie="Afsluitnotitie Klaverblad",
        uitkomst="Klaverblad geholpen",
        uitkomst_categorie="opgelost",
    )
    _aanvraag(hh, vp_a, coordinator, commissielid, commissielid2)
    LogEntry.objects.create(
        user=coordinator,
        content_type=ContentType.objects.get_for_model(Hulpvrager),
        object_id=str(persoon.pk),
        object_repr=str(persoon),
        action_flag=CHANGE,
        change_message="[]",
    )
    return hh


def _aanvraag(hh, vp, coordinator, lid1, lid2):
    aanvraag = fonds.create_aanvraag(
        door=vp.user,
        organisatie=vp.organisatie,
        vertrouwenspersoon=vp,
        huishouden=hh,
        woonplaats=Woonplaats.OOST,
        onderwerp=Onderwerp.WITGOED,
        inkomsten="uitkering",
        contact_formeel=True,
        gevraagd_bedrag=Decimal("300.00"),
        motivatie="Motivatie: de koelkast van Klaverblad is kapot",
    )
    fonds.add_bijlage(
        aanvraag=aanvraag,
        door=vp.user,
        upload=SimpleUploadedFile("offerte-klaverblad.pdf", PDF, content_type="application/pdf"),
    )
    # issue 21: the papers checked (identity attested, income statement changed once)
    zet_checklist(
        aanvraag=aanvraag,
        door=vp.user,
        statussen={"identiteit": "ontvangen", "inkomen": "ontbreekt"},
    )
    zet_checklist(aanvraag=aanvraag, door=vp.user, statussen={"inkomen": "ontvangen"})
    fonds.transition_aanvraag(aanvraag=aanvraag, actie=Actie.INDIENEN, door=vp.user)
    fonds.register_storting(
        door=coordinator, datum=INTAKE, bedrag=Decimal("1000"), fondsgever="Fonds Oost"
    )
    for lid in (lid1, lid2):
        fonds.transition_aanvraag(
            aanvraag=aanvraag,
            actie=Actie.BEOORDELEN,
            door=lid,
            stem=Stem.TOEKENNEN,
            bedrag=Decimal("250"),
            motivering="Klaverblad verdient steun",
        )
    # paid to the landlord through a payment batch; the decision letter handed over
    betalingen.set_crediteur(
        aanvraag=aanvraag,
        door=vp.user,
        naam="Verhuurder Klaverblad Vastgoed",
        iban="NL44RABO0123456789",
        kenmerk="Huur Klaverblad januari",
    )
    # issue 21: the grant as a loan, one repayment, then remitted with a personal reason
    lening = leningen.maak_lening(
        aanvraag=aanvraag,
        door=coordinator,
        per_maand=Decimal("50"),
        eerste_maand=timezone.localdate(),
    )
    leningen.boek_aflossing(
        lening=lening, door=coordinator, datum=timezone.localdate(), bedrag=Decimal("50")
    )
    leningen.scheld_kwijt(
        lening=lening, door=coordinator, reden="Kwijtschelding: Klaverblad heeft schuldhulp"
    )
    batch = betalingen.create_batch(
        door=coordinator, aanvragen=[aanvraag], uitvoerdatum=timezone.localdate()
    )
    betalingen.download_batch(batch=batch, door=coordinator)
    betalingen.mark_batch_betaald(batch=batch, door=coordinator, datum=timezone.localdate())
    make_besluitbrief(aanvraag=aanvraag, door=vp.user)
    return aanvraag


@pytest.fixture
def ander(vp_b):
    return _household(
        vp_b,
        naam="Bram Berkenrode",
        telefoon="06-44443333",
        adres="Berkenlaan 1",
        notitie="Berkenrode belt liever niet",
        woorden="Berkenrode",
        door=vp_b.user,
    )
