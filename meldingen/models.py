"""A notice for one user: a reminder or an event, shown in their inbox and linking to the record
it is about. A notice holds references and counts only, never a household's name, address, phone
number or description: it may outlive the recipient's right to see the record (the link is
checked again when it is opened, `meldingen.selectors.record_zichtbaar`). An e-mail about notices
shows their kind and reference only, never `tekst` (docs/PRIVACY.md, "E-mail")."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from hulpvragen.selectors import WEEKCIJFERS


class Soort(models.TextChoices):
    # to a trusted person
    NAZORG = "nazorg", _("Opvolgdatum")
    ZONDER_CONTACT = "zonder_contact", _("Lang geen contact")
    TOEGEWEZEN = "toegewezen", _("Huishouden aan u toegewezen")
    OVERDRACHT_ONTVANGEN = "overdracht_ontvangen", _("Huishoudens aan u overgedragen")
    OVERDRACHT_AFGESTAAN = "overdracht_afgestaan", _("Huishoudens van u overgedragen")
    VRAAG_COMMISSIE = "vraag_commissie", _("Vraag over uw aanvraag")
    AANVRAAG_TOEGEKEND = "aanvraag_toegekend", _("Aanvraag toegekend")
    AANVRAAG_AFGEWEZEN = "aanvraag_afgewezen", _("Aanvraag afgewezen")
    # to a committee member
    NIEUWE_AANVRAAG = "nieuwe_aanvraag", _("Nieuwe aanvraag")
    DERDE_OORDEEL = "derde_oordeel", _("Derde oordeel nodig")
    # to a coordinator or an organisation coordinator
    WEEKOVERZICHT = "weekoverzicht", _("Weekoverzicht")
    VASTGELOPEN = "vastgelopen", _("Commissie verdeeld, geen derde lid")
    AANVRAAG_WACHT = "aanvraag_wacht", _("Aanvraag wacht op de commissie")
    # to a trainer
    AANWEZIGHEID = "aanwezigheid", _("Aanwezigheidsnorm niet meer haalbaar")
    EEN_METING = "een_meting", _("1-meting nodig")
    # to a coordinator
    MOGELIJK_DUBBEL = "mogelijk_dubbel", _("Mogelijk dubbele registratie")
    LENING_ACHTERSTALLIG = "lening_achterstallig", _("Aflossing lening achterstallig")


class EmailKeuze(models.TextChoices):
    """How a user wants to hear of new notices by e-mail."""

    DIRECT = "direct", _("Direct: een e-mail bij nieuwe meldingen")
    DAGELIJKS = "dagelijks", _("Dagelijks overzicht: hooguit één e-mail per dag")
    GEEN = "geen", _("Geen e-mail: alleen in Samen Vooruit")


# Without a choice of their own a user gets the daily digest: told, but at most once a day.
STANDAARD_EMAIL = EmailKeuze.DAGELIJKS


class MeldingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Own notices only (coordinators included); an inactive user has none."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(ontvanger=user)

    def van_actieve_ontvangers(self):
        """`visible_to` for every user at once (the e-mail run's selection): each notice to its
        own recipient, none of an inactive user."""
        return self.filter(ontvanger__is_active=True)

    def ongelezen(self):
        return self.filter(gelezen_op__isnull=True)

    def te_mailen(self):
        """Neither mailed nor read yet (a notice read in the inbox needs no e-mail)."""
        return self.filter(gemaild_op__isnull=True, gelezen_op__isnull=True)


class Melding(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ontvanger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meldingen"
    )
    soort = models.CharField(_("soort"), max_length=30, choices=Soort.choices)
    tekst = models.CharField(max_length=300)  # references and counts only (`omschrijving`)
    link = models.CharField(max_length=300)  # the record's page (reverse), checked when opened
    # what the notice is about ("app_label.model", pk, its reference): the dedupe key and the
    # record whose visibility is checked again when the notice is opened
    object_type = models.CharField(max_length=100)
    object_id = models.PositiveBigIntegerField()
    referentie = models.CharField(_("referentie"), max_length=120, blank=True)
    datum = models.DateField(_("datum"))  # the day it is about: one notice per event per day
    aantallen = models.JSONField(default=dict, blank=True)  # the counts `omschrijving` names
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gelezen_op = models.DateTimeField(null=True, blank=True)
    gemaild_op = models.DateTimeField(null=True, blank=True)  # in an e-mail (direct or digest)

    objects = MeldingQuerySet.as_manager()

    class Meta:
        ordering = ["-aangemaakt", "-pk"]
        indexes = [
            models.Index(fields=["ontvanger", "-aangemaakt"]),
            models.Index(
                fields=["ontvanger"],
                condition=models.Q(gelezen_op__isnull=True),
                name="melding_ongelezen",
            ),
            models.Index(
                fields=["ontvanger"],
                condition=models.Q(gemaild_op__isnull=True, gelezen_op__isnull=True),
                name="melding_te_mailen",
            ),
            # the daily run looks up the notices of a kind and day it already made
            models.Index(fields=["soort", "datum"], name="melding_soort_datum"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["ontvanger", "soort", "object_type", "object_id", "datum"],
                name="melding_eenmaal_per_dag",
            )
        ]

    def __str__(self):
        return self.tekst

    @property
    def is_gelezen(self) -> bool:
        return self.gelezen_op is not None

    @property
    def omschrijving(self) -> str:
        """What the notice says, in the active language: its kind and its reference, or the
        counts it carries (never a name: the notice holds none)."""
        aantallen = self.aantallen or {}
        if self.soort == Soort.WEEKOVERZICHT:
            detail = " · ".join(_weekcijfers(aantallen))
        elif self.soort in (Soort.OVERDRACHT_ONTVANGEN, Soort.OVERDRACHT_AFGESTAAN):
            n = aantallen.get("huishoudens", 0)
            detail = ngettext("%(n)s huishouden", "%(n)s huishoudens", n) % {"n": n}
        elif self.soort == Soort.AANWEZIGHEID:
            detail = gettext("%(ref)s, nog %(haalbaar)s van de %(nodig)s lessen haalbaar") % {
                "ref": self.referentie,
                "haalbaar": aantallen.get("haalbaar", 0),
                "nodig": aantallen.get("nodig", 0),
            }
        elif self.soort == Soort.EEN_METING:
            n = aantallen.get("deelnemers", 0)
            detail = ngettext(
                "%(ref)s, %(n)s deelnemer zonder 1-meting",
                "%(ref)s, %(n)s deelnemers zonder 1-meting",
                n,
            ) % {"ref": self.referentie, "n": n}
        elif self.soort == Soort.MOGELIJK_DUBBEL:
            # the household it looks like (once saved all the same) and who registered it
            detail = self.referentie
            if aantallen.get("met"):
                detail = f"{detail} ~ {aantallen['met']}"
            if aantallen.get("door"):
                detail = f"{detail} ({aantallen['door']})"
        elif self.soort == Soort.LENING_ACHTERSTALLIG:
            detail = gettext("%(ref)s, achterstand %(bedrag)s") % {
                "ref": self.referentie,
                "bedrag": aantallen.get("achterstand", ""),
            }
        else:
            detail = self.referentie
        # Soort(…).label, not get_soort_display(): that one hashes every choice's label on each
        # call (most of the daily run's time at 50,000 notices)
        return f"{Soort(self.soort).label}: {detail}"


class MeldingVoorkeur(models.Model):
    """A user's choice for e-mail about notices; made the first time they save it (until then
    STANDAARD_EMAIL in LANGUAGE_CODE)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meldingvoorkeur"
    )
    email = models.CharField(
        _("e-mail over meldingen"),
        max_length=10,
        choices=EmailKeuze.choices,
        default=STANDAARD_EMAIL,
    )
    taal = models.CharField(
        _("taal van de e-mail"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    def __str__(self):
        return f"{self.user}: {self.email}"


def _weekcijfers(aantallen: dict):
    """The weekly digest's counts, worded as "In beeld" words them."""
    n = {name: aantallen.get(name, 0) for name in WEEKCIJFERS}
    yield f"{n['open']} {gettext('open hulpvragen')}"
    yield f"{n['zonder_contact']} " + gettext("langer dan %(n)s dagen geen contact") % {
        "n": settings.ZONDER_CONTACT_DAGEN
    }
    yield f"{n['nazorg_verlopen']} {gettext('opvolgdatum verstreken')}"
    yield f"{n['doorverwijzing_open']} " + gettext(
        "doorverwijzing na %(n)s dagen zonder uitkomst"
    ) % {"n": settings.DOORVERWIJZING_ZONDER_UITKOMST_DAGEN}
    yield ngettext(
        "%(n)s vertrouwenspersoon onder het doel",
        "%(n)s vertrouwenspersonen onder het doel",
        n["onder_doel"],
    ) % {"n": n["onder_doel"]}
    yield ngettext(
        "%(n)s gestopte vertrouwenspersoon met open huishoudens",
        "%(n)s gestopte vertrouwenspersonen met open huishoudens",
        n["gestopt"],
    ) % {"n": n["gestopt"]}
    yield ngettext(
        "%(n)s registratie mist gegevens voor de rapportage",
        "%(n)s registraties missen gegevens voor de rapportage",
        n["onvolledig"],
    ) % {"n": n["onvolledig"]}
