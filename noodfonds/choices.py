from django.db import models
from django.utils.translation import gettext_lazy as _

from hulpvragen.choices import Voorziening  # noqa: F401 (the provisions live with the signals)


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


class ChecklistSoort(models.TextChoices):
    """The papers of an application (issue 21): checked and ticked off, never uploaded (an
    identity document is seen by the trusted person, who attests it)."""

    IDENTITEIT = "identiteit", _("Identiteit gezien")
    INKOMEN = "inkomen", _("Inkomensverklaring")
    BANKAFSCHRIFT = "bankafschrift", _("Bankafschrift")
    OFFERTE = "offerte", _("Offerte of factuur")
    OVERIG = "overig", _("Overig")


class ChecklistStatus(models.TextChoices):
    ONTVANGEN = "ontvangen", _("Ontvangen")
    NIET_NODIG = "niet_nodig", _("Niet nodig")
    ONTBREEKT = "ontbreekt", _("Ontbreekt")


class VoorzieningResultaat(models.TextChoices):
    TOEGEKEND = "toegekend", _("Toegekend")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    TE_TRAAG = "te_traag", _("Te traag")
    NIET_VAN_TOEPASSING = "niet_van_toepassing", _("Niet van toepassing")


class Vorm(models.TextChoices):
    """A grant is a gift, or an interest-free loan (a Lening row)."""

    GIFT = "gift", _("Gift")
    LENING = "lening", _("Renteloze lening")
