"""The quarterly report (DOMAIN.md, "the quarterly report"): the source report's eight tables, the
outcome table and the key figures, computed from the registration for a peildatum and an
optional start date.

Every table is {"columns": [...], "rows": [[label, value, ...], ...]}; the HTML page, the Excel
workbook and `--json` render those same rows of `build_report`. The help requests are grouped by
pilot and the categories with few values (sex, status, kind, recurrence), with conditional counts
for the age bands and formal involvement (`CATEGORIES`, each category defined once), so the
database returns a few hundred groups and Python adds them up per pilot column. The whole report
is one pass over the help requests (four tables and their key figures), one over the fund
applications (grouped by the fund tables' fields), two counts of the trusted persons and a few
small queries, whatever the number of records (docs/PERFORMANCE.md).

Counting rules
- Help requests count when van <= intake_datum <= peildatum; fund applications when
  van <= ingediend_op <= peildatum (a draft has no ingediend_op and never counts; a submitted
  application counts whatever happened to it later).
- Help-request tables have one column per pilot that has help requests in the window (ordered by
  the pilot's start date), then `Totaal`. Help requests without a pilot get a column
  `Geen pilot` (the word of the registration workbook; just before `Totaal`) only when there are any, so the columns always add up.
- Age = intake year - birth year, in bands by lower bound (< 20, 20-39, 40-59, 60-79, >= 80); no
  birth year: `Onbekend`.
- Status is the status as it was on the peildatum: the latest StatusWijziging with
  datum <= peildatum (ties broken by id). A help request without any change on or before the
  peildatum (only possible for data that bypassed the services) counts as `Nog in behandeling`.
- Type vraag: a column in which no help request has its recurrence recorded shows `N.G` in the
  `Terugkerend` and `Eenmalig` rows; the `Totaal` column adds only the numbers. When a column has
  its recurrence recorded for only part of its help requests, a row `Terugkerend/eenmalig niet
  geregistreerd` (only then) makes every column with numbers add up to its Totaal.
- Key figures: every one as of the peildatum, from dated records only (nothing reads today):
  trusted persons active by their start and end dates (`netwerk.selectors.actief_op`), trained
  by a completed enrolment, amounts by their decision and payment dates. Their percentages are
  rounded half up (`key_figures.pct`); the page and the workbook state both rounding rules
  beside the figures (`categories.rounding_key_figures`, `categories.table_notes`).
- Targets belong to what the report covers: the pilots' (the network's) for the whole report,
  an organisation's own (`Organisatie.taakstelling`, else none) when it covers one organisation
  (a filter, or an organisation coordinator's report), none for one trusted person.
- Amounts in `--json` are text with two decimals ("120.50") on every database.
- After the source's eight tables, `Uitkomst afgeronde hulpvragen` (seed 000's open challenge
  "follow the effects of solutions"): per pilot column, the help requests closed on the
  peildatum by the outcome's category recorded with that closing (the same pass, read with the
  status from the history: one probe for both); `Onbekend` (closed before the category was
  recorded) only when not zero; its Totaal is the Status table's Afgerond.
- Fund tables (`Aantal`, `%`): the rows the source report shows are always there (also at 0);
  the other values of the fixed lists (West, Noord, Zuidoost, Anders; Inkomen uit werk,
  Onbekend) appear only when their count is not zero, so a report reads like the source yet never
  hides data. Whole percentages use the largest-remainder rule (`whole_percents`), so a column
  always adds up to exactly 100% (0% everywhere when there are no applications).
- Sekse: Man and Vrouw always; Anders and Onbekend only when not zero.

Modules: `params` (what a report is asked for, and the records it then covers), `categories`
(titles, labels, age bands, fixed lists, the help-request categories), `tables` (the two passes
and the eight tables), `key_figures`, `build` (`build_report`, `report_json`); then what renders
a report: `excel` (the workbook), `charts` (the page's chart data), and `forms` (the page's
parameters and presets). The page is rapportage.views, the command `manage.py rapportage`.
"""

from rapportage.report.build import Report, build_report, report_json

__all__ = ["Report", "build_report", "report_json"]
