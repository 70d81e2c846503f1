"""The training downloads (samenvooruit.exporters): attendance and measurements of one cohort.
Callers fetch the cohort through `visible_to`."""

from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opleiding import selectors
from opleiding.choices import LEVENSDOMEINEN, AanwezigheidStatus, BijeenkomstSoort
from opleiding.models import Aanwezigheid, Meting
from samenvooruit.exporters import Exporter, ListExporter


class AanwezigheidExport(Exporter):
    """Sheet `Overzicht`: per trainee the share per kind of session and the completion rule;
    sheet `Aanwezigheid`: one row per trainee and session (for pivoting)."""

    def __init__(self, cohort):
        self.cohort = cohort

    def filename(self):
        return f"aanwezigheid-{self.cohort.pk}.xlsx"

    def lists(self):
        voortgang = selectors.cohort_voortgang(self.cohort)
        return [
            Overzicht(voortgang),
            AanwezigheidList(self.cohort, [v.deelname for v in voortgang]),
        ]


class Overzicht(ListExporter):
    title = gettext_lazy("Overzicht")
    widths = (28, 14)

    def __init__(self, voortgang):
        self.voortgang = voortgang
        self.soorten = selectors.bijeenkomst_soorten(voortgang)

    def get_columns(self):
        columns = [_("Naam"), _("Status")]
        for _value, label in self.soorten:
            columns += [f"{label} {_('aanwezig')}", f"{label} {_('gehouden')}", f"{label} %"]
        return [*columns, _("Voldoet aan afrondingsregel"), _("Datum certificaat")]

    def rows(self):
        for v in self.voortgang:
            row = [v.deelname.naam, v.deelname.get_status_display()]
            for value, _label in self.soorten:
                aandeel = v.aandelen[value]
                row += [aandeel.aanwezig, aandeel.gehouden, aandeel.pct]
            row += [_("Ja") if v.voldoet else _("Nee"), v.deelname.certificaat_datum]
            yield row


class AanwezigheidList(ListExporter):
    title = gettext_lazy("Aanwezigheid")
    columns = (
        gettext_lazy("Naam"),
        gettext_lazy("Datum"),
        gettext_lazy("Soort"),
        gettext_lazy("Onderwerp"),
        gettext_lazy("Online"),
        gettext_lazy("Aanwezigheid"),
    )
    widths = (28, 12, 22, 30, 8, 20)

    def __init__(self, cohort, deelnames):
        self.cohort = cohort
        self.deelnames = deelnames

    def rows(self):
        status = {
            (a.bijeenkomst_id, a.deelname_id): a.status
            for a in Aanwezigheid.objects.filter(bijeenkomst__cohort=self.cohort).only(
                "bijeenkomst_id", "deelname_id", "status"
            )
        }
        labels = dict(AanwezigheidStatus.choices)
        soort_labels = dict(BijeenkomstSoort.choices)
        bijeenkomsten = list(self.cohort.bijeenkomsten.all())
        for d in self.deelnames:
            for b in bijeenkomsten:
                yield [
                    d.naam,
                    b.datum,
                    str(soort_labels[b.soort]),
                    b.onderwerp,
                    _("Ja") if b.online else _("Nee"),
                    str(labels.get(status.get((b.pk, d.pk)), "")),
                ]


class MetingenExport(Exporter):
    """Sheet `Vergelijking`: per life domain the means and how many improved; sheet `Metingen`:
    one row per measurement with its six scores."""

    def __init__(self, cohort):
        self.cohort = cohort

    def filename(self):
        return f"metingen-{self.cohort.pk}.xlsx"

    def lists(self):
        return [Vergelijking(self.cohort), MetingenList(self.cohort)]


class Vergelijking(ListExporter):
    title = gettext_lazy("Vergelijking")
    columns = (
        gettext_lazy("Levensdomein"),
        gettext_lazy("Gemiddelde 0-meting"),
        gettext_lazy("Gemiddelde 1-meting"),
        gettext_lazy("Verbeterd"),
        gettext_lazy("Gelijk gebleven"),
        gettext_lazy("Met beide metingen"),
    )
    widths = (28, 20, 20, 12, 16, 20)

    def __init__(self, cohort):
        self.cohort = cohort

    def rows(self):
        for d in selectors.meting_vergelijking(self.cohort)["domeinen"]:
            yield [d.label, d.gem_nul, d.gem_een, d.verbeterd, d.gelijk, d.gepaard]


class MetingenList(ListExporter):
    title = gettext_lazy("Metingen")
    widths = (28, 10, 12)

    def __init__(self, cohort):
        self.cohort = cohort

    def get_columns(self):
        domeinen = [str(label) for _v, label in LEVENSDOMEINEN]
        return [_("Naam"), _("Soort"), _("Datum"), *domeinen, _("Toelichting")]

    def rows(self):
        metingen = (
            Meting.objects.filter(deelname__cohort=self.cohort)
            .select_related("deelname__vertrouwenspersoon")
            .order_by(
                Coalesce("deelname__vertrouwenspersoon__naam", "deelname__kandidaat_naam"), "soort"
            )
        )
        for m in metingen.iterator():
            yield [
                m.deelname.naam,
                m.get_soort_display(),
                m.datum,
                *m.scores().values(),
                m.toelichting,
            ]
