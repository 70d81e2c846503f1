"""Job functions for the tests of the background layer (marked like the product's own)."""

import time

from django.core.exceptions import ValidationError
from django.urls import reverse

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
def weiger(*, voortgang, pauze: float = 0.0):
    time.sleep(pauze)
    raise ValidationError(["Rij 3: geboortejaar 1850 kan niet.", "Rij 7: onbekende status."])


@achtergrondtaak
def crash(*, voortgang):
    raise RuntimeError("stuk")


def niet_gemarkeerd(*, voortgang):
    return Uitkomst()


def job_download(client, response):
    """The file of the job a download request started (the request answered with a redirect to
    the job's page; in tests the job has already run)."""
    from django.urls import resolve

    assert response.status_code == 302, response.status_code
    match = resolve(response["Location"])
    assert match.view_name == "taken:detail"
    return client.get(reverse("taken:download", args=[match.kwargs["uuid"]]))


@achtergrondtaak(herhaalbaar=False)
def eenmalig(*, voortgang):
    raise ValidationError("Het bestand is er niet meer; upload het opnieuw.")
