import django_tables2 as tables
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from netwerk.models import Organisatie, Toegangslog, Vertrouwenspersoon
from netwerk.roles import Rol
from netwerk.selectors import inwerkstatus
from samenvooruit.tables import Table


class OrganisatieTable(Table):
    naam = tables.Column(linkify=True)
    partner = tables.BooleanColumn(yesno=(_("ja"), _("nee")))
    aanbod = tables.Column(orderable=False)
    themas = tables.ManyToManyColumn(verbose_name=_("Thema's"), orderable=False)

    class Meta:
        model = Organisatie
        fields = ["naam", "soort", "rol_vangnet", "partner", "aanbod", "themas", "telefoon"]
        empty_text = _("Geen organisaties gevonden.")
        attrs = {"class": "table table-sm table-striped align-middle"}

    def render_aanbod(self, value):
        return value if len(value) <= 120 else value[:117] + "…"


class VertrouwenspersoonTable(Table):
    naam = tables.Column(linkify=True)
    organisatie = tables.Column(order_by="organisatie__naam")
    inwerken = tables.Column(verbose_name=_("Inwerken"), empty_values=(), orderable=False)

    class Meta:
        model = Vertrouwenspersoon
        fields = [
            "nummer",
            "naam",
            "organisatie",
            "status",
            "startdatum",
            "uren_per_week",
            "telefoon",
        ]
        fields += ["inwerken"]
        empty_text = _("Geen vertrouwenspersonen gevonden.")
        attrs = {"class": "table table-sm table-striped align-middle"}

    def render_inwerken(self, record):
        """The onboarding state (selectors.inwerkstatus): exempted, what is missing, or done;
        a VOG older than VOG_GELDIG_JAREN flagged."""
        status = inwerkstatus(record)
        if status["vrijgesteld"]:
            tekst = format_html(
                '<span class="badge text-wrap text-start text-bg-secondary">{}</span>',
                _("vrijgesteld: %(reden)s") % {"reden": status["vrijgesteld"]},
            )
        elif status["ontbreekt"]:
            tekst = format_html(
                '<span class="badge text-wrap text-start text-bg-warning">{}: {}</span>',
                _("ontbreekt"),
                ", ".join(status["ontbreekt"]),
            )
        else:
            tekst = format_html(
                '<span class="badge text-wrap text-start text-bg-success">{}</span>', _("ingewerkt")
            )
        if status["vog_verlopen"]:
            tekst = format_html(
                '{} <span class="badge text-wrap text-start text-bg-danger">{}</span>',
                tekst,
                _("VOG verouderd"),
            )
        return tekst


class GebruikerTable(Table):
    """Expects `selectors.gebruikers_for_list`: profile, organisation and groups are preloaded."""

    username = tables.Column(verbose_name=_("Gebruikersnaam"))
    naam = tables.Column(
        verbose_name=_("Naam"), accessor="get_full_name", order_by=("last_name", "first_name")
    )
    rollen = tables.Column(verbose_name=_("Rollen"), empty_values=(), orderable=False)
    organisatie = tables.Column(
        verbose_name=_("Organisatie"),
        accessor="profiel__organisatie",
        order_by="profiel__organisatie__naam",
    )
    vertrouwenspersoon = tables.Column(verbose_name=_("Vertrouwenspersoon"), orderable=False)
    is_active = tables.BooleanColumn(verbose_name=_("Actief"), yesno=(_("ja"), _("nee")))

    class Meta:
        model = get_user_model()
        fields = ["username", "naam", "rollen", "organisatie", "vertrouwenspersoon", "is_active"]
        empty_text = _("Geen gebruikers gevonden.")
        attrs = {"class": "table table-sm table-striped align-middle"}

    def render_username(self, record, value):
        profiel = getattr(record, "profiel", None)
        if profiel is None:  # created outside this app (e.g. createsuperuser): admin only
            return value
        url = reverse("netwerk:gebruiker_detail", args=[profiel.uuid])
        return format_html('<a href="{}">{}</a>', url, value)

    def render_rollen(self, record):
        names = [g.name for g in record.groups.all() if g.name in Rol.values]
        return ", ".join(str(Rol(name).label) for name in names) or "—"


class ToegangslogTable(Table):
    tijdstip = tables.DateTimeColumn(format="d-m-Y H:i:s")
    gebruikersnaam = tables.Column(verbose_name=_("Gebruiker"))
    object_type = tables.Column(verbose_name=_("Gegeven"))
    object_ref = tables.Column(verbose_name=_("Referentie"), orderable=False)
    view = tables.Column(orderable=False)
    omschrijving = tables.Column(orderable=False)

    class Meta:
        model = Toegangslog
        fields = [
            "tijdstip",
            "gebruikersnaam",
            "actie",
            "resultaat",
            "object_type",
            "object_ref",
            "view",
            "omschrijving",
        ]
        empty_text = _("Geen regels gevonden.")
        attrs = {"class": "table table-sm table-striped align-middle"}

    def render_object_type(self, value):
        return object_type_label(value)


def object_type_label(label: str) -> str:
    """'hulpvragen.huishouden' → 'huishouden' (the model's Dutch name); unknown labels as is."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label
