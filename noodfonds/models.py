import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hulpvragen.choices import Inkomsten, Woonplaats
from hulpvragen.models import Huishouden
from netwerk.models import Organisatie, Vertrouwenspersoon
from netwerk.permissions import filter_casework
from netwerk.roles import is_coordinator
from noodfonds.choices import (
    AanvraagStatus,
    Actie,
    BesluitRoute,
    BijlageSoort,
    ChecklistSoort,
    ChecklistStatus,
    Onderwerp,
    Stem,
    UitbetaaldAan,
    Voorziening,
    VoorzieningResultaat,
)
from samenvooruit.grenzen import MOTIVATIE, NOTITIE, OMSCHRIJVING, max_length_constraint
from samenvooruit.versie import versie_veld


class AanvraagQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Casework roles by organisation / trusted person. The committee's pseudonymised queue
        is a separate selector (noodfonds.selectors), never this full view."""
        return filter_casework(
            self, user, organisatie="organisatie_id", vertrouwenspersoon="vertrouwenspersoon_id"
        )


class Aanvraag(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referentie = models.CharField(_("referentie"), max_length=20, unique=True)
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("aanvragende organisatie"),
        on_delete=models.PROTECT,
        related_name="aanvragen",
    )
    vertrouwenspersoon = models.ForeignKey(
        Vertrouwenspersoon,
        verbose_name=_("vertrouwenspersoon"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aanvragen",
    )
    huishouden = models.ForeignKey(
        Huishouden,
        verbose_name=_("huishouden"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aanvragen",
    )
    woonplaats = models.CharField(_("woonplaats"), max_length=20, choices=Woonplaats.choices)
    onderwerp = models.CharField(_("onderwerp"), max_length=20, choices=Onderwerp.choices)
    inkomsten = models.CharField(_("inkomsten"), max_length=20, choices=Inkomsten.choices)
    contact_formeel = models.BooleanField(_("contact met formele instanties"), default=False)
    gevraagd_bedrag = models.DecimalField(_("gevraagd bedrag"), max_digits=9, decimal_places=2)
    motivatie = models.TextField(_("motivatie"), blank=True, max_length=MOTIVATIE)
    spoed = models.BooleanField(_("spoed"), default=False)
    # the public provision asked first (issue 21); empty: not recorded (older applications)
    voorziening = models.CharField(
        _("voorliggende voorziening"), max_length=20, choices=Voorziening.choices, blank=True
    )
    voorziening_resultaat = models.CharField(
        _("resultaat voorliggende voorziening"),
        max_length=20,
        choices=VoorzieningResultaat.choices,
        blank=True,
    )
    # an anonymous policy signal was made of a refused or too slow provision (once)
    voorziening_gesignaleerd = models.BooleanField(default=False, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=AanvraagStatus.choices, default=AanvraagStatus.CONCEPT
    )
    ingediend_op = models.DateField(_("datum aanvraag"), null=True, blank=True)
    besloten_op = models.DateField(_("datum besluit"), null=True, blank=True)
    toegekend_bedrag = models.DecimalField(
        _("toegekend bedrag"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    uitbetaald_bedrag = models.DecimalField(
        _("uitbetaald bedrag"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    uitbetaald_op = models.DateField(_("datum uitbetaling"), null=True, blank=True)
    uitbetaald_aan = models.CharField(
        _("uitbetaald aan"), max_length=20, choices=UitbetaaldAan.choices, blank=True
    )
    besluit_route = models.CharField(
        _("besloten via"), max_length=20, choices=BesluitRoute.choices, blank=True
    )
    besluit_toelichting = models.TextField(_("toelichting besluit"), blank=True, max_length=NOTITIE)
    informatievraag = models.TextField(_("vraag van de commissie"), blank=True, max_length=NOTITIE)
    informatieantwoord = models.TextField(
        _("antwoord van de aanvrager"), blank=True, max_length=OMSCHRIJVING
    )
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    geanonimiseerd_op = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)
    versie = versie_veld()  # optimistic locking (samenvooruit.versie)

    objects = AanvraagQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-ingediend_op", "-pk"]
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")
        indexes = [
            models.Index(fields=["ingediend_op"]),
            models.Index(fields=["status"]),
            # the committee's latest decisions per route, newest first (docs/PERFORMANCE.md)
            models.Index(
                fields=["besluit_route", "besloten_op", "id"], name="aanvraag_besluit_idx"
            ),
            # the report's funders' table sums the grants per year from the index alone (an
            # index-only scan instead of every application's row: docs/PERFORMANCE.md)
            models.Index(
                fields=["besloten_op"],
                include=["toegekend_bedrag"],
                name="aanvraag_toegekend_idx",
                condition=models.Q(
                    status__in=[AanvraagStatus.TOEGEKEND, AanvraagStatus.UITBETAALD],
                    toegekend_bedrag__isnull=False,
                ),
            ),
            # the report's provisions table reads only the refused or too slow provisions: a few
            # rows, not a scan of every application (docs/PERFORMANCE.md)
            models.Index(
                fields=["voorziening_resultaat", "ingediend_op"],
                name="aanvraag_voorziening_idx",
                condition=models.Q(
                    voorziening_resultaat__in=[
                        VoorzieningResultaat.AFGEWEZEN,
                        VoorzieningResultaat.TE_TRAAG,
                    ]
                ),
            ),
        ]
        constraints = [
            max_length_constraint("aanvraag", "motivatie", MOTIVATIE),
            max_length_constraint("aanvraag", "besluit_toelichting", NOTITIE),
            max_length_constraint("aanvraag", "informatievraag", NOTITIE),
            max_length_constraint("aanvraag", "informatieantwoord", OMSCHRIJVING),
        ]

    def __str__(self):
        return self.referentie

    def get_absolute_url(self):
        return reverse("noodfonds:aanvraag_detail", args=[self.uuid])


class Beoordeling(models.Model):
    """One committee member's vote. Two agreeing votes decide (four eyes)."""

    aanvraag = models.ForeignKey(Aanvraag, on_delete=models.CASCADE, related_name="beoordelingen")
    lid = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    stem = models.CharField(_("oordeel"), max_length=20, choices=Stem.choices)
    bedrag = models.DecimalField(_("bedrag"), max_digits=9, decimal_places=2, null=True, blank=True)
    motivering = models.TextField(_("motivering"), max_length=OMSCHRIJVING)
    datum = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["datum", "pk"]
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")
        constraints = [
            models.UniqueConstraint(fields=["aanvraag", "lid"], name="een_beoordeling_per_lid"),
            max_length_constraint("beoordeling", "motivering", OMSCHRIJVING),
        ]

    def __str__(self):
        return f"{self.aanvraag} {self.get_stem_display()}"


class Overgang(models.Model):
    """One logged action on an application: who did what, when, from which status to which."""

    aanvraag = models.ForeignKey(Aanvraag, on_delete=models.CASCADE, related_name="overgangen")
    actie = models.CharField(_("actie"), max_length=20, choices=Actie.choices)
    van = models.CharField(_("van"), max_length=20, choices=AanvraagStatus.choices, blank=True)
    naar = models.CharField(_("naar"), max_length=20, choices=AanvraagStatus.choices)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    op = models.DateTimeField(_("op"), default=timezone.now)
    bedrag = models.DecimalField(_("bedrag"), max_digits=9, decimal_places=2, null=True, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True, max_length=OMSCHRIJVING)

    class Meta:
        ordering = ["op", "pk"]
        verbose_name = _("statusovergang")
        verbose_name_plural = _("statusovergangen")
        constraints = [max_length_constraint("overgang", "toelichting", OMSCHRIJVING)]

    def __str__(self):
        return f"{self.aanvraag} {self.get_actie_display()}"


def bijlage_opslagnaam(instance, filename):
    """A random storage name; the user's file name is kept only in `naam`."""
    return f"noodfonds/bijlagen/{uuid.uuid4().hex}{instance.extensie}"


class Bijlage(models.Model):
    """A quote or invoice. Served only through a permission-checked view, never by URL."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    aanvraag = models.ForeignKey(Aanvraag, on_delete=models.CASCADE, related_name="bijlagen")
    soort = models.CharField(
        _("soort"), max_length=20, choices=BijlageSoort.choices, default=BijlageSoort.OFFERTE
    )
    bestand = models.FileField(_("bestand"), upload_to=bijlage_opslagnaam, max_length=200)
    naam = models.CharField(_("oorspronkelijke naam"), max_length=200)
    content_type = models.CharField(max_length=50)
    grootte = models.PositiveIntegerField(_("grootte (bytes)"))
    geupload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    geupload_op = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["geupload_op", "pk"]
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self):
        return self.naam

    @property
    def extensie(self):
        return EXTENSIES.get(self.content_type, "")


EXTENSIES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


class Fondsbudget(models.Model):
    """The single row every grant locks (select_for_update), so grants are serialised and the
    balance can never go below zero, also when two decisions land at the same moment."""

    naam = models.CharField(_("naam"), max_length=100, default="Noodfonds Oost")

    class Meta:
        verbose_name = _("fondsbudget")
        verbose_name_plural = _("fondsbudgetten")

    def __str__(self):
        return self.naam


class Storting(models.Model):
    """A deposit into the fund by a funder."""

    datum = models.DateField(_("datum"))
    bedrag = models.DecimalField(_("bedrag"), max_digits=9, decimal_places=2)
    fondsgever = models.CharField(_("fondsgever"), max_length=200)
    omschrijving = models.CharField(_("omschrijving"), max_length=300, blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-datum", "-pk"]
        verbose_name = _("storting")
        verbose_name_plural = _("stortingen")

    def __str__(self):
        return f"{self.fondsgever} {self.datum}"


# --- paying the creditor and the decision letter (issue 21) ---------------------------------

SEPA_NAAM = 70  # the SEPA name field holds 70 characters
SEPA_KENMERK = 140  # the unstructured remittance information holds 140


class BetaalbatchQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Payment batches hold creditors' bank accounts: the coordinator only."""
        return self if is_coordinator(user) else self.none()


class Betaalbatch(models.Model):
    """Granted applications paid together by one SEPA credit transfer file. Open while it is
    being filled; frozen from its first download (the file is stored then and every later
    download gives the same file); paid when the coordinator confirms the bank carried it out."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nummer = models.PositiveIntegerField(_("nummer"), unique=True)
    uitvoerdatum = models.DateField(_("gewenste uitvoerdatum"))
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    bericht_id = models.CharField(_("berichtkenmerk"), max_length=35, blank=True)
    bestand = models.TextField(_("SEPA-bestand"), blank=True)
    gedownload_op = models.DateTimeField(_("eerste download"), null=True, blank=True)
    gedownload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    downloads = models.PositiveIntegerField(_("aantal downloads"), default=0)
    betaald_op = models.DateField(_("betaald op"), null=True, blank=True)
    betaald_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = BetaalbatchQuerySet.as_manager()

    class Meta:
        ordering = ["-nummer"]
        verbose_name = _("betaalbatch")
        verbose_name_plural = _("betaalbatches")

    def __str__(self):
        return f"B-{self.nummer:04d}"

    def get_absolute_url(self):
        return reverse("noodfonds:batch_detail", args=[self.uuid])

    @property
    def is_bevroren(self):
        return self.gedownload_op is not None


class Crediteur(models.Model):
    """Whom the fund pays for a granted application (the landlord, the energy company): name,
    IBAN and the payment reference the creditor asked for (their invoice number). Casework and
    the coordinator see it; the committee never does."""

    aanvraag = models.OneToOneField(Aanvraag, on_delete=models.CASCADE, related_name="crediteur")
    naam = models.CharField(_("naam crediteur"), max_length=SEPA_NAAM)
    iban = models.CharField(_("IBAN"), max_length=34)
    kenmerk = models.CharField(_("betalingskenmerk"), max_length=SEPA_KENMERK, blank=True)
    batch = models.ForeignKey(
        Betaalbatch,
        verbose_name=_("betaalbatch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="betalingen",
    )
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["aanvraag__referentie"]
        verbose_name = _("crediteur")
        verbose_name_plural = _("crediteuren")

    def __str__(self):
        return self.naam

    @property
    def iban_leesbaar(self):
        """The IBAN in groups of four, as on a bank card."""
        return " ".join(self.iban[i : i + 4] for i in range(0, len(self.iban), 4))


def brief_opslagnaam(instance, filename):
    return f"noodfonds/brieven/{uuid.uuid4().hex}.pdf"


class Besluitbrief(models.Model):
    """The decision letter (PDF) as it was handed over; a new one is made when the decision or
    the payment changed, the older ones stay."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    aanvraag = models.ForeignKey(Aanvraag, on_delete=models.CASCADE, related_name="brieven")
    bestand = models.FileField(_("bestand"), upload_to=brief_opslagnaam, max_length=200)
    status = models.CharField(
        _("status bij het maken"), max_length=20, choices=AanvraagStatus.choices
    )
    gemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    gemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-gemaakt_op", "-pk"]
        verbose_name = _("besluitbrief")
        verbose_name_plural = _("besluitbrieven")

    def __str__(self):
        return f"{self.aanvraag} {self.gemaakt_op:%Y-%m-%d}"

    @property
    def bestandsnaam(self):
        return f"besluit-{self.aanvraag.referentie}-{self.pk}.pdf"


# --- issue 21: the papers checklist, loans and their repayments ---------------------------------


class ChecklistItem(models.Model):
    """One paper of an application's checklist: its state, by whom and when it was set. No
    document: "identiteit gezien" is the trusted person's attestation. No row: not filled in."""

    aanvraag = models.ForeignKey(Aanvraag, on_delete=models.CASCADE, related_name="checklist")
    soort = models.CharField(_("stuk"), max_length=20, choices=ChecklistSoort.choices)
    status = models.CharField(_("status"), max_length=20, choices=ChecklistStatus.choices)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    op = models.DateTimeField(_("op"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["aanvraag", "soort"]
        verbose_name = _("checklistpunt")
        verbose_name_plural = _("checklist")
        constraints = [
            models.UniqueConstraint(fields=["aanvraag", "soort"], name="een_checklistpunt_per_stuk")
        ]

    def __str__(self):
        return f"{self.aanvraag} {self.get_soort_display()}: {self.get_status_display()}"


class Lening(models.Model):
    """A grant given as an interest-free loan (no row: a gift). Repaid by `per_maand` a month
    from `eerste_maand` (the first of a month); the last month pays the remainder. A remitted
    loan (kwijtgescholden) keeps what was repaid; the rest is no longer owed."""

    aanvraag = models.OneToOneField(Aanvraag, on_delete=models.CASCADE, related_name="lening")
    bedrag = models.DecimalField(_("geleend bedrag"), max_digits=9, decimal_places=2)
    per_maand = models.DecimalField(_("aflossing per maand"), max_digits=9, decimal_places=2)
    eerste_maand = models.DateField(_("eerste maand van aflossen"))
    kwijtgescholden_op = models.DateField(_("kwijtgescholden op"), null=True, blank=True)
    kwijtgescholden_bedrag = models.DecimalField(
        _("kwijtgescholden bedrag"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    kwijtschelding_reden = models.TextField(
        _("reden kwijtschelding"), blank=True, max_length=NOTITIE
    )
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["eerste_maand", "pk"]
        verbose_name = _("lening")
        verbose_name_plural = _("leningen")
        constraints = [
            max_length_constraint("lening", "kwijtschelding_reden", NOTITIE),
            models.CheckConstraint(condition=models.Q(bedrag__gt=0), name="lening_bedrag_positief"),
            models.CheckConstraint(
                condition=models.Q(per_maand__gt=0), name="lening_per_maand_positief"
            ),
        ]

    def __str__(self):
        return f"{self.aanvraag} {self.bedrag}"


class Aflossing(models.Model):
    """A repayment of a loan: booked in the ledger, it raises the fund's balance."""

    lening = models.ForeignKey(Lening, on_delete=models.CASCADE, related_name="aflossingen")
    datum = models.DateField(_("datum"))
    bedrag = models.DecimalField(_("bedrag"), max_digits=9, decimal_places=2)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["datum", "pk"]
        verbose_name = _("aflossing")
        verbose_name_plural = _("aflossingen")
        constraints = [
            models.CheckConstraint(condition=models.Q(bedrag__gt=0), name="aflossing_positief")
        ]

    def __str__(self):
        return f"{self.lening.aanvraag} {self.datum} {self.bedrag}"
