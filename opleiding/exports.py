"""The training downloads: attendance and measurements of one cohort as .xlsx workbooks, written
through samenvooruit.xlsx (the formula guard). Callers fetch the cohort through `visible_to`."""

from django.utils.translation import gettext as _

from opleiding import selectors
from opleiding.choices import LEVENSDOMEINEN, AanwezigheidStatus, BijeenkomstSoort
from opleiding.models import Aanwezigheid, Meting
from samenvooruit.xlsx import new_workbook, write_sheet


def aanwezigheid_workbook(cohort):
    """Sheet `Overzicht`: per trainee the share per kind of session and the completion rule;
    sheet `Aanwezigheid`: one row per trainee and session (for pivoting)."""
    wb = new_workbook()
    voortgang = selectors.cohort_voortgang(cohort)
    soorten = selectors.bijeenkomst_soorten(voortgang)
    header = [_("Naam"), _("Status")]
    for _value, label in soorten:
        header += [f"{label} {_('aanwezig')}", f"{label} {_('gehouden')}", f"{label} %"]
    header += [_("Voldoet aan afrondingsregel"), _("Datum certificaat")]
    write_sheet(wb, _("Overzicht"), header, _overzicht_rows(voortgang, soorten), widths=[28, 14])
    write_sheet(
        wb,
        _("Aanwezigheid"),
        [_("Naam"), _("Datum"), _("Soort"), _("Onderwerp"), _("Online"), _("Aanwezigheid")],
        _aanwezigheid_rows(cohort, [v.deelname for v in voortgang]),
        widths=[28, 12, 22, 30, 8, 20],
    )
    return wb


def _overzicht_rows(voortgang, soorten):
    for v in voortgang:
        row = [v.deelname.vertrouwenspersoon.naam, v.deelname.get_status_display()]
        for value, _label in soorten:
            aandeel = v.aandelen[value]
            row += [aandeel.aanwezig, aandeel.gehouden, aandeel.pct]
        row += [_("Ja") if v.voldoet else _("Nee"), v.deelname.certificaat_datum]
        yield row


def _aanwezigheid_rows(cohort, deelnames):
    status = {
        (a.bijeenkomst_id, a.deelname_id): a.status
        for a in Aanwezigheid.objects.filter(bijeenkomst__cohort=cohort).only(
            "bijeenkomst_id", "deelname_id", "status"
        )
    }
    labels = dict(AanwezigheidStatus.choices)
    soort_labels = dict(BijeenkomstSoort.choices)
    bijeenkomsten = list(cohort.bijeenkomsten.all())
    for d in deelnames:
        for b in bijeenkomsten:
            yield [
                d.vertrouwenspersoon.naam,
                b.datum,
                str(soort_labels[b.soort]),
                b.onderwerp,
                _("Ja") if b.online else _("Nee"),
                str(labels.get(status.get((b.pk, d.pk)), "")),
            ]


def metingen_workbook(cohort):
    """Sheet `Vergelijking`: per life domain the means and how many improved; sheet `Metingen`:
    one row per measurement with its six scores."""
    wb = new_workbook()
    vergelijking = selectors.meting_vergelijking(cohort)
    write_sheet(
        wb,
        _("Vergelijking"),
        [
            _("Levensdomein"),
            _("Gemiddelde 0-meting"),
            _("Gemiddelde 1-meting"),
            _("Verbeterd"),
            _("Gelijk gebleven"),
            _("Met beide metingen"),
        ],
        (
            [d.label, d.gem_nul, d.gem_een, d.verbeterd, d.gelijk, d.gepaard]
            for d in vergelijking["domeinen"]
        ),
        widths=[28, 20, 20, 12, 16, 20],
    )
    metingen = (
        Meting.objects.filter(deelname__cohort=cohort)
        .select_related("deelname__vertrouwenspersoon")
        .order_by("deelname__vertrouwenspersoon__naam", "soort")
    )
    write_sheet(
        wb,
        _("Metingen"),
        [
            _("Naam"),
            _("Soort"),
            _("Datum"),
            *[str(label) for _v, label in LEVENSDOMEINEN],
            _("Toelichting"),
        ],
        (
            [
                m.deelname.vertrouwenspersoon.naam,
                m.get_soort_display(),
                m.datum,
                *m.scores().values(),
                m.toelichting,
            ]
            for m in metingen.iterator()
        ),
        widths=[28, 10, 12],
    )
    return wb
