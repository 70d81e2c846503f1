"""Writing the registration workbook: the empty template and the export of the whole registration.
Both are one write-only workbook (memory stays flat); every value passes the formula guard in
samenvooruit.xlsx. Order: Toelichting, Pilots, Hulpvragen, Noodfonds, the optional sheets
(optional_sheets.py), then the hidden Lijsten sheet that feeds the drop-downs."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter, quote_sheetname

from hulpvragen.choices import Status
from hulpvragen.models import Hulpvraag, Thema
from hulpvragen.services import geboortejaar_bereik
from netwerk.models import Pilot
from noodfonds.models import Aanvraag
from registratie.models import WerkmapActie, WerkmapLog
from registratie.workbook import optional_sheets
from registratie.workbook.columns import (
    AANVRAAG_COLUMNS,
    AANVRAAG_EXTRA,
    HULPVRAAG_COLUMNS,
    HULPVRAAG_EXTRA,
    HULPVRAGEN,
    LIJSTEN,
    NOODFONDS,
    OPTIONAL_SHEETS,
    PILOT_COLUMNS,
    PILOTS,
    TOELICHTING,
    Lists,
    columns_of,
)
from registratie.workbook.noodfonds_keten import keten_cells
from registratie.workbook.reader import GEEN_PILOT
from samenvooruit import xlsx

CHUNK = 2000
WIDTHS = {
    PILOTS: [20, 13, 13, 13],
    HULPVRAGEN: [14, 24, 16, 12, 11, 13, 13, 30, 15, 30, 14, 24, 15, 28, 24, 40, 40, 60, 28],
    NOODFONDS: [15, 28, 24, 13, 40, 30, 15, 16, 22, 16, 14, 14, 40, 13, 17, 14, 14]
    + [22, 18, 50, 14, 14, 14, 14, 14, 30, 40],
}


def write_registratie(target, *, template=False, progress=None) -> dict:
    """Write the workbook to `target` (a path or a binary file): the template when `template`,
    else the whole registration. Returns the row counts. `progress(rows done, rows in all)` is
    called as rows are written (a background job's progress bar)."""
    wb, counts = build_workbook(template=template, progress=progress)
    wb.save(target)
    return counts


def build_workbook(*, template=False, progress=None):
    """The write-only workbook and its row counts. openpyxl streams appended rows to a temporary
    file, so a large registration never sits in memory."""
    with translation.override("nl"):
        lists = Lists()
        wb = xlsx.new_workbook(write_only=True)
        write_toelichting(wb, lists)
        if template:
            pilots, hulpvragen, aanvragen = [], [], []
            counts = {"pilots": 0, "hulpvragen": 0, "aanvragen": 0}
            optional = dict.fromkeys(OPTIONAL_SHEETS, [])
        else:
            pilots, hulpvragen, aanvragen = (
                pilot_rows(),
                hulpvraag_rows(lists),
                aanvraag_rows(lists),
            )
            counts = {
                "pilots": Pilot.objects.count(),
                "hulpvragen": Hulpvraag.objects.count(),
                "aanvragen": Aanvraag.objects.count(),
            }
            more = optional_sheets.counts()
            optional = optional_sheets.rows(lists)
            if progress is not None:
                *counted_rows, pilots, hulpvragen, aanvragen = counted(
                    (*optional.values(), pilots, hulpvragen, aanvragen),
                    progress,
                    sum(counts.values()) + more.pop("rijen"),
                )
                optional = dict(zip(optional, counted_rows, strict=True))
            else:
                more.pop("rijen")
            counts |= more
        sheets = {
            PILOTS: xlsx.write_sheet(wb, PILOTS, PILOT_COLUMNS, pilots, WIDTHS[PILOTS]),
            HULPVRAGEN: xlsx.write_sheet(
                wb, HULPVRAGEN, HULPVRAAG_COLUMNS + HULPVRAAG_EXTRA, hulpvragen, WIDTHS[HULPVRAGEN]
            ),
            NOODFONDS: xlsx.write_sheet(
                wb, NOODFONDS, AANVRAAG_COLUMNS + AANVRAAG_EXTRA, aanvragen, WIDTHS[NOODFONDS]
            ),
        }
        for name, rows in optional.items():
            sheets[name] = xlsx.write_sheet(
                wb, name, columns_of(name), rows, optional_sheets.WIDTHS[name]
            )
        for ws in sheets.values():
            ws.freeze_panes = "A2"
        add_validations(wb, sheets, lists)
    return wb, counts


def counted(sheets, progress, total):
    """The rows of each sheet passed on as they are written, `progress(done, total)` called
    every CHUNK rows over all sheets together."""
    done = 0
    progress(done, total)

    def rows_of(rows):
        nonlocal done
        for row in rows:
            yield row
            done += 1
            if done % CHUNK == 0 or done == total:
                progress(done, total)

    return [rows_of(rows) for rows in sheets]


def pilot_rows():
    for p in Pilot.objects.order_by("startdatum", "naam"):
        yield [p.naam, p.startdatum, p.einddatum, p.taakstelling]


def hulpvraag_rows(lists):
    labels = {name: dict(pairs) for name, pairs in lists.named().items()}
    queryset = (
        Hulpvraag.objects.select_related(
            "huishouden__organisatie", "hulpvrager", "pilot", "vertrouwenspersoon"
        )
        .prefetch_related("themas", "statushistorie")
        # The household's main person first: on import the first named person becomes it.
        .order_by("huishouden__referentie", "-hulpvrager__is_hoofdpersoon", "intake_datum", "pk")
    )
    for h in queryset.iterator(chunk_size=CHUNK):
        yield hulpvraag_row(h, labels)


def hulpvraag_row(h, labels):
    household, person = h.huishouden, h.hulpvrager
    return [
        household.referentie,
        person.naam,
        h.intake_datum,
        h.pilot.naam if h.pilot else GEEN_PILOT,
        labels["geslacht"].get(person.geslacht, ""),
        person.geboortejaar,
        labels["woonplaats"].get(household.woonplaats, ""),
        labels["inkomsten"].get(household.inkomsten, ""),
        labels["contact_formeel"].get(household.contact_formeel, ""),
        labels["soort"].get(h.soort, ""),
        labels["terugkerend"].get(h.terugkerend, ""),
        labels["status"].get(h.status, ""),
        h.datum_afgerond,
        household.organisatie.naam if household.organisatie else "",
        h.vertrouwenspersoon.naam if h.vertrouwenspersoon else "",
        ", ".join(t.naam for t in h.themas.all()),
        h.omschrijving,
        "; ".join(_history_entry(s, labels) for s in h.statushistorie.all()),
        # a reopened request keeps its last closing's category, which belongs to the history
        labels["soort_uitkomst"].get(h.uitkomst_categorie, "")
        if h.status == Status.AFGEROND
        else "",
    ]


def _history_entry(s, labels) -> str:
    """A dated status; a closing with its outcome category in brackets ("01-03-2021 Afgerond
    (Opgelost)"), so a request closed, reopened and closed again keeps each closing's."""
    entry = f"{s.datum:%d-%m-%Y} {labels['status'].get(s.naar, s.naar)}"
    if s.naar == Status.AFGEROND and s.uitkomst_categorie:
        entry += f" ({labels['soort_uitkomst'].get(s.uitkomst_categorie, s.uitkomst_categorie)})"
    return entry


def aanvraag_rows(lists, aanvragen=None):
    """Rows of every application, or of `aanvragen` (a queryset) when given."""
    labels = {name: dict(pairs) for name, pairs in lists.named().items()}
    queryset = (
        (Aanvraag.objects.all() if aanvragen is None else aanvragen)
        .select_related("organisatie", "vertrouwenspersoon", "huishouden", "crediteur", "lening")
        .prefetch_related("checklist", "lening__aflossingen")
        .order_by("ingediend_op", "referentie")
    )
    for a in queryset.iterator(chunk_size=CHUNK):
        yield [
            a.ingediend_op,
            a.organisatie.naam,
            a.vertrouwenspersoon.naam if a.vertrouwenspersoon else "",
            labels["woonplaats"].get(a.woonplaats, ""),
            labels["onderwerp"].get(a.onderwerp, ""),
            labels["inkomsten"].get(a.inkomsten, ""),
            labels["ja_nee"][a.contact_formeel],
            a.gevraagd_bedrag,
            labels["aanvraag_status"].get(a.status, ""),
            a.toegekend_bedrag,
            a.referentie,
            a.huishouden.referentie if a.huishouden else "",
            a.motivatie,
            a.besloten_op,
            a.uitbetaald_bedrag,
            a.uitbetaald_op,
            labels["uitbetaald_aan"].get(a.uitbetaald_aan, ""),
            *_crediteur_cells(a),
            *keten_cells(a, labels),
        ]


def _crediteur_cells(aanvraag) -> list[str]:
    try:
        c = aanvraag.crediteur
    except ObjectDoesNotExist:
        return ["", "", ""]
    return [c.naam, c.iban, c.kenmerk]


def add_validations(wb, sheets, lists):
    """Drop-downs for every column with a fixed list (fed by the hidden Lijsten sheet), a
    suggestion list of the workbook's pilots, and number checks for years and amounts."""
    named = lists.named()
    names = list(named)
    rows = (
        [named[name][i][1] if i < len(named[name]) else None for name in names]
        for i in range(max(len(pairs) for pairs in named.values()))
    )
    lijsten = xlsx.write_sheet(wb, LIJSTEN, names, rows)
    lijsten.sheet_state = "hidden"
    for sheet, column, list_name, labels in lists.dropdowns():
        letter = get_column_letter(names.index(list_name) + 1)
        source = f"{quote_sheetname(LIJSTEN)}!${letter}$2:${letter}${len(labels) + 1}"
        xlsx.add_list_validation(
            sheets[sheet],
            _position(sheet, column),
            source,
            errorTitle=_("Kies uit de lijst"),
            error=_("Kies een waarde uit de lijst (zie het blad Toelichting)."),
        )
    xlsx.add_list_validation(
        sheets[HULPVRAGEN],
        _position(HULPVRAGEN, "pilot"),
        f"{quote_sheetname(PILOTS)}!$A$2:$A$200",
        strict=False,
    )
    # The casework's birth-year range; the upper end as a formula, so that a template kept into
    # the next year still accepts that year.
    laagste, _hoogste = geboortejaar_bereik()
    xlsx.add_validation(
        sheets[HULPVRAGEN],
        _position(HULPVRAGEN, "geboortejaar"),
        type="whole",
        operator="between",
        formula1=str(laagste),
        formula2="YEAR(TODAY())",
        error=_("Een geboortejaar vanaf %(min)s tot en met dit jaar.") % {"min": laagste},
    )
    for column in ("gevraagd_bedrag", "toegekend_bedrag", "uitbetaald_bedrag"):
        xlsx.add_validation(
            sheets[NOODFONDS],
            _position(NOODFONDS, column),
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            error=_("Een bedrag van 0 of meer."),
        )


def _position(sheet, column):
    return columns_of(sheet).index(column) + 1


def write_toelichting(wb, lists):
    themas = ", ".join(Thema.objects.values_list("naam", flat=True))
    rows = [[sheet, column, required, text] for sheet, column, required, text in explanation(lists)]
    date = _("datum als dd-mm-jjjj of jjjj-mm-dd (of een Excel-datum)")
    rows += [
        [sheet, column, required, text]
        for sheet, column, required, text in optional_sheets.explanation(lists, _one_of, date)
    ]
    rows.append(["", "", "", ""])
    rows += [["", "", "", line] for line in general_rules() + optional_sheets.general_rules()]
    rows.append([HULPVRAGEN, "themas", "", _("Bekende thema's: %s") % themas])
    xlsx.write_sheet(
        wb, TOELICHTING, ["blad", "kolom", "verplicht", "uitleg"], rows, [13, 20, 10, 110]
    )


def _one_of(pairs):
    return _("een van: %s") % " | ".join(label for _value, label in pairs)


def explanation(lists):
    ja, nee = _("ja"), _("nee")
    date = _("datum als dd-mm-jjjj of jjjj-mm-dd (of een Excel-datum)")
    return [
        (PILOTS, "naam", ja, _("naam van de pilot, bijvoorbeeld Pilot 1; elke pilot één keer")),
        (PILOTS, "startdatum", ja, date),
        (PILOTS, "einddatum", ja, date + _("; niet voor de startdatum")),
        (PILOTS, "taakstelling", nee, _("aantal hulpvragen dat de pilot wil bereiken (leeg: 40)")),
        (
            HULPVRAGEN,
            "huishouden",
            ja,
            _(
                "referentie van het huishouden, bijv. HH-2021-0042 (ten hoogste 20 tekens); dezelfde referentie = hetzelfde huishouden"
            ),
        ),
        (
            HULPVRAGEN,
            "hulpvrager",
            nee,
            _(
                "naam van wie de vraag stelt; leeg = de hoofdpersoon van het huishouden (in een nieuw huishouden: de eerste naam die voor dat huishouden genoemd wordt); hetzelfde huishouden en dezelfde naam = dezelfde persoon"
            ),
        ),
        (HULPVRAGEN, "datum_aanmelding", ja, date + _("; niet in de toekomst")),
        (
            HULPVRAGEN,
            "pilot",
            nee,
            _(
                "naam van een pilot (blad Pilots of al geregistreerd) of Geen pilot; leeg = de pilot waarvan de periode de datum_aanmelding bevat"
            ),
        ),
        (
            HULPVRAGEN,
            "geslacht",
            nee,
            _one_of(lists.geslacht) + _("; per persoon overal hetzelfde"),
        ),
        (
            HULPVRAGEN,
            "geboortejaar",
            nee,
            _(
                "jaartal van %(min)s tot en met dit jaar, leeg of Onbekend; per persoon overal hetzelfde"
            )
            % {"min": geboortejaar_bereik()[0]},
        ),
        (
            HULPVRAGEN,
            "woonplaats",
            _("ja, per huishouden"),
            _one_of(lists.woonplaats)
            + _("; hoort bij het huishouden: op elke rij van een huishouden hetzelfde (of leeg)"),
        ),
        (HULPVRAGEN, "inkomsten", nee, _one_of(lists.inkomsten) + _("; hoort bij het huishouden")),
        (
            HULPVRAGEN,
            "contact_formeel",
            nee,
            _one_of(lists.contact)
            + _("; contact met formele instanties; hoort bij het huishouden"),
        ),
        (
            HULPVRAGEN,
            "soort",
            ja,
            _one_of(lists.soort) + _(" (het woord voor de haakjes is genoeg)"),
        ),
        (
            HULPVRAGEN,
            "terugkerend",
            nee,
            _one_of(lists.terugkerend) + _("; leeg = niet geregistreerd (N.G in de rapportage)"),
        ),
        (HULPVRAGEN, "status", ja, _one_of(lists.status)),
        (
            HULPVRAGEN,
            "datum_afgerond",
            nee,
            date
            + _(
                "; niet voor de datum_aanmelding. De status geldt vanaf deze datum als die is ingevuld, anders vanaf de datum_aanmelding (daarvoor: Nog in behandeling)"
            ),
        ),
        (
            HULPVRAGEN,
            "organisatie",
            nee,
            _(
                "partnerorganisatie van het huishouden; een onbekende naam wordt als nieuwe organisatie aangemaakt"
            ),
        ),
        (
            HULPVRAGEN,
            "vertrouwenspersoon",
            nee,
            _(
                "naam van de vertrouwenspersoon; een onbekende naam wordt aangemaakt bij de organisatie van de rij"
            ),
        ),
        (HULPVRAGEN, "themas", nee, _("thema's gescheiden door komma's (zie onder)")),
        (HULPVRAGEN, "omschrijving", nee, _("korte omschrijving van de vraag")),
        (
            HULPVRAGEN,
            "statushistorie",
            nee,
            _(
                "extra kolom (export): alle statussen met datum, bijv. 05-01-2021 Nog in behandeling; 01-03-2021 Afgerond (Opgelost); 10-04-2021 Nog in behandeling. Tussen haakjes na Afgerond: de soort uitkomst van die afronding (mag leeg). Ingevuld gaat deze voor op datum_afgerond; de laatste status is die van de kolom status"
            ),
        ),
        (
            HULPVRAGEN,
            "soort_uitkomst",
            nee,
            _one_of(lists.soort_uitkomst)
            + _(
                "; extra kolom: wat het afronden opleverde, alleen bij status Afgerond (leeg = "
                "niet vastgelegd)"
            ),
        ),
        (NOODFONDS, "datum_aanvraag", _("ja, behalve bij Concept"), date),
        (
            NOODFONDS,
            "organisatie",
            ja,
            _("aanvragende organisatie; een onbekende naam wordt aangemaakt"),
        ),
        (
            NOODFONDS,
            "vertrouwenspersoon",
            nee,
            _("leeg = niet via een vertrouwenspersoon aangevraagd"),
        ),
        (NOODFONDS, "woonplaats", ja, _one_of(lists.woonplaats)),
        (NOODFONDS, "onderwerp", ja, _one_of(lists.onderwerp)),
        (NOODFONDS, "inkomsten", ja, _one_of(lists.inkomsten)),
        (NOODFONDS, "contact_formeel", ja, _("Ja of Nee")),
        (
            NOODFONDS,
            "gevraagd_bedrag",
            ja,
            _("bedrag van 0 of meer; een komma als decimaalteken mag (125,50)"),
        ),
        (NOODFONDS, "status", ja, _one_of(lists.aanvraag_status)),
        (NOODFONDS, "toegekend_bedrag", nee, _("bedrag van 0 of meer")),
        (
            NOODFONDS,
            "referentie",
            nee,
            _(
                "extra kolom (export): referentie van de aanvraag, bijv. NF-2021-0007. Ingevuld is dit de identiteit van de aanvraag; leeg krijgt een nieuwe aanvraag een referentie"
            ),
        ),
        (
            NOODFONDS,
            "huishouden",
            nee,
            _("extra kolom: referentie van het huishouden (blad Hulpvragen of al geregistreerd)"),
        ),
        (NOODFONDS, "motivatie", nee, _("extra kolom: motivatie van de aanvraag")),
        (
            NOODFONDS,
            "besloten_op",
            _("ja, bij Toegekend en Uitbetaald"),
            _("extra kolom: ") + date,
        ),
        (NOODFONDS, "uitbetaald_bedrag", nee, _("extra kolom: bedrag van 0 of meer")),
        (NOODFONDS, "uitbetaald_op", nee, _("extra kolom: ") + date),
        (NOODFONDS, "uitbetaald_aan", nee, _("extra kolom: ") + _one_of(lists.uitbetaald_aan)),
        (
            NOODFONDS,
            "crediteur_naam",
            _("ja, bij een IBAN"),
            _("extra kolom: naam van wie het geld krijgt (verhuurder, energiebedrijf)"),
        ),
        (
            NOODFONDS,
            "crediteur_iban",
            _("ja, bij een crediteur"),
            _("extra kolom: IBAN van de crediteur, zoals NL91ABNA0417164300"),
        ),
        (
            NOODFONDS,
            "crediteur_kenmerk",
            nee,
            _("extra kolom: betalingskenmerk, bijvoorbeeld het factuurnummer"),
        ),
        (
            NOODFONDS,
            "voorziening",
            nee,
            _("extra kolom: de voorliggende voorziening die eerst is gevraagd, ")
            + _one_of(lists.voorziening),
        ),
        (
            NOODFONDS,
            "voorziening_resultaat",
            nee,
            _("extra kolom: ") + _one_of(lists.voorziening_resultaat),
        ),
        (
            NOODFONDS,
            "checklist",
            nee,
            _(
                "extra kolom: de stukken, bijv. Identiteit gezien: Ontvangen; "
                "Inkomensverklaring: Ontbreekt"
            ),
        ),
        (NOODFONDS, "lening_bedrag", nee, _("extra kolom: het geleende bedrag (leeg: een gift)")),
        (NOODFONDS, "aflossing_per_maand", nee, _("extra kolom: bedrag per maand")),
        (
            NOODFONDS,
            "eerste_aflossing",
            nee,
            _("extra kolom: de eerste maand van aflossen, ") + date,
        ),
        (NOODFONDS, "kwijtgescholden_op", nee, _("extra kolom: ") + date),
        (NOODFONDS, "kwijtgescholden_bedrag", nee, _("extra kolom: bedrag van 0 of meer")),
        (NOODFONDS, "kwijtschelding_reden", nee, _("extra kolom: de reden van de kwijtschelding")),
        (
            NOODFONDS,
            "aflossingen",
            nee,
            _(
                "extra kolom: datum en bedrag per aflossing, bijv. 01-03-2021 60,00; 01-04-2021 60,00"
            ),
        ),
    ]


def general_rules():
    return [
        _("Zo werkt de import:"),
        _(
            "- De eerste rij van elk blad noemt de kolommen; de volgorde mag anders, extra kolommen worden genegeerd."
        ),
        _("- Lijstwaarden: hoofdletters en spaties tellen niet mee."),
        _(
            "- Alles of niets: bij één fout wordt niets opgeslagen, en u krijgt alle problemen tegelijk (blad, rij, kolom, waarde, wat verwacht werd)."
        ),
        _(
            "- Een hulpvraag is herkenbaar aan huishouden, hulpvrager en datum_aanmelding: wat al geregistreerd is, wordt niet nog eens aangemaakt."
        ),
        _(
            "- Een aanvraag is herkenbaar aan de referentie; zonder referentie aan datum, organisatie, vertrouwenspersoon, woonplaats, onderwerp, inkomsten en gevraagd bedrag."
        ),
        _(
            "- Woonplaats, inkomsten, contact_formeel en organisatie horen bij het huishouden; ingevulde waarden moeten overeenkomen met elkaar en met wat al geregistreerd is."
        ),
        _(
            "- Geslacht en geboortejaar horen bij de persoon; verschillende waarden voor één persoon zijn een fout op elke betrokken rij."
        ),
    ]


def log_export(*, door, bestandsnaam, counts, via="web"):
    """Side effect: one WerkmapLog entry (who, when, which file, counts)."""
    WerkmapLog.objects.create(
        actie=WerkmapActie.EXPORT, door=door, via=via, bestandsnaam=bestandsnaam, aantallen=counts
    )
