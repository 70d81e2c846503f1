"""The fixed lists of expenses (issue 22 §6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OnkostenSoort(models.TextChoices):
    REISKOSTEN = "reiskosten", _("Reiskosten")
    TELEFOON = "telefoon", _("Telefoon")
    OVERIG = "overig", _("Overig")


class DeclaratieStatus(models.TextChoices):
    INGEDIEND = "ingediend", _("Ingediend")
    GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
