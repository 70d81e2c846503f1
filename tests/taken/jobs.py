"""Job functions for the tests of the background layer (marked like the product's own)."""

import time

from django.core.exceptions import ValidationError

from taken.services import Uitkomst, achtergrondtaak


@achtergrondtaak
def tel(*, voortgang, tot: int, pauze: float = 0.0):
    """Counts to `tot`, reporting each step; the file lists the numbers."""
    for i in range(1, tot + 1):
        voortgang(i, tot, nu=True)
        time.sleep(pauze)
    inhoud = "\n".join(str(i) for i in range(1, tot + 1)).encode()
    return Uitkomst(bestandsnaam="getallen.txt", inhoud=inhoud, melding="Klaar met tellen.")


@achtergrondtaak
def weiger(*, voortgang):
    raise ValidationError(["Rij 3: geboortejaar 1850 kan niet.", "Rij 7: onbekende status."])


@achtergrondtaak
def crash(*, voortgang):
    raise RuntimeError("stuk")


def niet_gemarkeerd(*, voortgang):
    return Uitkomst()
