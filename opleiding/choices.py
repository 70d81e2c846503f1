"""The fixed lists of the training (DOMAIN.md, `opleiding`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BijeenkomstSoort(models.TextChoices):
    LES = "les", _("Les")
    ONTWIKKELBIJEENKOMST = "ontwikkelbijeenkomst", _("Ontwikkelbijeenkomst")
    INTERVISIE = "intervisie", _("Intervisie")
    GASTLES = "gastles", _("Gastles")
    INFORMATIEBIJEENKOMST = "informatiebijeenkomst", _("Informatiebijeenkomst")


# The standard programme: 10 + 10 + 10, in this rotation (see services.standard_programme_dates).
STANDAARDPROGRAMMA = [
    BijeenkomstSoort.LES,
    BijeenkomstSoort.ONTWIKKELBIJEENKOMST,
    BijeenkomstSoort.INTERVISIE,
]
STANDAARDPROGRAMMA_AANTAL = 10


class DeelnameStatus(models.TextChoices):
    INGESCHREVEN = "ingeschreven", _("Ingeschreven")
    AFGEROND = "afgerond", _("Afgerond")
    GESTOPT = "gestopt", _("Gestopt")


class AanwezigheidStatus(models.TextChoices):
    AANWEZIG = "aanwezig", _("Aanwezig")
    AFWEZIG_MET_BERICHT = "afwezig_met_bericht", _("Afwezig met bericht")
    AFWEZIG = "afwezig", _("Afwezig")


class MetingSoort(models.TextChoices):
    NUL = "0", _("0-meting")
    EEN = "1", _("1-meting")


# The life domains of the measurement: (field name on Meting, label), in the order of DOMAIN.md.
LEVENSDOMEINEN = [
    ("persoonlijke_groei", _("Persoonlijke groei")),
    ("professionele_vaardigheden", _("Professionele vaardigheden")),
    ("sociale_vaardigheden", _("Sociale vaardigheden")),
    ("zelfvertrouwen", _("Zelfvertrouwen")),
    ("netwerk", _("Netwerk")),
    ("grenzen_aangeven", _("Grenzen aangeven")),
]
DOMEIN_VELDEN = [veld for veld, _label in LEVENSDOMEINEN]


class OntwikkelstapSoort(models.TextChoices):
    VERVOLGOPLEIDING = "vervolgopleiding", _("Vervolgopleiding")
    ERVARINGSDESKUNDIGHEID = "ervaringsdeskundigheid", _("Opleiding ervaringsdeskundigheid")
    BUURTBAAN = "buurtbaan", _("Buurtbaan")
    BETAALD_WERK = "betaald_werk", _("Betaald werk")
    ANDERS = "anders", _("Anders")
