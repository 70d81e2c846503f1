"""Casework downloads, one class each (samenvooruit.exporters): the lists of help requests and
households from an already scoped (visible_to) and filtered queryset, and one household's
dossier. The exporter writes them with the formula guard on every cell."""

from itertools import islice

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hulpvragen import selectors
from hulpvragen.lijsten import filtered_table
from hulpvragen.models import (
    Contactmoment,
    Doorverwijzing,
    Huishouden,
    Hulpvraag,
    Hulpvrager,
    StatusWijziging,
)
from hulpvragen.tables import FLAG_LABELS, flag_labels
from samenvooruit.exporters import Exporter, ListExporter, QuerysetList
from taken.services import Uitkomst, achtergrondtaak, export_uitkomst, request_voor

CHUNK = 2000


def _flags(record):
    return ", ".join(str(label) for label in flag_labels(record))


def _naam(obj):
    return obj.naam if obj else ""


def persoon_header():
    return [
        _("Naam"),
        _("Geslacht"),
        _("Geboortejaar"),
        _("Telefoon"),
        _("Taal"),
        _("Hoofdpersoon"),
    ]


def persoon_rows(personen):
    """The persons of a household, as the dossier and the right-of-access file list them."""
    return (
        [
            p.naam,
            p.get_geslacht_display(),
            p.geboortejaar,
            p.telefoon,
            p.taal,
            _("ja") if p.is_hoofdpersoon else _("nee"),
        ]
        for p in personen
    )


# One tuple per help request (no model instances): the list's own filter, sort and flags.
HULPVRAAG_FIELDS = (
    "pk",
    "huishouden__referentie",
    "hulpvrager__naam",
    "hulpvrager__geslacht",
    "hulpvrager__geboortejaar",
    "huishouden__woonplaats",
    "pilot__naam",
    "intake_datum",
    "soort",
    "terugkerend",
    "status",
    "datum_afgerond",
    "huishouden__vertrouwenspersoon__naam",
    "huishouden__organisatie__naam",
    "laatste_contact",
    "nazorg_datum",
    *FLAG_LABELS,
)


def _labels(model, field):
    """value -> label, as get_<field>_display gives it (an unknown value stays itself)."""
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


def _themas(ids):
    """The theme names of these help requests, in the list's order (volgorde, naam)."""
    themas = {}
    links = (
        Hulpvraag.themas.through.objects.filter(hulpvraag_id__in=ids)
        .order_by("thema__volgorde", "thema__naam")
        .values_list("hulpvraag_id", "thema__naam")
    )
    for hulpvraag_id, naam in links:
        themas.setdefault(hulpvraag_id, []).append(naam)
    return {pk: ", ".join(namen) for pk, namen in themas.items()}


class HulpvraagExport(QuerysetList):
    """The help-request list as the page filters and sorts it (a `hulpvraag_list`-like queryset
    with the flags of `with_flags`): one query for the rows, tuples from a server-side cursor,
    and one for the themes of each chunk."""

    title = gettext_lazy("Hulpvragen")
    stem = "hulpvragen"
    columns = (
        gettext_lazy("Huishouden"),
        gettext_lazy("Hulpvrager"),
        gettext_lazy("Geslacht"),
        gettext_lazy("Geboortejaar"),
        gettext_lazy("Woonplaats"),
        gettext_lazy("Pilot"),
        gettext_lazy("Datum aanmelding"),
        gettext_lazy("Soort"),
        gettext_lazy("Terugkerend"),
        gettext_lazy("Thema's"),
        gettext_lazy("Status"),
        gettext_lazy("Datum afgerond"),
        gettext_lazy("Vertrouwenspersoon"),
        gettext_lazy("Organisatie"),
        gettext_lazy("Laatste contact"),
        gettext_lazy("Opvolgdatum"),
        gettext_lazy("Signalering"),
    )

    def filename(self):
        return _filename(self.stem)

    def rows(self):
        geslacht = _labels(Hulpvrager, "geslacht")
        woonplaats = _labels(Huishouden, "woonplaats")
        soort = _labels(Hulpvraag, "soort")
        terugkerend = _labels(Hulpvraag, "terugkerend")
        status = _labels(Hulpvraag, "status")
        flag_names = [str(label) for label in FLAG_LABELS.values()]
        niet_geregistreerd = _("Niet geregistreerd")
        rows = (
            self.queryset.prefetch_related(None)
            .values_list(*HULPVRAAG_FIELDS)
            .iterator(chunk_size=CHUNK)
        )
        while chunk := list(islice(rows, CHUNK)):
            themas = _themas([row[0] for row in chunk])
            for row in chunk:
                pk, ref, naam, sekse, jaar, plaats, pilot, intake, srt, terug, stat = row[:11]
                afgerond, vp, org, contact, nazorg, *flags = row[11:]
                yield [
                    ref,
                    naam,
                    geslacht.get(sekse, sekse),
                    jaar,
                    woonplaats.get(plaats, plaats),
                    pilot or "",
                    intake,
                    soort.get(srt, srt),
                    terugkerend.get(terug, terug) or niet_geregistreerd,
                    themas.get(pk, ""),
                    status.get(stat, stat),
                    afgerond,
                    vp or "",
                    org or "",
                    contact,
                    nazorg,
                    ", ".join(
                        name for name, raised in zip(flag_names, flags, strict=True) if raised
                    ),
                ]


class GesignaleerdExport(HulpvraagExport):
    """The coordinators' overview: the help requests that are flagged."""

    title = gettext_lazy("Gesignaleerd")
    stem = "in-beeld"


class HuishoudenExport(QuerysetList):
    """The household list as the page filters and sorts it."""

    title = gettext_lazy("Huishoudens")
    columns = (
        gettext_lazy("Referentie"),
        gettext_lazy("Hoofdpersoon"),
        gettext_lazy("Woonplaats"),
        gettext_lazy("Samenstelling"),
        gettext_lazy("Aantal kinderen"),
        gettext_lazy("Inkomsten"),
        gettext_lazy("Vertrouwenspersoon"),
        gettext_lazy("Organisatie"),
        gettext_lazy("Open vragen"),
        gettext_lazy("Laatste aanmelding"),
        gettext_lazy("Laatste contact"),
        gettext_lazy("Signalering"),
    )

    def filename(self):
        return _filename("huishoudens")

    def rows(self):
        for hh in self.queryset.iterator(chunk_size=CHUNK):
            yield [
                hh.referentie,
                hh.hoofdpersoon or "",
                hh.get_woonplaats_display(),
                hh.get_samenstelling_display(),
                hh.aantal_kinderen,
                hh.get_inkomsten_display(),
                _naam(hh.vertrouwenspersoon),
                _naam(hh.organisatie),
                hh.n_open,
                hh.laatste_intake,
                hh.laatste_contact,
                _flags(hh),
            ]


def _filename(stem):
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.xlsx"


# --- one household's dossier ---------------------------------------------------------------


class DossierExport(Exporter):
    """Everything the casework holds about one household, one sheet per kind of record."""

    def __init__(self, huishouden):
        self.huishouden = huishouden

    def filename(self):
        return f"dossier-{self.huishouden.referentie}.xlsx"

    def lists(self):
        return [
            cls(self.huishouden)
            for cls in (
                DossierHuishouden,
                DossierPersonen,
                DossierHulpvragen,
                DossierStatushistorie,
                DossierContactmomenten,
                DossierDoorverwijzingen,
            )
        ]


class _DossierList(ListExporter):
    def __init__(self, huishouden):
        self.huishouden = huishouden


class DossierHuishouden(_DossierList):
    title = gettext_lazy("Huishouden")
    columns = (gettext_lazy("Veld"), gettext_lazy("Waarde"))

    def rows(self):
        huishouden = self.huishouden
        return [
            (_("Referentie"), huishouden.referentie),
            (_("Woonplaats"), huishouden.get_woonplaats_display()),
            (_("Adres"), huishouden.adres),
            (_("Postcode"), huishouden.postcode),
            (_("Samenstelling"), huishouden.get_samenstelling_display()),
            (_("Aantal kinderen"), huishouden.aantal_kinderen),
            (_("Inkomsten"), huishouden.get_inkomsten_display()),
            (_("Contact met formele instanties"), huishouden.get_contact_formeel_display()),
            (_("Hoe binnengekomen"), huishouden.get_binnenkomst_display()),
            (_("Vertrouwenspersoon"), _naam(huishouden.vertrouwenspersoon)),
            (_("Organisatie"), _naam(huishouden.organisatie)),
            (_("Notitie"), huishouden.notitie),
        ]


class DossierPersonen(_DossierList):
    title = gettext_lazy("Personen")

    def get_columns(self):
        return persoon_header()

    def rows(self):
        return persoon_rows(self.huishouden.personen.all())


class DossierHulpvragen(_DossierList):
    title = gettext_lazy("Hulpvragen")
    columns = (
        gettext_lazy("Aanmelding"),
        gettext_lazy("Hulpvrager"),
        gettext_lazy("Pilot"),
        gettext_lazy("Soort"),
        gettext_lazy("Status"),
        gettext_lazy("Datum afgerond"),
        gettext_lazy("Uitkomst"),
        gettext_lazy("Omschrijving"),
    )

    def rows(self):
        hulpvragen = self.huishouden.hulpvragen.select_related("hulpvrager", "pilot")
        for h in hulpvragen.order_by("intake_datum", "pk"):
            yield [
                h.intake_datum,
                h.hulpvrager.naam,
                _naam(h.pilot),
                h.get_soort_display(),
                h.get_status_display(),
                h.datum_afgerond,
                h.uitkomst,
                h.omschrijving,
            ]


class DossierStatushistorie(_DossierList):
    title = gettext_lazy("Statushistorie")
    columns = (
        gettext_lazy("Hulpvraag"),
        gettext_lazy("Datum"),
        gettext_lazy("Van"),
        gettext_lazy("Naar"),
        gettext_lazy("Notitie"),
    )

    def rows(self):
        wijzigingen = StatusWijziging.objects.filter(hulpvraag__huishouden=self.huishouden)
        for w in wijzigingen.select_related("hulpvraag").order_by(
            "hulpvraag__intake_datum", "datum", "pk"
        ):
            yield [
                str(w.hulpvraag.intake_datum),
                w.datum,
                w.get_van_display(),
                w.get_naar_display(),
                w.notitie,
            ]


class DossierContactmomenten(_DossierList):
    title = gettext_lazy("Contactmomenten")
    columns = (
        gettext_lazy("Hulpvraag"),
        gettext_lazy("Datum"),
        gettext_lazy("Soort"),
        gettext_lazy("Minuten"),
        gettext_lazy("Notitie"),
    )

    def rows(self):
        contacten = Contactmoment.objects.filter(hulpvraag__huishouden=self.huishouden)
        for c in contacten.select_related("hulpvraag").order_by("datum", "pk"):
            yield [
                str(c.hulpvraag.intake_datum),
                c.datum,
                c.get_soort_display(),
                c.minuten,
                c.notitie,
            ]


class DossierDoorverwijzingen(_DossierList):
    title = gettext_lazy("Doorverwijzingen")
    columns = (
        gettext_lazy("Hulpvraag"),
        gettext_lazy("Datum"),
        gettext_lazy("Organisatie"),
        gettext_lazy("Soort"),
        gettext_lazy("Uitkomst"),
        gettext_lazy("Notitie"),
    )

    def rows(self):
        verwijzingen = Doorverwijzing.objects.filter(hulpvraag__huishouden=self.huishouden)
        for d in verwijzingen.select_related("hulpvraag", "organisatie").order_by("datum", "pk"):
            yield [
                str(d.hulpvraag.intake_datum),
                d.datum,
                d.organisatie.naam,
                d.get_soort_display(),
                d.uitkomst,
                d.notitie,
            ]


LIJSTEN = {"hulpvraag": HulpvraagExport, "huishouden": HuishoudenExport}


@achtergrondtaak
def lijst_als_taak(*, voortgang, soort: str, gebruiker_id: int, query: str) -> Uitkomst:
    """A list download as a background job: the list built again for the same user (scope,
    filters and sorting of `query`), written with its progress."""
    gebruiker = get_user_model().objects.get(pk=gebruiker_id)
    if soort == "gesignaleerd":
        exporter = GesignaleerdExport(selectors.gesignaleerd(gebruiker))
    else:
        _filterset, table = filtered_table(request_voor(gebruiker, query), soort, paginate=False)
        exporter = LIJSTEN[soort](table.data.data)
    return export_uitkomst(exporter, voortgang)
