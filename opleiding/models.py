"""The training of trusted persons: cohorts, sessions, enrolments, attendance, measurements and
steps on the route to work (DOMAIN.md, `opleiding`)."""

import uuid
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from netwerk.models import Organisatie, Pilot, Vertrouwenspersoon
from netwerk.permissions import NOTHING
from netwerk.roles import Rol, has_role, organisatie_id_of, vertrouwenspersoon_id_of
from opleiding.choices import (
    LEVENSDOMEINEN,
    AanwezigheidStatus,
    BijeenkomstSoort,
    DeelnameStatus,
    LeeruurSoort,
    MetingSoort,
    OntwikkelstapSoort,
)
from samenvooruit.grenzen import NOTITIE, max_length_constraint
from samenvooruit.versie import versie_veld


def _trainer_cohort_ids(user):
    """Subquery: the cohorts whose trainer organisations include the user's organisation."""
    return Cohort.opleiders.through.objects.filter(organisatie_id=organisatie_id_of(user)).values(
        "cohort_id"
    )


def training_scope(user, *, cohort: str, own) -> models.Q | None:
    """The filter for training records. `cohort` is the lookup of the record's cohort id;
    `own(vp_id)` builds the filter for records about the trusted person themself.
    None means everything (coordinator); NOTHING means no record.

    Trainers see the cohorts whose trainer organisations include their own organisation; a
    trusted person sees only what is about themself; other roles see nothing of the training."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if has_role(user, Rol.COORDINATOR):
        return None
    scope = NOTHING
    if has_role(user, Rol.OPLEIDER) and organisatie_id_of(user):
        scope |= models.Q(**{f"{cohort}__in": _trainer_cohort_ids(user)})
    if has_role(user, Rol.VERTROUWENSPERSOON) and vertrouwenspersoon_id_of(user):
        scope |= own(vertrouwenspersoon_id_of(user))
    return scope


def _filter(queryset, scope):
    return queryset if scope is None else queryset.filter(scope)


def _own_enrolments(vp_id):
    return Deelname.objects.filter(vertrouwenspersoon_id=vp_id)


class CohortQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Coordinators all; trainers their organisation's cohorts; a trusted person the cohorts
        they are enrolled in (pages about a whole cohort are for coordinators and trainers)."""
        scope = training_scope(
            user,
            cohort="pk",
            own=lambda vp: models.Q(pk__in=_own_enrolments(vp).values("cohort_id")),
        )
        return _filter(self, scope)


class Cohort(models.Model):
    naam = models.CharField(_("naam"), max_length=200, unique=True)
    pilot = models.ForeignKey(
        Pilot,
        verbose_name=_("pilot"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cohorten",
    )
    startdatum = models.DateField(_("startdatum"))
    opleiders = models.ManyToManyField(
        Organisatie,
        verbose_name=_("opleiders"),
        blank=True,
        related_name="cohorten",
        help_text=_("De organisaties die de opleiding verzorgen."),
    )
    versie = versie_veld()  # optimistic locking (samenvooruit.versie)

    objects = CohortQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-startdatum", "naam"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorten")

    def __str__(self):
        return self.naam

    def get_absolute_url(self):
        return reverse("opleiding:cohort_detail", args=[self.pk])


class BijeenkomstQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The sessions of the cohorts the user sees (a trusted person: their own cohorts)."""
        scope = training_scope(
            user,
            cohort="cohort_id",
            own=lambda vp: models.Q(cohort_id__in=_own_enrolments(vp).values("cohort_id")),
        )
        return _filter(self, scope)


class Bijeenkomst(models.Model):
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="bijeenkomsten"
    )
    soort = models.CharField(_("soort"), max_length=30, choices=BijeenkomstSoort.choices)
    datum = models.DateField(_("datum"))
    onderwerp = models.CharField(_("onderwerp"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)

    objects = BijeenkomstQuerySet.as_manager()

    class Meta:
        ordering = ["datum", "pk"]
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")

    def __str__(self):
        return f"{self.get_soort_display()} {self.datum:%d-%m-%Y}"

    def get_absolute_url(self):
        return reverse("opleiding:aanwezigheid", args=[self.pk])


class DeelnameQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Enrolments in the cohorts the user sees; a trusted person only their own."""
        scope = training_scope(
            user, cohort="cohort_id", own=lambda vp: models.Q(vertrouwenspersoon_id=vp)
        )
        return _filter(self, scope)


# The participant's name, whether a trusted person or still a candidate: for ordering lists.
DEELNEMER_NAAM = Coalesce("vertrouwenspersoon__naam", "kandidaat_naam")


class Deelname(models.Model):
    """One participant's enrolment in a cohort: a trusted person, or a candidate who is not one
    yet (the `kandidaat_*` fields and the intake date; no trusted person). At completion the
    coordinator confirms and the candidate becomes a trusted person
    (`services.confirm_certificaat`): the enrolment then points to that trusted person and the
    candidate's contact details are cleared (they live on in the trusted person only)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="deelnames"
    )
    vertrouwenspersoon = models.ForeignKey(
        Vertrouwenspersoon,
        verbose_name=_("vertrouwenspersoon"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deelnames",
    )
    kandidaat_naam = models.CharField(_("naam"), max_length=200, blank=True)
    kandidaat_telefoon = models.CharField(_("telefoon"), max_length=30, blank=True)
    kandidaat_email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    kandidaat_organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kandidaten",
        help_text=_("De partnerorganisatie waar de kandidaat vertrouwenspersoon wordt."),
    )
    intake_datum = models.DateField(_("intakedatum"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DeelnameStatus.choices,
        default=DeelnameStatus.INGESCHREVEN,
    )
    status_datum = models.DateField(_("datum status"))
    certificaat_datum = models.DateField(_("datum certificaat"), null=True, blank=True)

    objects = DeelnameQuerySet.as_manager()

    class Meta:
        ordering = [DEELNEMER_NAAM, "pk"]
        verbose_name = _("deelname")
        verbose_name_plural = _("deelnames")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "vertrouwenspersoon"], name="deelname_uniek_per_cohort"
            ),
            models.CheckConstraint(
                condition=models.Q(vertrouwenspersoon__isnull=False) | ~models.Q(kandidaat_naam=""),
                name="deelname_vertrouwenspersoon_of_kandidaat",
            ),
        ]

    def __str__(self):
        return f"{self.naam} – {self.cohort}"

    def get_absolute_url(self):
        return reverse("opleiding:deelname_detail", args=[self.uuid])

    @property
    def is_kandidaat(self) -> bool:
        """Not a trusted person yet."""
        return self.vertrouwenspersoon_id is None

    @property
    def naam(self) -> str:
        """The participant's name: the trusted person's, else the candidate's."""
        return self.vertrouwenspersoon.naam if self.vertrouwenspersoon_id else self.kandidaat_naam


class AanwezigheidQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = training_scope(
            user,
            cohort="deelname__cohort_id",
            own=lambda vp: models.Q(deelname__vertrouwenspersoon_id=vp),
        )
        return _filter(self, scope)


class Aanwezigheid(models.Model):
    bijeenkomst = models.ForeignKey(
        Bijeenkomst,
        verbose_name=_("bijeenkomst"),
        on_delete=models.CASCADE,
        related_name="aanwezigheden",
    )
    deelname = models.ForeignKey(
        Deelname, verbose_name=_("deelname"), on_delete=models.CASCADE, related_name="aanwezigheden"
    )
    status = models.CharField(_("aanwezigheid"), max_length=20, choices=AanwezigheidStatus.choices)

    objects = AanwezigheidQuerySet.as_manager()

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheden")
        constraints = [
            models.UniqueConstraint(
                fields=["bijeenkomst", "deelname"], name="aanwezigheid_uniek_per_bijeenkomst"
            )
        ]

    def __str__(self):
        return f"{self.deelname.naam}: {self.get_status_display()}"


class MetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = training_scope(
            user,
            cohort="deelname__cohort_id",
            own=lambda vp: models.Q(deelname__vertrouwenspersoon_id=vp),
        )
        return _filter(self, scope)


def _score(label):
    return models.PositiveSmallIntegerField(
        label,
        choices=[(i, str(i)) for i in range(1, 6)],
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )


class Meting(models.Model):
    """The 0-meting at the start and the 1-meting about a year later: a score 1–5 per life domain
    (one field per domain, in the order of `choices.LEVENSDOMEINEN`)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    deelname = models.ForeignKey(
        Deelname, verbose_name=_("deelname"), on_delete=models.CASCADE, related_name="metingen"
    )
    soort = models.CharField(_("soort"), max_length=1, choices=MetingSoort.choices)
    datum = models.DateField(_("datum"))
    persoonlijke_groei = _score(LEVENSDOMEINEN[0][1])
    professionele_vaardigheden = _score(LEVENSDOMEINEN[1][1])
    sociale_vaardigheden = _score(LEVENSDOMEINEN[2][1])
    zelfvertrouwen = _score(LEVENSDOMEINEN[3][1])
    netwerk = _score(LEVENSDOMEINEN[4][1])
    grenzen_aangeven = _score(LEVENSDOMEINEN[5][1])
    toelichting = models.TextField(_("toelichting"), blank=True, max_length=NOTITIE)

    objects = MetingQuerySet.as_manager()

    class Meta:
        ordering = ["deelname", "soort"]
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        constraints = [
            models.UniqueConstraint(fields=["deelname", "soort"], name="meting_uniek_per_soort"),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{veld}__gte": 1, f"{veld}__lte": 5}),
                    name=f"meting_{veld}_1_tot_5",
                )
                for veld, _label in LEVENSDOMEINEN
            ],
            max_length_constraint("meting", "toelichting", NOTITIE),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} {self.deelname.naam}"

    def scores(self):
        return {veld: getattr(self, veld) for veld, _label in LEVENSDOMEINEN}


class OntwikkelstapQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Coordinators all; trainers the steps of people enrolled in their cohorts; a trusted
        person their own steps."""
        scope = training_scope(
            user,
            cohort="vertrouwenspersoon__deelnames__cohort_id",
            own=lambda vp: models.Q(vertrouwenspersoon_id=vp),
        )
        if scope is None:
            return self
        return self.filter(pk__in=Ontwikkelstap.objects.filter(scope).values("pk"))


class Ontwikkelstap(models.Model):
    """A trusted person's step on the route to work (seed 000 challenge 8, seed 003)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vertrouwenspersoon = models.ForeignKey(
        Vertrouwenspersoon,
        verbose_name=_("vertrouwenspersoon"),
        on_delete=models.CASCADE,
        related_name="ontwikkelstappen",
    )
    soort = models.CharField(_("soort"), max_length=30, choices=OntwikkelstapSoort.choices)
    datum = models.DateField(_("datum"))
    toelichting = models.TextField(_("toelichting"), blank=True, max_length=NOTITIE)

    objects = OntwikkelstapQuerySet.as_manager()

    class Meta:
        ordering = ["-datum", "pk"]
        verbose_name = _("ontwikkelstap")
        verbose_name_plural = _("ontwikkelstappen")
        constraints = [max_length_constraint("ontwikkelstap", "toelichting", NOTITIE)]

    def __str__(self):
        return f"{self.get_soort_display()} ({self.datum:%d-%m-%Y})"


# The most hours one learning entry may hold (a course elsewhere of a few weeks).
MAX_LEERUREN = 1000


class LeeruurQuerySet(models.QuerySet):
    def visible_to(self, user):
        """As the development steps: coordinators all; trainers the hours of people enrolled in
        their cohorts; a trusted person their own."""
        scope = training_scope(
            user,
            cohort="vertrouwenspersoon__deelnames__cohort_id",
            own=lambda vp: models.Q(vertrouwenspersoon_id=vp),
        )
        if scope is None:
            return self
        return self.filter(pk__in=Leeruur.objects.filter(scope).values("pk"))


class Leeruur(models.Model):
    """Hours a trusted person spent learning (issue 22 §5): the training, intervision, a course
    elsewhere, with the date."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vertrouwenspersoon = models.ForeignKey(
        Vertrouwenspersoon,
        verbose_name=_("vertrouwenspersoon"),
        on_delete=models.CASCADE,
        related_name="leeruren",
    )
    soort = models.CharField(_("soort"), max_length=20, choices=LeeruurSoort.choices)
    datum = models.DateField(_("datum"))
    uren = models.DecimalField(
        _("uren"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(MAX_LEERUREN)],
    )
    omschrijving = models.CharField(_("omschrijving"), max_length=200, blank=True)

    objects = LeeruurQuerySet.as_manager()

    class Meta:
        ordering = ["-datum", "pk"]
        verbose_name = _("leeruren")
        verbose_name_plural = _("leeruren")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(uren__gt=0, uren__lte=MAX_LEERUREN), name="leeruur_uren_grenzen"
            )
        ]

    def __str__(self):
        return f"{self.get_soort_display()} {self.datum:%d-%m-%Y}: {self.uren}"
