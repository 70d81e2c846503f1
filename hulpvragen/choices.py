"""The fixed lists of DOMAIN.md: same labels, same order as the source report's tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Woonplaats(models.TextChoices):
    OOST = "oost", "Oost"
    NIEUW_WEST = "nieuw_west", "Nieuw-West"
    GEEN_ADRES = "geen_adres", "Geen adres"
    DIEMEN = "diemen", "Diemen"
    ZAANDAM = "zaandam", "Zaandam"
    ZUID = "zuid", "Zuid"
    CENTRUM = "centrum", "Centrum"
    WEST = "west", "West"
    NOORD = "noord", "Noord"
    ZUIDOOST = "zuidoost", "Zuidoost"
    ANDERS = "anders", "Anders"


class Inkomsten(models.TextChoices):
    GEEN = "geen", "Geen uitkering en inkomsten"
    UITKERING = "uitkering", "Uitkering (bijstand, WW, Wajong)"
    PENSIOEN = "pensioen", "Pensioen/AOW"
    ZIEKTE = "ziekte", "Ziekte uitkering"
    WERK = "werk", "Inkomen uit werk"
    ONBEKEND = "onbekend", "Onbekend"


class JaNeeOnbekend(models.TextChoices):
    JA = "ja", _("Ja")
    NEE = "nee", _("Nee")
    ONBEKEND = "onbekend", _("Onbekend")


class Geslacht(models.TextChoices):
    MAN = "man", "Man"
    VROUW = "vrouw", "Vrouw"
    ANDERS = "anders", "Anders"
    ONBEKEND = "onbekend", "Onbekend"


class Samenstelling(models.TextChoices):
    ALLEENSTAAND = "alleenstaand", _("Alleenstaand")
    EENOUDER = "eenouder", _("Eenoudergezin")
    PAAR = "paar", _("Paar zonder kinderen")
    GEZIN = "gezin", _("Paar met kinderen")
    ANDERS = "anders", _("Anders")
    ONBEKEND = "onbekend", _("Onbekend")


class Binnenkomst(models.TextChoices):
    ZELF = "zelf", _("Zelf gemeld")
    INFORMEEL = "informeel", _("Via informeel netwerk")
    DOORVERWEZEN = "doorverwezen", _("Doorverwezen door organisatie")


class Soort(models.TextChoices):
    SOCIAAL = "sociaal", "Sociaal (erop uit, bezoeken, koken, taalondersteuning etc)"
    PRAKTISCH = (
        "praktisch",
        ("Praktisch (administratief, begeleiden en meegaan naar afspraken, woning, financiën)"),
    )
    BEIDE = "beide", "Sociaal en praktisch"


# A help request outside every pilot: the report's column, the registration workbook's pilot cell
# and the intake's warning all use this one word (a data label, the same in every UI language).
GEEN_PILOT = "Geen pilot"


class Terugkerend(models.TextChoices):
    TERUGKEREND = "terugkerend", "Terugkerend"
    EENMALIG = "eenmalig", "Eenmalig"
    # "" = not recorded (N.G in the report)


class Status(models.TextChoices):
    NOG_IN_BEHANDELING = "nog_in_behandeling", "Nog in behandeling"
    BIJ_FORMEEL = "bij_formeel", "In behandeling bij formeel"
    AFGEROND = "afgerond", "Afgerond"


class UitkomstCategorie(models.TextChoices):
    """What closing a help request brought (seed 000's open challenge "follow the effects of
    solutions"); the report counts the closed help requests by it. Data labels, as the report's
    other lists. "" = not recorded (help requests closed before the category existed)."""

    OPGELOST = "opgelost", "Opgelost"
    DEELS_OPGELOST = "deels_opgelost", "Deels opgelost"
    FORMELE_HULP = "formele_hulp", "Overgedragen aan formele hulp"
    GESTOPT = "gestopt", "Gestopt door hulpvrager"
    NIET_BEREIKBAAR = "niet_bereikbaar", "Niet bereikbaar"
    ANDERS = "anders", "Anders"


class DoorverwijzingSoort(models.TextChoices):
    ADVIES = "advies", _("Advies gevraagd")
    WARME_OVERDRACHT = "warme_overdracht", _("Warme overdracht")
    SAMEN = "samen", _("Samen opgepakt")


class ContactSoort(models.TextChoices):
    HUISBEZOEK = "huisbezoek", _("Huisbezoek")
    TELEFONISCH = "telefonisch", _("Telefonisch")
    OP_LOCATIE = "op_locatie", _("Op locatie")
    SAMEN_NAAR_AFSPRAAK = "samen_naar_afspraak", _("Samen naar afspraak")
    DIGITAAL = "digitaal", _("Digitaal")


class ToestemmingScope(models.TextChoices):
    REGISTRATIE = "registratie", _("Registratie")
    DELEN = "delen", _("Delen met organisatie voor doorverwijzing")


class DubbelReden(models.TextChoices):
    """Why a stored person may be the one being registered (selectors.mogelijke_dubbelen)."""

    NAAM = "naam", _("naam lijkt erop")
    GEBOORTEJAAR = "geboortejaar", _("zelfde geboortejaar")
    TELEFOON = "telefoon", _("zelfde telefoonnummer")
    POSTCODE = "postcode", _("zelfde postcode")


class SignaalStatus(models.TextChoices):
    NIEUW = "nieuw", _("Nieuw")
    BESPROKEN = "besproken", _("Besproken")
    OPGEPAKT = "opgepakt", _("Opgepakt door beleid")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


class SignaalBron(models.TextChoices):
    """Where a signal comes from: written by hand, or made by the emergency fund of a public
    provision refused or too slow (anonymous: no household, no help request)."""

    HANDMATIG = "handmatig", _("Handmatig")
    NOODFONDS = "noodfonds", _("Noodfonds: voorliggende voorziening")


class Voorziening(models.TextChoices):
    """Which public provision (voorliggende voorziening) was asked first."""

    NIET_GEVRAAGD = "niet_gevraagd", _("Niet gevraagd")
    BIJZONDERE_BIJSTAND = "bijzondere_bijstand", _("Bijzondere bijstand")
    ANDERS = "anders", _("Andere voorziening")
