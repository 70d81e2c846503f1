"""The coordinators' fund overview as an Excel workbook, through samenvooruit.xlsx (formula guard)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from noodfonds import selectors
from samenvooruit.xlsx import new_workbook, write_sheet, xlsx_response


def budget_rows(periode: str) -> dict[str, tuple[list, list]]:
    """Sheet title → (header, rows): the same figures as the budget page."""
    saldo = selectors.budget_saldo()
    doorlooptijd = selectors.doorlooptijd_dagen()
    groep_kop = [
        _("Aanvragen"),
        _("Toegekend (aantal)"),
        _("Toegekend (€)"),
        _("Uitbetaald (€)"),
    ]

    def groep(rijen):
        return [
            [r["label"], r["aanvragen"], r["toegekend_aantal"], r["toegekend"], r["uitbetaald"]]
            for r in rijen
        ]

    return {
        _("Budget"): (
            [_("Onderdeel"), _("Waarde")],
            [
                [_("Stortingen"), saldo["stortingen"]],
                [_("Toegekend, nog niet uitbetaald"), saldo["toegekend_open"]],
                [_("Uitbetaald"), saldo["uitbetaald"]],
                [_("Beschikbaar"), saldo["beschikbaar"]],
                [_("Gemiddeld aantal dagen van indienen tot besluit"), doorlooptijd],
                [_("Peildatum"), timezone.localdate()],
            ],
        ),
        _("Per periode"): (
            [
                _("Periode"),
                _("Toegekend (aantal)"),
                _("Toegekend (€)"),
                _("Uitbetaald (aantal)"),
                _("Uitbetaald (€)"),
            ],
            [
                [
                    r["label"],
                    r["toegekend_aantal"],
                    r["toegekend"],
                    r["uitbetaald_aantal"],
                    r["uitbetaald"],
                ]
                for r in selectors.per_periode(periode)
            ],
        ),
        _("Per onderwerp"): ([_("Onderwerp"), *groep_kop], groep(selectors.per_onderwerp())),
        _("Per organisatie"): ([_("Organisatie"), *groep_kop], groep(selectors.per_organisatie())),
        _("Boekingen"): (
            [
                _("Datum"),
                _("Soort"),
                _("Omschrijving"),
                _("Storting"),
                _("Toegekend"),
                _("Uitbetaald"),
            ],
            [
                [
                    b["datum"],
                    b["soort_label"],
                    b["omschrijving"],
                    b["storting"],
                    b["toegekend"],
                    b["uitbetaald"],
                ]
                for b in selectors.boekingen(limit=None)
            ],
        ),
    }


def budget_response(periode: str):
    wb = new_workbook()
    for title, (header, rows) in budget_rows(periode).items():
        write_sheet(wb, title, header, rows, widths=[28] + [16] * (len(header) - 1))
    return xlsx_response(wb, f"noodfonds-{timezone.localdate():%Y-%m-%d}.xlsx")
