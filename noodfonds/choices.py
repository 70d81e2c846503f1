from django.db import models
from django.utils.translation import gettext_lazy as _


class Onderwerp(models.TextChoices):
    VERBLIJF = "verblijf", "Verblijf/ Voorkomen ontruiming"
    GEZONDHEID = "gezondheid", "Gezondheid/ Bril"
    INRICHTING = "inrichting", "Inrichting"
    UITVAART = "uitvaart", "Uitvaartkosten"
    GEMEENTELIJK = "gemeentelijk", "Gemeentelijke kosten"
    STUDIE = "studie", "Studie/ Laptop/tablet"
    KLEDING = "kleding", "Kleding/ Babyspullen"
    WITGOED = "witgoed", "Wit/bruingoed Koelkast/ Gasfornuis/ Wasmachine"
    VOEDSEL = "voedsel", "Voedsel/ Leefgeld"


class AanvraagStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    INGEDIEND = "ingediend", _("Ingediend")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    MEER_INFORMATIE = "meer_informatie", _("Meer informatie nodig")
    TOEGEKEND = "toegekend", _("Toegekend")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    UITBETAALD = "uitbetaald", _("Uitbetaald")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


class Stem(models.TextChoices):
    TOEKENNEN = "toekennen", _("Toekennen")
    AFWIJZEN = "afwijzen", _("Afwijzen")


class UitbetaaldAan(models.TextChoices):
    LEVERANCIER = "leverancier", _("Leverancier")
    BEWONER = "bewoner", _("Bewoner")


class Actie(models.TextChoices):
    """What happened to an application; every change is logged as one `Overgang`."""

    AANMAKEN = "aanmaken", _("Aangemaakt")
    INDIENEN = "indienen", _("Ingediend")
    INTREKKEN = "intrekken", _("Ingetrokken")
    BEOORDELEN = "beoordelen", _("Beoordeeld")
    OORDEEL_WIJZIGEN = "oordeel_wijzigen", _("Oordeel gewijzigd")
    HERBEOORDELING = "herbeoordeling", _("Opnieuw ter beoordeling")
    MEER_INFORMATIE = "meer_informatie", _("Meer informatie gevraagd")
    SPOEDTOEKENNING = "spoedtoekenning", _("Spoedtoekenning")
    UITBETALEN = "uitbetalen", _("Uitbetaald")


class BesluitRoute(models.TextChoices):
    COMMISSIE = "commissie", _("Fondscommissie (vier ogen)")
    SPOED = "spoed", _("Spoedroute coördinator")


class BijlageSoort(models.TextChoices):
    OFFERTE = "offerte", _("Offerte")
    FACTUUR = "factuur", _("Factuur")
    ANDERS = "anders", _("Anders")
