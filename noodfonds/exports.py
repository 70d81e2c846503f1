"""The coordinators' fund overview as an Excel workbook (samenvooruit.exporters): the same
figures as the budget page, one sheet per part."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from noodfonds import selectors
from samenvooruit.exporters import Exporter, ListExporter


class BudgetExport(Exporter):
    """The budget, the figures per period (`periode`: as chosen on the page), per subject and
    per organisation, and every booking."""

    def __init__(self, periode: str):
        self.periode = periode

    def filename(self):
        return f"noodfonds-{timezone.localdate():%Y-%m-%d}.xlsx"

    def lists(self):
        return [Budget(), PerPeriode(self.periode), PerOnderwerp(), PerOrganisatie(), Boekingen()]


class _BudgetList(ListExporter):
    @property
    def widths(self):
        """The labels wide, the figures narrower."""
        return [28] + [16] * (len(self.columns) - 1)


class Budget(_BudgetList):
    title = gettext_lazy("Budget")
    columns = (gettext_lazy("Onderdeel"), gettext_lazy("Waarde"))

    def rows(self):
        saldo = selectors.budget_saldo()
        return [
            [_("Stortingen"), saldo["stortingen"]],
            [_("Toegekend, nog niet uitbetaald"), saldo["toegekend_open"]],
            [_("Uitbetaald"), saldo["uitbetaald"]],
            [_("Aflossingen van leningen"), saldo["aflossingen"]],
            [_("Beschikbaar"), saldo["beschikbaar"]],
            [_("Gemiddeld aantal dagen van indienen tot besluit"), selectors.doorlooptijd_dagen()],
            [_("Peildatum"), timezone.localdate()],
        ]


class PerPeriode(_BudgetList):
    title = gettext_lazy("Per periode")
    columns = (
        gettext_lazy("Periode"),
        gettext_lazy("Toegekend (aantal)"),
        gettext_lazy("Toegekend (€)"),
        gettext_lazy("Uitbetaald (aantal)"),
        gettext_lazy("Uitbetaald (€)"),
    )

    def __init__(self, periode: str):
        self.periode = periode

    def rows(self):
        for r in selectors.per_periode(self.periode):
            yield [
                r["label"],
                r["toegekend_aantal"],
                r["toegekend"],
                r["uitbetaald_aantal"],
                r["uitbetaald"],
            ]


GROEP_KOLOMMEN = (
    gettext_lazy("Aanvragen"),
    gettext_lazy("Toegekend (aantal)"),
    gettext_lazy("Toegekend (€)"),
    gettext_lazy("Uitbetaald (€)"),
)


def _groep_rows(rijen):
    for r in rijen:
        yield [r["label"], r["aanvragen"], r["toegekend_aantal"], r["toegekend"], r["uitbetaald"]]


class PerOnderwerp(_BudgetList):
    title = gettext_lazy("Per onderwerp")
    columns = (gettext_lazy("Onderwerp"), *GROEP_KOLOMMEN)

    def rows(self):
        return _groep_rows(selectors.per_onderwerp())


class PerOrganisatie(_BudgetList):
    title = gettext_lazy("Per organisatie")
    columns = (gettext_lazy("Organisatie"), *GROEP_KOLOMMEN)

    def rows(self):
        return _groep_rows(selectors.per_organisatie())


class Boekingen(_BudgetList):
    title = gettext_lazy("Boekingen")
    columns = (
        gettext_lazy("Datum"),
        gettext_lazy("Soort"),
        gettext_lazy("Omschrijving"),
        gettext_lazy("Storting"),
        gettext_lazy("Toegekend"),
        gettext_lazy("Uitbetaald"),
        gettext_lazy("Aflossing"),
    )

    def rows(self):
        for b in selectors.boekingen(limit=None):
            yield [
                b["datum"],
                b["soort_label"],
                b["omschrijving"],
                b["storting"],
                b["toegekend"],
                b["uitbetaald"],
                b.get("aflossing"),
            ]
