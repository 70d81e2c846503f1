"""Casework downloads. Each export is a header plus rows from an already scoped (visible_to) and
filtered queryset; samenvooruit.xlsx writes them, with its formula guard on every cell."""

from itertools import islice

from django.utils import timezone
from django.utils.translation import gettext as _

from hulpvragen.models import (
    Contactmoment,
    Doorverwijzing,
    Huishouden,
    Hulpvraag,
    Hulpvrager,
    StatusWijziging,
)
from hulpvragen.tables import FLAG_LABELS, flag_labels
from samenvooruit.xlsx import new_workbook, write_sheet, xlsx_response

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


def hulpvraag_header():
    return [
        _("Huishouden"),
        _("Hulpvrager"),
        _("Geslacht"),
        _("Geboortejaar"),
        _("Woonplaats"),
        _("Pilot"),
        _("Datum aanmelding"),
        _("Soort"),
        _("Terugkerend"),
        _("Thema's"),
        _("Status"),
        _("Datum afgerond"),
        _("Vertrouwenspersoon"),
        _("Organisatie"),
        _("Laatste contact"),
        _("Opvolgdatum"),
        _("Signalering"),
    ]


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


def hulpvraag_rows(queryset):
    """The rows of a `hulpvraag_list`-like queryset (with the flags of `with_flags`): one query
    for the rows (a server-side cursor) and one for the themes of each chunk."""
    geslacht = _labels(Hulpvrager, "geslacht")
    woonplaats = _labels(Huishouden, "woonplaats")
    soort = _labels(Hulpvraag, "soort")
    terugkerend = _labels(Hulpvraag, "terugkerend")
    status = _labels(Hulpvraag, "status")
    flag_names = [str(label) for label in FLAG_LABELS.values()]
    niet_geregistreerd = _("Niet geregistreerd")
    rows = queryset.prefetch_related(None).values_list(*HULPVRAAG_FIELDS).iterator(chunk_size=CHUNK)
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
                ", ".join(name for name, raised in zip(flag_names, flags, strict=True) if raised),
            ]


def huishouden_header():
    return [
        _("Referentie"),
        _("Hoofdpersoon"),
        _("Woonplaats"),
        _("Samenstelling"),
        _("Aantal kinderen"),
        _("Inkomsten"),
        _("Vertrouwenspersoon"),
        _("Organisatie"),
        _("Open vragen"),
        _("Laatste aanmelding"),
        _("Laatste contact"),
        _("Signalering"),
    ]


def huishouden_rows(queryset):
    for hh in queryset.iterator(chunk_size=CHUNK):
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


def hulpvragen_response(queryset, *, stem="hulpvragen", title=None):
    wb = new_workbook()
    write_sheet(wb, title or _("Hulpvragen"), hulpvraag_header(), hulpvraag_rows(queryset))
    return xlsx_response(wb, _filename(stem))


def huishoudens_response(queryset):
    wb = new_workbook()
    write_sheet(wb, _("Huishoudens"), huishouden_header(), huishouden_rows(queryset))
    return xlsx_response(wb, _filename("huishoudens"))


def dossier_response(huishouden):
    """Everything the casework holds about one household, one sheet per kind of record."""
    wb = new_workbook()
    hulpvragen = list(
        huishouden.hulpvragen.select_related("hulpvrager", "pilot").order_by("intake_datum", "pk")
    )
    write_sheet(
        wb,
        _("Huishouden"),
        [_("Veld"), _("Waarde")],
        [
            (_("Referentie"), huishouden.referentie),
            (_("Woonplaats"), huishouden.get_woonplaats_display()),
            (_("Adres"), huishouden.adres),
            (_("Samenstelling"), huishouden.get_samenstelling_display()),
            (_("Aantal kinderen"), huishouden.aantal_kinderen),
            (_("Inkomsten"), huishouden.get_inkomsten_display()),
            (_("Contact met formele instanties"), huishouden.get_contact_formeel_display()),
            (_("Hoe binnengekomen"), huishouden.get_binnenkomst_display()),
            (_("Vertrouwenspersoon"), _naam(huishouden.vertrouwenspersoon)),
            (_("Organisatie"), _naam(huishouden.organisatie)),
            (_("Notitie"), huishouden.notitie),
        ],
    )
    write_sheet(
        wb,
        _("Personen"),
        persoon_header(),
        persoon_rows(huishouden.personen.all()),
    )
    write_sheet(
        wb,
        _("Hulpvragen"),
        [
            _("Aanmelding"),
            _("Hulpvrager"),
            _("Pilot"),
            _("Soort"),
            _("Status"),
            _("Datum afgerond"),
            _("Uitkomst"),
            _("Omschrijving"),
        ],
        (
            [
                h.intake_datum,
                h.hulpvrager.naam,
                _naam(h.pilot),
                h.get_soort_display(),
                h.get_status_display(),
                h.datum_afgerond,
                h.uitkomst,
                h.omschrijving,
            ]
            for h in hulpvragen
        ),
    )
    write_sheet(
        wb,
        _("Statushistorie"),
        [_("Hulpvraag"), _("Datum"), _("Van"), _("Naar"), _("Notitie")],
        (
            [
                str(w.hulpvraag.intake_datum),
                w.datum,
                w.get_van_display(),
                w.get_naar_display(),
                w.notitie,
            ]
            for w in StatusWijziging.objects.filter(hulpvraag__huishouden=huishouden)
            .select_related("hulpvraag")
            .order_by("hulpvraag__intake_datum", "datum", "pk")
        ),
    )
    write_sheet(
        wb,
        _("Contactmomenten"),
        [_("Hulpvraag"), _("Datum"), _("Soort"), _("Minuten"), _("Notitie")],
        (
            [str(c.hulpvraag.intake_datum), c.datum, c.get_soort_display(), c.minuten, c.notitie]
            for c in Contactmoment.objects.filter(hulpvraag__huishouden=huishouden)
            .select_related("hulpvraag")
            .order_by("datum", "pk")
        ),
    )
    write_sheet(
        wb,
        _("Doorverwijzingen"),
        [_("Hulpvraag"), _("Datum"), _("Organisatie"), _("Soort"), _("Uitkomst"), _("Notitie")],
        (
            [
                str(d.hulpvraag.intake_datum),
                d.datum,
                d.organisatie.naam,
                d.get_soort_display(),
                d.uitkomst,
                d.notitie,
            ]
            for d in Doorverwijzing.objects.filter(hulpvraag__huishouden=huishouden)
            .select_related("hulpvraag", "organisatie")
            .order_by("datum", "pk")
        ),
    )
    return xlsx_response(wb, f"dossier-{huishouden.referentie}.xlsx")
