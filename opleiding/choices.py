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
    VRIJWILLIGER = "vrijwilliger", _("Vrijwilliger")
    VERVOLGOPLEIDING = "vervolgopleiding", _("Vervolgopleiding")
    ERVARINGSDESKUNDIGHEID = "ervaringsdeskundigheid", _("Opleiding ervaringsdeskundigheid")
    BUURTBAAN = "buurtbaan", _("Buurtbaan")
    BETAALD_WERK = "betaald_werk", _("Betaald werk")
    ANDERS = "anders", _("Anders")


class RouteStap(models.TextChoices):
    """The route of seed 003 (De buurtbaan als sleutel voor innovatie): from volunteer to a
    neighbourhood job, education and paid work. Where a person is now: the route step of their
    latest development step (selectors.route_stap); without one, a volunteer."""

    VRIJWILLIGER = "vrijwilliger", _("Vrijwilliger")
    BUURTBAAN = "buurtbaan", _("Buurtbaan")
    OPLEIDING = "opleiding", _("Opleiding")
    BETAALD_WERK = "betaald_werk", _("Betaald werk")


# development step -> its step on the route (a step of kind "anders" is on no route step)
ROUTE_VAN_STAP = {
    OntwikkelstapSoort.VRIJWILLIGER: RouteStap.VRIJWILLIGER,
    OntwikkelstapSoort.BUURTBAAN: RouteStap.BUURTBAAN,
    OntwikkelstapSoort.VERVOLGOPLEIDING: RouteStap.OPLEIDING,
    OntwikkelstapSoort.ERVARINGSDESKUNDIGHEID: RouteStap.OPLEIDING,
    OntwikkelstapSoort.BETAALD_WERK: RouteStap.BETAALD_WERK,
}


class LeeruurSoort(models.TextChoices):
    OPLEIDING = "opleiding", _("Opleiding")
    INTERVISIE = "intervisie", _("Intervisie")
    CURSUS_ELDERS = "cursus_elders", _("Cursus elders")
