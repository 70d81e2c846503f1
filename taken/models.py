"""A job a user started (a large download, an import, the right-of-access file): its progress,
the file it made and for how long that file is kept. The work itself runs in a worker process
through Django's task framework (`taken.tasks.voer_uit`); this row is what the user sees."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TaakStatus(models.TextChoices):
    WACHT = "wacht", _("Wacht op zijn beurt")
    BEZIG = "bezig", _("Bezig")
    KLAAR = "klaar", _("Klaar")
    MISLUKT = "mislukt", _("Mislukt")


class TaakQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only the user who started a job sees it and its file (coordinators included: a
        download can hold more than the coordinator's page showed)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(eigenaar=user)


class Taak(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    eigenaar = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="taken"
    )
    # Dotted path of the job function (marked with @achtergrondtaak) and its keyword arguments:
    # enough to run it again ("Opnieuw proberen").
    functie = models.CharField(max_length=200)
    parameters = models.JSONField(default=dict, blank=True)
    titel = models.CharField(_("titel"), max_length=200)  # never a person's name
    status = models.CharField(max_length=10, choices=TaakStatus.choices, default=TaakStatus.WACHT)
    gedaan = models.PositiveIntegerField(default=0)
    totaal = models.PositiveIntegerField(null=True, blank=True)
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gestart = models.DateTimeField(null=True, blank=True)
    klaar_op = models.DateTimeField(null=True, blank=True)
    # Written with every progress step: a running job without a sign of life for
    # TAKEN_STIL_MINUTEN has lost its worker (see services.markeer_vastgelopen).
    levensteken = models.DateTimeField(null=True, blank=True)
    bestand = models.FileField(upload_to="taken/", blank=True)
    bestandsnaam = models.CharField(max_length=200, blank=True)
    melding = models.TextField(blank=True)  # what the user reads when it failed or finished
    resultaat = models.JSONField(default=dict, blank=True)
    task_id = models.CharField(max_length=64, blank=True)  # the task framework's result id
    verloopt_op = models.DateTimeField()

    objects = TaakQuerySet.as_manager()

    class Meta:
        ordering = ["-aangemaakt"]
        indexes = [models.Index(fields=["eigenaar", "-aangemaakt"])]
        verbose_name = _("achtergrondtaak")
        verbose_name_plural = _("achtergrondtaken")

    def __str__(self):
        return self.titel

    @property
    def is_afgelopen(self) -> bool:
        return self.status in (TaakStatus.KLAAR, TaakStatus.MISLUKT)

    @property
    def procent(self) -> int | None:
        if not self.totaal:
            return None
        return min(100, self.gedaan * 100 // self.totaal)


class PeriodiekeRun(models.Model):
    """One periodic job enqueued for one period (an hour, a day, a week): the unique pair makes
    `manage.py periodiek` idempotent, however often cron calls it."""

    naam = models.CharField(max_length=100)
    periode = models.CharField(max_length=20)  # 2026-12-06T05, 2026-12-06, 2026-W49
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["naam", "periode"], name="periodieke_run_eenmaal")
        ]

    def __str__(self):
        return f"{self.naam} {self.periode}"
