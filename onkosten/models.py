"""Expenses of trusted persons (issue 22 §6): claims of costs made, each with a receipt, approved
or refused by a coordinator; and, where a network pays a flat volunteer allowance instead, the
payments and the yearly limits they are held against."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from netwerk.models import Vertrouwenspersoon
from netwerk.permissions import NOTHING
from netwerk.roles import Rol, has_role, vertrouwenspersoon_id_of
from onkosten.choices import DeclaratieStatus, OnkostenSoort
from samenvooruit.grenzen import NOTITIE, max_length_constraint

MAX_BEDRAG = Decimal("9999999.99")  # the bound of every amount (README, bounds)


def eigen_scope(user, *, veld: str = "vertrouwenspersoon_id") -> models.Q | None:
    """Coordinators all (None); a trusted person only their own records; anyone else nothing
    (trainers, committee members, organisation coordinators never see expenses)."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if has_role(user, Rol.COORDINATOR):
        return None
    if has_role(user, Rol.VERTROUWENSPERSOON) and vertrouwenspersoon_id_of(user):
        return models.Q(**{veld: vertrouwenspersoon_id_of(user)})
    return NOTHING


class EigenQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = eigen_scope(user)
        return self if scope is None else self.filter(scope)


def bon_opslagnaam(instance, filename):
    """A random storage name; the user's file name is kept only in `bon_naam`."""
    extensie = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
    return f"onkosten/bonnen/{uuid.uuid4().hex}{extensie.get(instance.bon_content_type, '')}"


class Declaratie(models.Model):
    """Costs a trusted person made (travel, phone, other), repaid against a receipt: no
    ceiling. The receipt is served only through a permission-checked view, never by URL."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vertrouwenspersoon = models.ForeignKey(
        Vertrouwenspersoon,
        verbose_name=_("vertrouwenspersoon"),
        on_delete=models.PROTECT,
        related_name="declaraties",
    )
    soort = models.CharField(_("soort"), max_length=20, choices=OnkostenSoort.choices)
    datum = models.DateField(_("datum van de kosten"))
    bedrag = models.DecimalField(_("bedrag"), max_digits=9, decimal_places=2)
    omschrijving = models.CharField(_("omschrijving"), max_length=300)
    bon = models.FileField(_("bon"), upload_to=bon_opslagnaam, max_length=200, blank=True)
    bon_naam = models.CharField(_("naam van de bon"), max_length=200, blank=True)
    bon_content_type = models.CharField(max_length=50, blank=True)
    bon_grootte = models.PositiveIntegerField(_("grootte (bytes)"), default=0)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DeclaratieStatus.choices,
        default=DeclaratieStatus.INGEDIEND,
    )
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ingediend_op = models.DateTimeField(_("ingediend op"), auto_now_add=True)
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    beoordeeld_op = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    toelichting = models.TextField(_("toelichting beoordeling"), blank=True, max_length=NOTITIE)
    # the receipt's file removed after the retention period (privacy.services); the row stays
    bon_verwijderd_op = models.DateTimeField(_("bon verwijderd op"), null=True, blank=True)

    objects = EigenQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["bon"])

    class Meta:
        ordering = ["-datum", "-pk"]
        verbose_name = _("declaratie")
        verbose_name_plural = _("declaraties")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(bedrag__gt=0, bedrag__lte=MAX_BEDRAG),
                name="declaratie_bedrag_grenzen",
            ),
            max_length_constraint("declaratie", "toelichting", NOTITIE),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} {self.datum:%d-%m-%Y} € {self.bedrag}"

    def get_absolute_url(self):
        return reverse("onkosten:declaratie_detail", args=[self.uuid])


class VergoedingsGrens(models.Model):
    """The limits of a flat volunteer allowance (vrijwilligersvergoeding) in one year, as the
    tax authority sets them; kept by the coordinator (admin), seeded for 2025 and 2026."""

    jaar = models.PositiveSmallIntegerField(_("jaar"), unique=True)
    per_maand = models.DecimalField(_("maximum per maand"), max_digits=9, decimal_places=2)
    per_jaar = models.DecimalField(_("maximum per jaar"), max_digits=9, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-jaar"]
        verbose_name = _("grens vrijwilligersvergoeding")
        verbose_name_plural = _("grenzen vrijwilligersvergoeding")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jaar__gte=2000, jaar__lte=2999), name="vergoedingsgrens_jaar"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    per_maand__gte=0,
                    per_maand__lte=MAX_BEDRAG,
                    per_jaar__gte=0,
                    per_jaar__lte=MAX_BEDRAG,
                ),
                name="vergoedingsgrens_bedragen",
            ),
        ]

    def __str__(self):
        return f"{self.jaar}: € {self.per_maand} / € {self.per_jaar}"


class Vrijwilligersvergoeding(models.Model):
    """A flat allowance paid to a trusted person (no receipt); a payment above the year's
    limits (VergoedingsGrens) is stored with a warning (services.betaal_vergoeding)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vertrouwenspersoon = models.ForeignKey(
        Vertrouwenspersoon,
        verbose_name=_("vertrouwenspersoon"),
        on_delete=models.PROTECT,
        related_name="vrijwilligersvergoedingen",
    )
    datum = models.DateField(_("datum betaling"))
    bedrag = models.DecimalField(_("bedrag"), max_digits=9, decimal_places=2)
    omschrijving = models.CharField(_("omschrijving"), max_length=300, blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    objects = EigenQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-datum", "-pk"]
        verbose_name = _("vrijwilligersvergoeding")
        verbose_name_plural = _("vrijwilligersvergoedingen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(bedrag__gt=0, bedrag__lte=MAX_BEDRAG),
                name="vrijwilligersvergoeding_bedrag_grenzen",
            ),
        ]

    def __str__(self):
        return f"{self.vertrouwenspersoon} {self.datum:%d-%m-%Y} € {self.bedrag}"
