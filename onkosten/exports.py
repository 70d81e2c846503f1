"""The expenses of a period as an Excel workbook (samenvooruit.exporters: the one formula guard
on every text cell): the claims, and the flat allowances paid."""

import datetime

from django.utils.translation import gettext_lazy

from onkosten import selectors
from onkosten.models import Vrijwilligersvergoeding
from samenvooruit.exporters import Exporter, ListExporter


def _periode_naam(van, tot) -> str:
    return f"{van:%Y-%m-%d}" if van else "begin", f"{tot:%Y-%m-%d}" if tot else "nu"


class OnkostenExport(Exporter):
    def __init__(self, user, *, van: datetime.date | None, tot: datetime.date | None):
        self.user, self.van, self.tot = user, van, tot

    def filename(self):
        van, tot = _periode_naam(self.van, self.tot)
        return f"onkosten-{van}-{tot}.xlsx"

    def lists(self):
        return [Declaraties(self), Vergoedingen(self)]


class Declaraties(ListExporter):
    title = gettext_lazy("Declaraties")
    columns = (
        gettext_lazy("Datum"),
        gettext_lazy("Vertrouwenspersoon"),
        gettext_lazy("Soort"),
        gettext_lazy("Omschrijving"),
        gettext_lazy("Bedrag (€)"),
        gettext_lazy("Status"),
        gettext_lazy("Beoordeeld op"),
        gettext_lazy("Toelichting"),
        gettext_lazy("Bon"),
    )
    widths = (12, 24, 12, 36, 12, 14, 14, 30, 24)

    def __init__(self, export):
        self.export = export

    def rows(self):
        claims = selectors.declaraties_in_periode(
            self.export.user, van=self.export.van, tot=self.export.tot
        )
        for d in claims.iterator():
            yield [
                d.datum,
                d.vertrouwenspersoon.naam,
                d.get_soort_display(),
                d.omschrijving,
                d.bedrag,
                d.get_status_display(),
                d.beoordeeld_op.date() if d.beoordeeld_op else None,
                d.toelichting,
                d.bon_naam,
            ]


class Vergoedingen(ListExporter):
    title = gettext_lazy("Vrijwilligersvergoeding")
    columns = (
        gettext_lazy("Datum"),
        gettext_lazy("Vertrouwenspersoon"),
        gettext_lazy("Bedrag (€)"),
        gettext_lazy("Omschrijving"),
    )
    widths = (12, 24, 12, 36)

    def __init__(self, export):
        self.export = export

    def rows(self):
        betalingen = Vrijwilligersvergoeding.objects.visible_to(self.export.user).select_related(
            "vertrouwenspersoon"
        )
        if self.export.van:
            betalingen = betalingen.filter(datum__gte=self.export.van)
        if self.export.tot:
            betalingen = betalingen.filter(datum__lte=self.export.tot)
        for b in betalingen.order_by("datum", "pk").iterator():
            yield [b.datum, b.vertrouwenspersoon.naam, b.bedrag, b.omschrijving]
