import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from hulpvragen.models import Huishouden, Hulpvraag
from netwerk.models import VertrouwenspersoonStatus
from samenvooruit.tables import DateColumn, Table

FLAG_LABELS = {
    "zonder_contact": _("Lang geen contact"),
    "nazorg_verlopen": _("Opvolgdatum verstreken"),
    "doorverwijzing_open": _("Doorverwijzing zonder uitkomst"),
}


def flag_labels(record):
    """The flags a row (help request or household, annotated by the selectors) raises."""
    return [label for flag, label in FLAG_LABELS.items() if getattr(record, flag, False)]


class FlagsColumn(tables.Column):
    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", _("Signalering"))
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("order_by", ("aandacht",))
        super().__init__(**kwargs)

    def render(self, record):
        labels = flag_labels(record)
        if not labels:
            return "—"
        return format_html_join(
            " ",
            '<span class="badge text-bg-warning text-wrap">{}</span>',
            ((label,) for label in labels),
        )


class HulpvraagTable(Table):
    referentie = tables.Column(
        accessor="huishouden__referentie",
        verbose_name=_("Huishouden"),
        linkify=lambda record: record.get_absolute_url(),
    )
    hulpvrager = tables.Column(accessor="hulpvrager__naam", verbose_name=_("Hulpvrager"))
    intake_datum = DateColumn(verbose_name=_("Aanmelding"))
    pilot = tables.Column(accessor="pilot__naam", verbose_name=_("Pilot"))
    soort = tables.Column(verbose_name=_("Soort"))
    status = tables.Column(verbose_name=_("Status"))
    themas = tables.ManyToManyColumn(verbose_name=_("Thema's"), orderable=False)
    vertrouwenspersoon = tables.Column(
        accessor="huishouden__vertrouwenspersoon__naam", verbose_name=_("Vertrouwenspersoon")
    )
    organisatie = tables.Column(
        accessor="huishouden__organisatie__naam", verbose_name=_("Organisatie")
    )
    laatste_contact = DateColumn(verbose_name=_("Laatste contact"))
    signalering = FlagsColumn()

    class Meta:
        model = Hulpvraag
        fields = []
        empty_text = _("Geen hulpvragen gevonden.")
        attrs = {"class": "table table-sm table-striped align-middle"}
        order_by = ("-intake_datum",)

    def render_soort(self, record):
        return record.get_soort_display().split(" (")[0]

    def render_status(self, record):
        return record.get_status_display()


class HuishoudenTable(Table):
    referentie = tables.Column(linkify=True, verbose_name=_("Referentie"))
    hoofdpersoon = tables.Column(verbose_name=_("Hoofdpersoon"))
    woonplaats = tables.Column(verbose_name=_("Woonplaats"))
    vertrouwenspersoon = tables.Column(
        accessor="vertrouwenspersoon__naam", verbose_name=_("Vertrouwenspersoon")
    )
    organisatie = tables.Column(accessor="organisatie__naam", verbose_name=_("Organisatie"))
    n_open = tables.Column(verbose_name=_("Open vragen"))
    laatste_intake = DateColumn(verbose_name=_("Laatste aanmelding"))
    laatste_contact = DateColumn(verbose_name=_("Laatste contact"))
    signalering = FlagsColumn()

    class Meta:
        model = Huishouden
        fields = []
        empty_text = _("Geen huishoudens gevonden.")
        attrs = {"class": "table table-sm table-striped align-middle"}

    def render_woonplaats(self, record):
        return record.get_woonplaats_display()


class CaseloadTable(Table):
    naam = tables.Column(verbose_name=_("Vertrouwenspersoon"))
    organisatie = tables.Column(accessor="organisatie__naam", verbose_name=_("Organisatie"))
    status = tables.Column(verbose_name=_("Status"))
    n_huishoudens = tables.Column(verbose_name=_("Huishoudens met open vraag"))
    doel = tables.Column(verbose_name=_("Doel"), orderable=False)
    n_totaal = tables.Column(verbose_name=_("Alle huishoudens"))
    n_gesignaleerd = tables.Column(verbose_name=_("Gesignaleerde vragen"))

    class Meta:
        empty_text = _("Geen vertrouwenspersonen.")
        attrs = {"class": "table table-sm table-striped align-middle"}
        row_attrs = {"class": lambda record: "table-warning" if record.onder_doel else ""}

    def render_status(self, record):
        return status_label(record)

    def render_n_huishoudens(self, record, value):
        if record.onder_doel:
            return format_html(
                '{} <span class="badge text-bg-secondary">{}</span>', value, _("onder doel")
            )
        return value


def status_label(vertrouwenspersoon):
    """The status, and a badge when the end date has passed although the status still says the
    person works (selectors.is_gestopt: `gestopt` annotated)."""
    status = vertrouwenspersoon.get_status_display()
    if vertrouwenspersoon.gestopt and vertrouwenspersoon.status != VertrouwenspersoonStatus.GESTOPT:
        return format_html(
            '{} <span class="badge text-bg-warning">{}</span>', status, _("einddatum verstreken")
        )
    return status


class GestoptTable(Table):
    """Trusted persons who stopped with households still open (selectors.gestopt_met_open_huishoudens)."""

    naam = tables.Column(
        verbose_name=_("Vertrouwenspersoon"), linkify=lambda record: record.get_absolute_url()
    )
    organisatie = tables.Column(accessor="organisatie__naam", verbose_name=_("Organisatie"))
    status = tables.Column(verbose_name=_("Status"))
    einddatum = DateColumn(verbose_name=_("Einddatum"))
    n_open_huishoudens = tables.Column(verbose_name=_("Huishoudens met open vraag"))
    overdragen = tables.Column(empty_values=(), orderable=False, verbose_name=_("Actie"))

    class Meta:
        empty_text = _("Geen vertrouwenspersonen.")
        attrs = {"class": "table table-sm table-striped align-middle"}

    def render_status(self, record):
        return status_label(record)

    def render_overdragen(self, record):
        return format_html(
            '<a class="btn btn-sm btn-outline-secondary" href="{}">{}</a>',
            reverse("hulpvragen:overdracht", args=[record.uuid]),
            _("Huishoudens overdragen"),
        )
