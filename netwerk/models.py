import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from netwerk.roles import Rol, has_role, organisatie_id_of, vertrouwenspersoon_id_of
from samenvooruit.grenzen import NOTITIE, OMSCHRIJVING, max_length_constraint
from samenvooruit.versie import versie_veld

# The largest target of a pilot and the most hours a volunteer gives a week (services.validate_*).
MAX_TAAKSTELLING = 10_000
MAX_UREN_PER_WEEK = 60


class Pilot(models.Model):
    naam = models.CharField(_("naam"), max_length=100, unique=True)
    startdatum = models.DateField(_("startdatum"))
    einddatum = models.DateField(_("einddatum"))
    taakstelling = models.PositiveIntegerField(_("taakstelling (hulpvragen)"), default=40)

    class Meta:
        # Moved here from casework without moving its data (a state-only migration): the table
        # keeps its first name.
        db_table = "hulpvragen_pilot"
        ordering = ["startdatum", "naam"]
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(taakstelling__lte=MAX_TAAKSTELLING),
                name="pilot_taakstelling_max",
            )
        ]

    def __str__(self):
        return self.naam


class Thema(models.Model):
    """A theme of help (schulden, woning, taal, ...): what a help request is about and what an
    organisation on the social map helps with. Moved here from casework, like the pilot, so the
    social map below casework can carry it; the table keeps its first name."""

    naam = models.CharField(_("naam"), max_length=100, unique=True)
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "hulpvragen_thema"
        ordering = ["volgorde", "naam"]
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")

    def __str__(self):
        return self.naam


class OrganisatieSoort(models.TextChoices):
    BEWONERSINITIATIEF = "bewonersinitiatief", _("Bewonersinitiatief")
    VRIJWILLIGERSORGANISATIE = "vrijwilligersorganisatie", _("Vrijwilligersorganisatie")
    GEMEENTE = "gemeente", _("Gemeente (WPI)")
    BUURTTEAM = "buurtteam", _("Buurtteam")
    MAATSCHAPPELIJKE_DIENSTVERLENING = "maatschappelijk", _("Maatschappelijke dienstverlening")
    SCHULDHULP = "schuldhulp", _("Schuldhulpverlening")
    ONDERWIJS = "onderwijs", _("Onderwijs / opleider")
    WONEN = "wonen", _("Wonen / corporatie")
    ANDERS = "anders", _("Anders")

    @classmethod
    def informeel(cls):
        return [cls.BEWONERSINITIATIEF, cls.VRIJWILLIGERSORGANISATIE]


class RolVangnet(models.TextChoices):
    PREVENTIEF = "preventief", _("Preventief")
    ONDERSTEUNEND = "ondersteunend", _("Ondersteunend")
    CURATIEF = "curatief", _("Curatief")


class OrganisatieQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The social map: every logged-in role reads it; only coordinators see inactive ones."""
        if not user.is_authenticated:
            return self.none()
        if has_role(user, Rol.COORDINATOR):
            return self
        return self.filter(actief=True)


class Organisatie(models.Model):
    naam = models.CharField(_("naam"), max_length=200, unique=True)
    soort = models.CharField(_("soort"), max_length=30, choices=OrganisatieSoort.choices)
    partner = models.BooleanField(_("partner in Samen Vooruit"), default=False)
    rol_vangnet = models.CharField(
        _("rol in het vangnet"), max_length=20, choices=RolVangnet.choices, blank=True
    )
    contactpersoon = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    adres = models.CharField(_("adres"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    aanbod = models.TextField(_("wat zij bieden"), blank=True, max_length=OMSCHRIJVING)
    themas = models.ManyToManyField(
        Thema, verbose_name=_("helpt bij thema's"), blank=True, related_name="organisaties"
    )
    talen = models.CharField(
        _("talen"), max_length=200, blank=True, help_text=_("Bijvoorbeeld: Nederlands, Arabisch")
    )
    openingstijden = models.TextField(_("openingstijden"), blank=True, max_length=NOTITIE)
    # The searchable words (name, offer, languages, address, themes) stemmed by the Dutch
    # Snowball stemmer, kept by the network's services (netwerk.zoeken): SQLite has no Dutch
    # full-text search, PostgreSQL searches with its own 'dutch' configuration instead.
    zoektekst = models.TextField(blank=True, editable=False)
    actief = models.BooleanField(_("actief"), default=True)
    # The report filtered by this organisation (or an organisation coordinator's own report)
    # sets its help requests against this target, never against the pilots' (the network's).
    taakstelling = models.PositiveIntegerField(
        _("taakstelling (hulpvragen per pilot)"),
        null=True,
        blank=True,
        help_text=_(
            "Het aantal hulpvragen per pilot dat deze organisatie wil bereiken. Leeg: geen eigen "
            "taakstelling; de rapportage van deze organisatie toont dan geen taakstelling."
        ),
    )
    versie = versie_veld()  # optimistic locking (samenvooruit.versie)

    objects = OrganisatieQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["zoektekst"])

    class Meta:
        ordering = ["naam"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        constraints = [
            max_length_constraint("organisatie", "aanbod", OMSCHRIJVING),
            max_length_constraint("organisatie", "openingstijden", NOTITIE),
            models.CheckConstraint(
                condition=models.Q(taakstelling__lte=MAX_TAAKSTELLING),
                name="organisatie_taakstelling_max",
            ),
        ]

    def __str__(self):
        return self.naam

    def get_absolute_url(self):
        return reverse("netwerk:organisatie_detail", args=[self.pk])

    @property
    def is_informeel(self):
        return self.soort in OrganisatieSoort.informeel()


class VertrouwenspersoonStatus(models.TextChoices):
    IN_OPLEIDING = "in_opleiding", _("In opleiding")
    ACTIEF = "actief", _("Actief")
    GESTOPT = "gestopt", _("Gestopt")


# The recorded exemption of trusted persons who worked before the onboarding rule, and of those
# the workbook import, the demo and the benchmark create (issue 22 §3).
VRIJSTELLING_BESTAAND = "bestaand"


class VertrouwenspersoonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Coordinators all; organisation coordinators their organisation's; a trusted person self."""
        if has_role(user, Rol.COORDINATOR):
            return self
        scope = models.Q(pk__in=[])
        if has_role(user, Rol.ORGCOORDINATOR) and organisatie_id_of(user):
            scope |= models.Q(organisatie_id=organisatie_id_of(user))
        if has_role(user, Rol.VERTROUWENSPERSOON) and vertrouwenspersoon_id_of(user):
            scope |= models.Q(pk=vertrouwenspersoon_id_of(user))
        return self.filter(scope)

    def editable_by(self, user):
        """Who may change the record: coordinators and the own organisation's coordinator."""
        if has_role(user, Rol.COORDINATOR):
            return self
        if has_role(user, Rol.ORGCOORDINATOR) and organisatie_id_of(user):
            return self.filter(organisatie_id=organisatie_id_of(user))
        return self.none()


class Vertrouwenspersoon(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The trusted person's own number, typed on forms and said on the phone: stable, never the
    # database key; the next one is given by `services.ken_nummers_toe` (unique: race-safe).
    nummer = models.PositiveIntegerField(_("nummer"), unique=True, editable=False)
    naam = models.CharField(_("naam"), max_length=200)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vertrouwenspersoon",
    )
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("partnerorganisatie"),
        on_delete=models.PROTECT,
        related_name="vertrouwenspersonen",
    )
    startdatum = models.DateField(_("startdatum"), null=True, blank=True)
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VertrouwenspersoonStatus.choices,
        default=VertrouwenspersoonStatus.IN_OPLEIDING,
    )
    uren_per_week = models.PositiveSmallIntegerField(_("uren per week"), null=True, blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=30, blank=True)
    # --- onboarding before the first household (issue 22 §3; the rule: services.check_inzetbaar)
    vog_datum = models.DateField(_("datum VOG"), null=True, blank=True)
    geheimhouding_datum = models.DateField(
        _("geheimhoudingsverklaring getekend op"), null=True, blank=True
    )
    # written by the training's completion (opleiding.services.confirm_certificaat), through
    # services.registreer_opleiding_afgerond: the casework below the training reads it here
    opleiding_afgerond_op = models.DateField(_("opleiding afgerond op"), null=True, blank=True)
    # An exemption from the onboarding requirements, given by a coordinator with a reason;
    # trusted persons of before the rule, and those the workbook, the demo and the benchmark
    # create, carry the reason VRIJSTELLING_BESTAAND.
    vrijstelling_reden = models.CharField(_("reden vrijstelling"), max_length=200, blank=True)
    vrijstelling_datum = models.DateField(_("datum vrijstelling"), null=True, blank=True)
    vrijstelling_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vrijstelling gegeven door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    versie = versie_veld()

    objects = VertrouwenspersoonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["naam"]
        verbose_name = _("vertrouwenspersoon")
        verbose_name_plural = _("vertrouwenspersonen")
        # lists and the caseload are ordered by name (a city-wide network has thousands)
        indexes = [
            models.Index(fields=["naam", "id"], name="vertrouwenspersoon_naam_idx"),
            # who stopped (`hulpvragen.selectors.is_gestopt`), for the coordinators' start page:
            # a few among thousands, found without reading them all (docs/PERFORMANCE.md)
            models.Index(
                fields=["naam", "id"],
                name="vertrouwenspersoon_gestopt_idx",
                condition=models.Q(status=VertrouwenspersoonStatus.GESTOPT)
                | models.Q(einddatum__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(uren_per_week__lte=MAX_UREN_PER_WEEK),
                name="vertrouwenspersoon_uren_per_week_max",
            )
        ]

    def __str__(self):
        return self.naam

    def get_absolute_url(self):
        return reverse("netwerk:vertrouwenspersoon_detail", args=[self.uuid])


class Profiel(models.Model):
    """The organisation a login belongs to (roles are groups)."""

    # Login pages address users by this uuid, never by their id.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profiel"
    )
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="profielen",
    )

    class Meta:
        verbose_name = _("profiel")
        verbose_name_plural = _("profielen")

    def __str__(self):
        return str(self.user)


class ToegangslogActie(models.TextChoices):
    BEKEKEN = "bekeken", _("bekeken")
    GEDOWNLOAD = "gedownload", _("gedownload")
    GEWEIGERD = "geweigerd", _("geweigerd")
    GEANONIMISEERD = "geanonimiseerd", _("geanonimiseerd")
    MOGELIJK_DUBBEL = "mogelijk_dubbel", _("mogelijk dubbel gemeld")
    SAMENGEVOEGD = "samengevoegd", _("samengevoegd")


class ToegangslogResultaat(models.TextChoices):
    TOEGESTAAN = "toegestaan", _("toegestaan")
    GEWEIGERD = "geweigerd", _("geweigerd (404)")
    MISLUKT = "mislukt", _("mislukt")


class AppendOnlyError(Exception):
    """The access log is written once; nothing in the app may change or remove an entry."""


class ToegangslogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Het toegangslog kan niet worden gewijzigd.")

    def delete(self):
        raise AppendOnlyError("Het toegangslog kan niet worden verwijderd.")


class Toegangslog(models.Model):
    """One access to personal data: who, when, which view, which record, what happened.

    Records are named by model label and pseudonymous reference (uuid or referentie), never
    by a person's name. Written through `netwerk.toegangslog.log_access`."""

    tijdstip = models.DateTimeField(_("tijdstip"), default=timezone.now, editable=False)
    # The username is kept as text, so the entry still says who it was after a login is removed.
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    gebruikersnaam = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    actie = models.CharField(_("actie"), max_length=20, choices=ToegangslogActie.choices)
    resultaat = models.CharField(
        _("resultaat"),
        max_length=20,
        choices=ToegangslogResultaat.choices,
        default=ToegangslogResultaat.TOEGESTAAN,
    )
    view = models.CharField(_("pagina"), max_length=200, blank=True)
    pad = models.CharField(_("adres"), max_length=500, blank=True)
    object_type = models.CharField(_("soort gegeven"), max_length=100, blank=True)
    object_id = models.CharField(_("id"), max_length=64, blank=True)
    object_ref = models.CharField(_("referentie"), max_length=64, blank=True)
    omschrijving = models.CharField(_("omschrijving"), max_length=200, blank=True)

    objects = ToegangslogQuerySet.as_manager()

    class Meta:
        ordering = ["-tijdstip", "-pk"]
        verbose_name = _("toegangslog")
        verbose_name_plural = _("toegangslog")
        indexes = [
            models.Index(fields=["-tijdstip"]),
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["object_ref"]),
            models.Index(fields=["gebruikersnaam", "-tijdstip"]),
        ]

    def __str__(self):
        return (
            f"{self.tijdstip:%Y-%m-%d %H:%M} {self.gebruikersnaam} {self.actie} {self.object_ref}"
        )

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Het toegangslog kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Het toegangslog kan niet worden verwijderd.")
