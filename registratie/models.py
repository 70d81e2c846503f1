from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WerkmapActie(models.TextChoices):
    IMPORT = "import", _("Import")
    EXPORT = "export", _("Export")


# The order in which the import summary names what it created: first the counts it always
# names, then those of the optional sheets, named only when not zero.
ALTIJD = [
    "pilots",
    "organisaties",
    "vertrouwenspersonen",
    "huishoudens",
    "hulpvragers",
    "hulpvragen",
    "aanvragen",
]
AANTALLEN_VOLGORDE = [
    *ALTIJD,
    "toestemmingen",
    "doorverwijzingen",
    "contactmomenten",
    "signalen",
    "koppelingen",
    "cohorten",
    "deelnames",
]


class WerkmapLog(models.Model):
    """Who imported or exported the registration workbook, when, which file, and the counts."""

    actie = models.CharField(_("actie"), max_length=10, choices=WerkmapActie.choices)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    via = models.CharField(_("via"), max_length=20, default="web")
    bestandsnaam = models.CharField(_("bestand"), max_length=255)
    aantallen = models.JSONField(_("aantallen"), default=dict)
    moment = models.DateTimeField(_("moment"), auto_now_add=True)

    class Meta:
        # The table keeps the name it had in the report app: the model moved, the rows did not.
        db_table = "rapportage_werkmaplog"
        ordering = ["-moment", "-pk"]
        verbose_name = _("werkmap-log")
        verbose_name_plural = _("werkmap-logs")

    def __str__(self):
        return f"{self.get_actie_display()} {self.bestandsnaam} {self.moment:%d-%m-%Y %H:%M}"

    @property
    def aantallen_tekst(self) -> str:
        """The counts as the page lists them ("pilots: 1, huishoudens: 3"), in the order of the
        workbook (PostgreSQL's JSON keeps its own key order), without the tally of rows that were
        already registered and without the optional sheets' counts that are zero."""
        keys = sorted(
            (k for k, n in self.aantallen.items() if k != "al_aanwezig" and (n or k in ALTIJD)),
            key=lambda k: (AANTALLEN_VOLGORDE.index(k) if k in AANTALLEN_VOLGORDE else 99, k),
        )
        return ", ".join(f"{k}: {self.aantallen[k]}" for k in keys)
