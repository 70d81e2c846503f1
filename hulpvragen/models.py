import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Replace, Right
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hulpvragen.choices import (
    Binnenkomst,
    ContactSoort,
    DoorverwijzingSoort,
    Geslacht,
    Inkomsten,
    JaNeeOnbekend,
    Samenstelling,
    SignaalBron,
    SignaalStatus,
    Soort,
    Status,
    Terugkerend,
    ToestemmingScope,
    UitkomstCategorie,
    Voorziening,
    Woonplaats,
)
from netwerk.models import Organisatie, Pilot, Thema, Vertrouwenspersoon
from netwerk.permissions import casework_scope, filter_casework
from samenvooruit.grenzen import (
    NOTITIE,
    OMSCHRIJVING,
    VROEGSTE_DATUM,
    max_length_constraint,
)
from samenvooruit.querysets import PagedInTwoSteps
from samenvooruit.versie import versie_veld

# Numbers a household, person or contact can plausibly have (services.validate_*).
MAX_KINDEREN = 20
MIN_GEBOORTEJAAR = 1900
MAX_CONTACT_MINUTEN = 24 * 60


class HuishoudenQuerySet(models.QuerySet):
    def visible_to(self, user):
        return filter_casework(
            self, user, organisatie="organisatie_id", vertrouwenspersoon="vertrouwenspersoon_id"
        )


class Huishouden(models.Model):
    referentie = models.CharField(_("referentie"), max_length=20, unique=True)
    woonplaats = models.CharField(_("woonplaats"), max_length=20, choices=Woonplaats.choices)
    adres = models.CharField(_("adres"), max_length=300, blank=True)
    # as "1234 AB" (services.normaliseer_postcode); the duplicate check compares it
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    samenstelling = models.CharField(
        _("samenstelling"),
        max_length=20,
        choices=Samenstelling.choices,
        default=Samenstelling.ONBEKEND,
    )
    aantal_kinderen = models.PositiveSmallIntegerField(_("aantal kinderen"), default=0)
    inkomsten = models.CharField(
        _("inkomsten"), max_length=20, choices=Inkomsten.choices, default=Inkomsten.ONBEKEND
    )
    contact_formeel = models.CharField(
        _("contact met formele instanties"),
        max_length=10,
        choices=JaNeeOnbekend.choices,
        default=JaNeeOnbekend.ONBEKEND,
    )
    binnenkomst = models.CharField(
        _("hoe binnengekomen"), max_length=20, choices=Binnenkomst.choices, default=Binnenkomst.ZELF
    )
    doorverwezen_door = models.ForeignKey(
        Organisatie,
        verbose_name=_("doorverwezen door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    vertrouwenspersoon = models.ForeignKey(
        Vertrouwenspersoon,
        verbose_name=_("vertrouwenspersoon"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="huishoudens",
    )
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("partnerorganisatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="huishoudens",
    )
    notitie = models.TextField(_("notitie"), blank=True, max_length=NOTITIE)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    geanonimiseerd_op = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)
    versie = versie_veld()  # optimistic locking (samenvooruit.versie)

    objects = HuishoudenQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["referentie"]
        verbose_name = _("huishouden")
        verbose_name_plural = _("huishoudens")
        indexes = [
            models.Index(fields=["organisatie", "referentie"]),
            models.Index(fields=["vertrouwenspersoon", "referentie"]),
            models.Index(
                fields=["postcode"], condition=~Q(postcode=""), name="huishouden_postcode_idx"
            ),
        ]
        constraints = [
            max_length_constraint("huishouden", "notitie", NOTITIE),
            models.CheckConstraint(
                condition=models.Q(aantal_kinderen__lte=MAX_KINDEREN),
                name="huishouden_aantal_kinderen_max",
            ),
        ]

    def __str__(self):
        return self.referentie

    def get_absolute_url(self):
        return reverse("hulpvragen:huishouden_detail", args=[self.referentie])


class OudeReferentie(models.Model):
    """The reference of a household that was merged into another (samenvoegen): its page leads to
    the kept household, and the reference is never given out again. `huishouden_id_oud` names the
    removed household in the change history, which keeps its rows."""

    referentie = models.CharField(_("referentie"), max_length=20, unique=True)
    huishouden = models.ForeignKey(
        Huishouden, on_delete=models.CASCADE, related_name="oude_referenties"
    )
    huishouden_id_oud = models.PositiveBigIntegerField()
    samengevoegd_op = models.DateTimeField(_("samengevoegd op"), default=timezone.now)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["samengevoegd_op", "pk"]
        verbose_name = _("oude referentie")
        verbose_name_plural = _("oude referenties")

    def __str__(self):
        return f"{self.referentie} → {self.huishouden_id}"


class Toestemming(models.Model):
    """Consent per household: for registration, or to share data with a named organisation."""

    huishouden = models.ForeignKey(
        Huishouden, on_delete=models.CASCADE, related_name="toestemmingen"
    )
    datum = models.DateField(_("datum"))
    scope = models.CharField(_("reikwijdte"), max_length=20, choices=ToestemmingScope.choices)
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("delen met"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ingetrokken_op = models.DateField(_("ingetrokken op"), null=True, blank=True)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["datum", "pk"]
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(datum__gte=VROEGSTE_DATUM), name="toestemming_datum_vanaf_2000"
            )
        ]

    def __str__(self):
        return f"{self.get_scope_display()} {self.datum}"


class HulpvragerQuerySet(models.QuerySet):
    def visible_to(self, user):
        return filter_casework(
            self,
            user,
            organisatie="huishouden__organisatie_id",
            vertrouwenspersoon="huishouden__vertrouwenspersoon_id",
        )


# A phone number's last nine digits once the usual separators are gone: 06-12345678,
# +31 6 12345678 and 0031612345678 all give 612345678. The duplicate check compares it, by the
# index below (the same expression, on every database).
TELEFOON_SCHEIDERS = (" ", "-", ".", "(", ")", "/", "+")
TELEFOON_CIJFERS = 9


def telefoon_sleutel_expressie():
    expressie = models.F("telefoon")
    for teken in TELEFOON_SCHEIDERS:
        expressie = Replace(expressie, Value(teken), Value(""))
    return Right(expressie, TELEFOON_CIJFERS)


class Hulpvrager(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    huishouden = models.ForeignKey(Huishouden, on_delete=models.CASCADE, related_name="personen")
    naam = models.CharField(_("naam"), max_length=200, blank=True)
    geslacht = models.CharField(
        _("geslacht"), max_length=10, choices=Geslacht.choices, default=Geslacht.ONBEKEND
    )
    geboortejaar = models.PositiveSmallIntegerField(_("geboortejaar"), null=True, blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=30, blank=True)
    taal = models.CharField(_("voorkeurstaal"), max_length=50, blank=True)
    is_hoofdpersoon = models.BooleanField(_("hoofdpersoon"), default=False)
    versie = versie_veld()

    objects = HulpvragerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_hoofdpersoon", "pk"]
        verbose_name = _("hulpvrager")
        verbose_name_plural = _("hulpvragers")
        indexes = [models.Index(telefoon_sleutel_expressie(), name="hulpvrager_telefoon_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(geboortejaar__gte=MIN_GEBOORTEJAAR),
                name="hulpvrager_geboortejaar_vanaf_1900",
            )
        ]

    def __str__(self):
        return self.naam or str(_("(zonder naam)"))


class HulpvraagQuerySet(PagedInTwoSteps):
    def visible_to(self, user):
        return filter_casework(
            self,
            user,
            organisatie="huishouden__organisatie_id",
            vertrouwenspersoon="huishouden__vertrouwenspersoon_id",
        )


# the report's copies on the help request (hulpvragen.rapportvelden)
RAPPORT_VELDEN = ["rapport_geslacht", "rapport_leeftijd", "rapport_eerste_doorverwijzing"]


class Hulpvraag(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    huishouden = models.ForeignKey(Huishouden, on_delete=models.CASCADE, related_name="hulpvragen")
    hulpvrager = models.ForeignKey(Hulpvrager, on_delete=models.PROTECT, related_name="hulpvragen")
    pilot = models.ForeignKey(
        Pilot,
        verbose_name=_("pilot"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hulpvragen",
    )
    intake_datum = models.DateField(_("datum aanmelding"))
    omschrijving = models.TextField(_("omschrijving"), blank=True, max_length=OMSCHRIJVING)
    soort = models.CharField(_("soort vraag"), max_length=20, choices=Soort.choices)
    terugkerend = models.CharField(
        _("terugkerend of eenmalig"),
        max_length=20,
        choices=Terugkerend.choices,
        blank=True,
        help_text=_("Leeg = niet geregistreerd."),
    )
    themas = models.ManyToManyField(Thema, verbose_name=_("thema's"), blank=True)
    # Current status; the dated history lives in StatusWijziging and is what reports read.
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOG_IN_BEHANDELING
    )
    datum_afgerond = models.DateField(_("datum afgerond"), null=True, blank=True)
    uitkomst = models.TextField(_("uitkomst"), blank=True, max_length=NOTITIE)
    # Of the latest closing (the dated one is on its StatusWijziging, which reports read); written
    # by services.change_status only, like `status`.
    uitkomst_categorie = models.CharField(
        _("soort uitkomst"),
        max_length=20,
        choices=UitkomstCategorie.choices,
        blank=True,
        help_text=_("Leeg = niet vastgelegd (afgerond voordat deze keuze bestond)."),
    )
    vertrouwenspersoon = models.ForeignKey(
        Vertrouwenspersoon,
        verbose_name=_("vertrouwenspersoon"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hulpvragen",
    )
    nazorg_datum = models.DateField(_("opvolgdatum"), null=True, blank=True)
    # The date of the latest contact moment, kept by the contact services (log_contact,
    # update_contact, delete_contact; recompute_laatste_contact after bulk writes): the flags of
    # "keeping people in view" compare columns instead of looking up contacts per help request
    # (docs/PERFORMANCE.md). Other saves leave it alone (services.save_hulpvraag).
    laatste_contact = models.DateField(_("laatste contact"), null=True, blank=True, editable=False)
    # What the quarterly report counts of a help request but finds in other tables, copied here
    # by database triggers (hulpvragen.rapportvelden): the report's pass then reads this table
    # alone. Nothing in Python writes them.
    rapport_geslacht = models.CharField(max_length=10, blank=True, default="", editable=False)
    rapport_leeftijd = models.SmallIntegerField(null=True, blank=True, editable=False)
    rapport_eerste_doorverwijzing = models.DateField(null=True, blank=True, editable=False)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    versie = versie_veld()

    objects = HulpvraagQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["laatste_contact", *RAPPORT_VELDEN])

    class Meta:
        ordering = ["-intake_datum", "-pk"]
        verbose_name = _("hulpvraag")
        verbose_name_plural = _("hulpvragen")
        indexes = [
            # covering (PostgreSQL): the trend's pass over two years of help requests reads
            # only the intake date, the pilot, the id and the earliest referral, from the index
            # alone (an index-only scan instead of a third of the table's pages:
            # docs/PERFORMANCE.md)
            models.Index(
                fields=["intake_datum"],
                include=["pilot", "id", "rapport_eerste_doorverwijzing"],
                name="hulpvraag_intake_idx",
            ),
            models.Index(fields=["pilot", "intake_datum"]),
            models.Index(fields=["status", "intake_datum"]),
            # the coordinator's overview: follow-up dates that have passed (docs/PERFORMANCE.md)
            models.Index(
                fields=["nazorg_datum"],
                condition=models.Q(nazorg_datum__isnull=False),
                name="hulpvraag_nazorg_idx",
            ),
            # the flags' counts and the stalled list read only the help requests that can raise a
            # flag (open, or with a follow-up date), and only these columns: an index-only scan
            # instead of visiting a heap page for each of them (docs/PERFORMANCE.md)
            models.Index(
                fields=["status", "nazorg_datum", "laatste_contact", "intake_datum", "id"],
                condition=models.Q(status__in=[s for s in Status.values if s != Status.AFGEROND])
                | models.Q(nazorg_datum__isnull=False),
                name="hulpvraag_signalering_idx",
            ),
        ]
        constraints = [
            max_length_constraint("hulpvraag", "omschrijving", OMSCHRIJVING),
            max_length_constraint("hulpvraag", "uitkomst", NOTITIE),
            models.CheckConstraint(
                condition=models.Q(intake_datum__gte=VROEGSTE_DATUM),
                name="hulpvraag_intake_datum_vanaf_2000",
            ),
        ]

    def __str__(self):
        return f"{self.huishouden.referentie} {self.intake_datum:%d-%m-%Y}"

    def get_absolute_url(self):
        return reverse("hulpvragen:hulpvraag_detail", args=[self.uuid])

    @property
    def is_afgerond(self):
        return self.status == Status.AFGEROND


class StatusWijziging(models.Model):
    """One dated status change. The status on a date is the latest change on or before it."""

    hulpvraag = models.ForeignKey(
        Hulpvraag, on_delete=models.CASCADE, related_name="statushistorie"
    )
    van = models.CharField(_("van"), max_length=20, choices=Status.choices, blank=True)
    naar = models.CharField(_("naar"), max_length=20, choices=Status.choices)
    datum = models.DateField(_("datum"))
    # What the help brought, recorded with a change to afgerond ("" otherwise, and for closings
    # recorded before the category existed).
    uitkomst_categorie = models.CharField(
        _("soort uitkomst"), max_length=20, choices=UitkomstCategorie.choices, blank=True
    )
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notitie = models.TextField(_("notitie"), blank=True, max_length=NOTITIE)
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["datum", "pk"]
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        indexes = [
            models.Index(fields=["hulpvraag", "datum", "id"]),
            # the report asks whether anything changed after its peildatum (docs/PERFORMANCE.md)
            models.Index(fields=["datum"], name="statuswijziging_datum_idx"),
        ]
        constraints = [max_length_constraint("statuswijziging", "notitie", NOTITIE)]

    def __str__(self):
        return f"{self.datum}: {self.get_naar_display()}"


class DoorverwijzingQuerySet(models.QuerySet):
    def visible_to(self, user):
        return filter_casework(
            self,
            user,
            organisatie="hulpvraag__huishouden__organisatie_id",
            vertrouwenspersoon="hulpvraag__huishouden__vertrouwenspersoon_id",
        )


class Doorverwijzing(models.Model):
    """A referral to a formal agency; 'formal involvement' in reports means one exists."""

    hulpvraag = models.ForeignKey(
        Hulpvraag, on_delete=models.CASCADE, related_name="doorverwijzingen"
    )
    organisatie = models.ForeignKey(
        Organisatie, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="+"
    )
    datum = models.DateField(_("datum"))
    soort = models.CharField(_("soort"), max_length=20, choices=DoorverwijzingSoort.choices)
    uitkomst = models.TextField(_("uitkomst"), blank=True, max_length=NOTITIE)
    uitkomst_datum = models.DateField(_("datum uitkomst"), null=True, blank=True)
    notitie = models.TextField(_("notitie"), blank=True, max_length=NOTITIE)

    objects = DoorverwijzingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["datum", "pk"]
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")
        indexes = [
            # the flag "doorverwijzing zonder uitkomst" reads only the referrals still open
            models.Index(
                fields=["hulpvraag", "datum"],
                condition=models.Q(uitkomst_datum__isnull=True, uitkomst=""),
                name="doorverwijzing_open_idx",
            ),
            # the report's formal involvement per window reads the referrals dated in it
            # (rapportage.report.categories._formeel_counts): an index-only range scan
            models.Index(fields=["datum", "hulpvraag"], name="doorverwijzing_datum_idx"),
        ]
        constraints = [
            max_length_constraint("doorverwijzing", "uitkomst", NOTITIE),
            max_length_constraint("doorverwijzing", "notitie", NOTITIE),
        ]

    def __str__(self):
        return f"{self.organisatie} {self.datum}"


class ContactmomentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return filter_casework(
            self,
            user,
            organisatie="hulpvraag__huishouden__organisatie_id",
            vertrouwenspersoon="hulpvraag__huishouden__vertrouwenspersoon_id",
        )


class Contactmoment(models.Model):
    hulpvraag = models.ForeignKey(
        Hulpvraag, on_delete=models.CASCADE, related_name="contactmomenten"
    )
    datum = models.DateField(_("datum"))
    minuten = models.PositiveSmallIntegerField(_("minuten"), null=True, blank=True)
    soort = models.CharField(_("soort"), max_length=30, choices=ContactSoort.choices)
    notitie = models.CharField(_("korte notitie"), max_length=500, blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ContactmomentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-datum", "-pk"]
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        indexes = [models.Index(fields=["hulpvraag", "datum"])]
        constraints = [
            max_length_constraint("contactmoment", "notitie", 500),
            models.CheckConstraint(
                condition=models.Q(minuten__lte=MAX_CONTACT_MINUTEN),
                name="contactmoment_minuten_max",
            ),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} {self.datum}"


class SignaalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Signals are policy notes without personal data; casework roles see their own scope."""
        return filter_casework(
            self,
            user,
            organisatie="organisatie_id",
            vertrouwenspersoon="aangemaakt_door__vertrouwenspersoon",
        )


class Signaal(models.Model):
    datum = models.DateField(_("datum"))
    thema = models.ForeignKey(Thema, verbose_name=_("thema"), on_delete=models.PROTECT)
    tekst = models.TextField(_("signaal"), max_length=OMSCHRIJVING)
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    hulpvragen = models.ManyToManyField(Hulpvraag, verbose_name=_("hulpvragen"), blank=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The follow-up; every change with its note is a SignaalOpvolging (services.volg_signaal_op).
    status = models.CharField(
        _("status"), max_length=20, choices=SignaalStatus.choices, default=SignaalStatus.NIEUW
    )
    # a signal the fund made of a provision refused or too slow (noodfonds, issue 21): its
    # source and the provision, never the household
    bron = models.CharField(
        _("bron"), max_length=20, choices=SignaalBron.choices, default=SignaalBron.HANDMATIG
    )
    voorziening = models.CharField(
        _("voorliggende voorziening"), max_length=20, choices=Voorziening.choices, blank=True
    )

    objects = SignaalQuerySet.as_manager()

    class Meta:
        ordering = ["-datum", "-pk"]
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        constraints = [max_length_constraint("signaal", "tekst", OMSCHRIJVING)]

    def __str__(self):
        return f"{self.thema} {self.datum}"


class SignaalOpvolging(models.Model):
    """One step in a signal's follow-up: the status it went from and to, with a note."""

    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="opvolgingen")
    van = models.CharField(_("van"), max_length=20, choices=SignaalStatus.choices)
    naar = models.CharField(_("naar"), max_length=20, choices=SignaalStatus.choices)
    notitie = models.TextField(_("notitie"), max_length=NOTITIE)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    op = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        ordering = ["op", "pk"]
        verbose_name = _("opvolging van signaal")
        verbose_name_plural = _("opvolgingen van signalen")
        constraints = [max_length_constraint("signaalopvolging", "notitie", NOTITIE)]

    def __str__(self):
        return f"{self.get_van_display()} → {self.get_naar_display()}"


class OverdrachtQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Who may see a handover: coordinators all; an organisation coordinator those from or to
        their organisation; a trusted person those from or to themself."""
        scope = Q(pk__in=[])
        for kant in ("van", "naar"):
            kant_scope = casework_scope(
                user, organisatie=f"{kant}__organisatie_id", vertrouwenspersoon=f"{kant}_id"
            )
            if kant_scope is None:
                return self
            scope |= kant_scope
        return self.filter(scope)


class Overdracht(models.Model):
    """A handover: every household of one trusted person given to another in one step
    (services.draag_huishoudens_over). Kept so both can be told (the notices read it); each
    household's own change is in its history."""

    van = models.ForeignKey(
        Vertrouwenspersoon,
        verbose_name=_("van"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    naar = models.ForeignKey(
        Vertrouwenspersoon,
        verbose_name=_("naar"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    op = models.DateTimeField(_("op"), default=timezone.now)
    aantal_huishoudens = models.PositiveIntegerField(_("aantal huishoudens"))

    objects = OverdrachtQuerySet.as_manager()

    class Meta:
        ordering = ["-op", "-pk"]
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")

    def __str__(self):
        return f"{self.van} → {self.naar}"
