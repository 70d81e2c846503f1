"""The report's tables and key figures by hand-written SQL (PostgreSQL), the yardstick for the
product's report: same window, same definitions, written the way one would by hand, without the
ORM. `sql_report` returns the tables in the product's format so the benchmark can assert that both
give the same numbers.

Two versions of the status on the peildatum:
- `query(..., definition=True)`: by its definition, the latest change on or before the peildatum
  (ties by id), with DISTINCT ON over the whole status history: the check of the product's answer;
- `query(...)`: as a person who knows the schema writes it, and as the product does: when no
  status changed after the peildatum the stored current status is that status, else the history
  is read per help request. The benchmark times this one (the fair yardstick) and checks both.
Both run with the product's report session settings (rapportage.report.build.SESSION_SETTINGS) in
one transaction."""

import datetime
from decimal import Decimal

from django.db import connection, transaction

from hulpvragen.choices import (
    Geslacht,
    Inkomsten,
    Soort,
    Status,
    Terugkerend,
    UitkomstCategorie,
    Woonplaats,
)
from noodfonds.choices import Onderwerp
from rapportage.report import build, categories
from rapportage.report.key_figures import pct
from rapportage.report.tables import Percent, whole_percents

HULPVRAGEN_SQL = """
WITH {status_cte} formeel AS (
    SELECT DISTINCT hulpvraag_id FROM hulpvragen_doorverwijzing WHERE datum <= %(peildatum)s
), rij AS (
    SELECT h.pilot_id, h.soort, h.terugkerend, p.geslacht,
           EXTRACT(YEAR FROM h.intake_datum)::int - p.geboortejaar AS leeftijd,
           {status_expr} AS status_op,
           {uitkomst_expr} AS uitkomst_op,
           f.hulpvraag_id IS NOT NULL AS formeel
    FROM hulpvragen_hulpvraag h
    JOIN hulpvragen_hulpvrager p ON p.id = h.hulpvrager_id
    {status_join}
    LEFT JOIN formeel f ON f.hulpvraag_id = h.id
    WHERE h.intake_datum <= %(peildatum)s
)
SELECT pl.naam, pl.taakstelling, {{counts}}
FROM rij LEFT JOIN hulpvragen_pilot pl ON pl.id = rij.pilot_id
GROUP BY pl.id
ORDER BY pl.startdatum NULLS LAST, pl.naam
"""

STATUS_BY_DEFINITION = {
    "status_cte": """status_op AS (
    SELECT DISTINCT ON (hulpvraag_id) hulpvraag_id, naar, uitkomst_categorie
    FROM hulpvragen_statuswijziging
    WHERE datum <= %(peildatum)s
    ORDER BY hulpvraag_id, datum DESC, id DESC
),""",
    "status_expr": "COALESCE(s.naar, 'nog_in_behandeling')",
    "uitkomst_expr": "s.uitkomst_categorie",
    "status_join": "LEFT JOIN status_op s ON s.hulpvraag_id = h.id",
}
STATUS_STORED = {
    "status_cte": "",
    "status_expr": "h.status",
    "uitkomst_expr": "h.uitkomst_categorie",
    "status_join": "",
}
# the status and the outcome of the latest change on or before the peildatum: one probe for both
STATUS_PER_ROW = {
    "status_cte": "",
    "status_expr": "COALESCE(s.naar, 'nog_in_behandeling')",
    "uitkomst_expr": "s.uitkomst_categorie",
    "status_join": """LEFT JOIN LATERAL (SELECT naar, uitkomst_categorie
        FROM hulpvragen_statuswijziging w
        WHERE w.hulpvraag_id = h.id AND w.datum <= %(peildatum)s
        ORDER BY w.datum DESC, w.id DESC LIMIT 1) s ON true""",
}
CHANGED_LATER_SQL = "SELECT EXISTS (SELECT 1 FROM hulpvragen_statuswijziging WHERE datum > %s)"

AANVRAGEN_SQL = """
SELECT {counts}
FROM noodfonds_aanvraag
WHERE ingediend_op IS NOT NULL AND ingediend_op <= %(peildatum)s
"""

VERTROUWENSPERSONEN_SQL = """
SELECT count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM opleiding_deelname d
           WHERE d.vertrouwenspersoon_id = v.id AND d.status = 'afgerond'
             AND d.status_datum <= %(peildatum)s)),
       count(*) FILTER (WHERE v.startdatum <= %(peildatum)s
                          AND (v.einddatum IS NULL OR v.einddatum >= %(peildatum)s))
FROM netwerk_vertrouwenspersoon v
"""


def _lit(value) -> str:
    """A list value as an SQL literal (values come from the product's TextChoices)."""
    return "'" + str(value).replace("'", "''") + "'"


def _hulpvraag_counts() -> list[tuple[str, str]]:
    counts = [("totaal", "count(*)"), ("formeel", "count(*) FILTER (WHERE formeel)")]
    for i, (_label, lo, hi) in enumerate(categories.AGE_BANDS):
        cond = ["leeftijd IS NOT NULL"]
        cond += [f"leeftijd >= {lo}"] if lo is not None else []
        cond += [f"leeftijd <= {hi}"] if hi is not None else []
        counts.append((f"band{i}", f"count(*) FILTER (WHERE {' AND '.join(cond)})"))
    counts.append(("onbekend", "count(*) FILTER (WHERE leeftijd IS NULL)"))
    for column, values in (
        ("geslacht", Geslacht.values),
        ("status_op", Status.values),
        ("soort", Soort.values),
        ("terugkerend", Terugkerend.values),
    ):
        counts += [
            (f"{column}_{v}", f"count(*) FILTER (WHERE {column} = {_lit(v)})") for v in values
        ]
    counts.append(("geregistreerd", "count(*) FILTER (WHERE terugkerend <> '')"))
    closed = f"status_op = {_lit(Status.AFGEROND)}"
    counts += [
        (f"uitkomst_{v}", f"count(*) FILTER (WHERE {closed} AND uitkomst_op = {_lit(v)})")
        for v in UitkomstCategorie.values
    ]
    known = ", ".join(_lit(v) for v in UitkomstCategorie.values)
    counts.append(
        (
            "uitkomst_onbekend",
            f"count(*) FILTER (WHERE {closed} AND uitkomst_op IS NULL OR {closed} "
            f"AND uitkomst_op NOT IN ({known}))",
        )
    )
    return counts


FUND_FIELDS = [
    ("woonplaats", Woonplaats.choices),
    ("onderwerp", Onderwerp.choices),
    ("inkomsten", Inkomsten.choices),
]


def _aanvraag_counts() -> list[tuple[str, str]]:
    counts = [
        ("totaal", "count(*)"),
        ("via_vp", "count(*) FILTER (WHERE vertrouwenspersoon_id IS NOT NULL)"),
        (
            "toegekend",
            "sum(toegekend_bedrag) FILTER (WHERE besloten_op <= %(peildatum)s)",
        ),
        (
            "uitbetaald",
            "sum(uitbetaald_bedrag) FILTER (WHERE uitbetaald_op <= %(peildatum)s)",
        ),
        ("contact_True", "count(*) FILTER (WHERE contact_formeel)"),
        ("contact_False", "count(*) FILTER (WHERE NOT contact_formeel)"),
    ]
    for column, choices in FUND_FIELDS:
        counts += [
            (f"{column}_{v}", f"count(*) FILTER (WHERE {column} = {_lit(v)})") for v, _l in choices
        ]
    return counts


def _fetch(sql: str, counts: list[tuple[str, str]], params: dict, prefix=()) -> list[dict]:
    select = ", ".join(expr for _n, expr in counts)
    with connection.cursor() as cursor:
        cursor.execute(sql.format(counts=select), params)
        names = [*prefix, *(n for n, _e in counts)]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def query(peildatum: datetime.date, *, definition: bool = False) -> dict:
    """Help requests per pilot, fund applications, trusted persons (3 queries, plus the check
    for changes after the peildatum)."""
    params = {"peildatum": peildatum}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(build.SESSION_SETTINGS)
        if definition:
            status = STATUS_BY_DEFINITION
        else:
            cursor.execute(CHANGED_LATER_SQL, [peildatum])
            status = STATUS_PER_ROW if cursor.fetchone()[0] else STATUS_STORED
        sql = HULPVRAGEN_SQL.format(**status)
        pilots = _fetch(sql, _hulpvraag_counts(), params, prefix=("naam", "taakstelling"))
        fonds = _fetch(AANVRAGEN_SQL, _aanvraag_counts(), params)[0]
        cursor.execute(VERTROUWENSPERSONEN_SQL, params)
        opgeleid, actief = cursor.fetchone()
    return {"pilots": pilots, "fonds": fonds, "opgeleid": opgeleid, "actief": actief}


# --- the same tables in the product's format, for the comparison -------------------------------


def _pilot_table(pilots, rows):
    columns = [p["naam"] or categories.GEEN_PILOT for p in pilots] + [categories.TOTAAL]
    body = []
    for label, key in rows:
        values = [p[key] for p in pilots]
        body.append([label, *values, sum(values)])
    return {"columns": columns, "rows": body}


def _fund_table(fonds, prefix, choices, always):
    shown = [
        (label, fonds[f"{prefix}_{value}"])
        for value, label in choices
        if value in always or fonds[f"{prefix}_{value}"]
    ]
    total = fonds["totaal"]
    percents = whole_percents([n for _l, n in shown], total)
    rows = [[label, n, Percent(p)] for (label, n), p in zip(shown, percents, strict=True)]
    rows.append([categories.TOTAAL, total, Percent(100 if total else 0)])
    return {"columns": ["Aantal", "%"], "rows": rows}


def tables(result: dict) -> dict:
    pilots, fonds = result["pilots"], result["fonds"]
    leeftijd = [(label, f"band{i}") for i, (label, _lo, _hi) in enumerate(categories.AGE_BANDS)]
    sekse = [
        (label, f"geslacht_{v}")
        for v, label in Geslacht.choices
        if v in (Geslacht.MAN, Geslacht.VROUW) or any(p[f"geslacht_{v}"] for p in pilots)
    ]
    type_vraag = _pilot_table(pilots, [(label, f"soort_{v}") for v, label in Soort.choices])
    for value, label in categories.TERUGKEREND_ROWS:
        values = [
            p[f"terugkerend_{value}"] if p["geregistreerd"] else categories.NG for p in pilots
        ]
        type_vraag["rows"].append([label, *values, sum(v for v in values if v != categories.NG)])
    if any(0 < p["geregistreerd"] < p["totaal"] for p in pilots):
        values = [
            p["totaal"] - p["geregistreerd"] if p["geregistreerd"] else categories.NG
            for p in pilots
        ]
        type_vraag["rows"].append(
            [categories.NIET_GEREGISTREERD, *values, sum(v for v in values if v != categories.NG)]
        )
    type_vraag["rows"].append(_pilot_table(pilots, [(categories.TOTAAL, "totaal")])["rows"][0])
    uitkomst = [(label, f"uitkomst_{v}") for v, label in UitkomstCategorie.choices]
    if any(p["uitkomst_onbekend"] for p in pilots):
        uitkomst.append((categories.ONBEKEND, "uitkomst_onbekend"))
    return {
        categories.LEEFTIJD: _pilot_table(
            pilots, [*leeftijd, (categories.ONBEKEND, "onbekend"), (categories.TOTAAL, "totaal")]
        ),
        categories.SEKSE: _pilot_table(pilots, [*sekse, (categories.TOTAAL, "totaal")]),
        categories.STATUS: _pilot_table(
            pilots,
            [
                *((label, f"status_op_{v}") for v, label in Status.choices),
                (categories.TOTAAL, "totaal"),
            ],
        ),
        categories.TYPE_VRAAG: type_vraag,
        categories.WOONPLAATS: _fund_table(
            fonds, "woonplaats", Woonplaats.choices, categories.WOONPLAATS_ALTIJD
        ),
        categories.ONDERWERP: _fund_table(fonds, "onderwerp", Onderwerp.choices, Onderwerp.values),
        categories.INKOMSTEN: _fund_table(
            fonds, "inkomsten", Inkomsten.choices, categories.INKOMSTEN_ALTIJD
        ),
        categories.CONTACT_FORMEEL: _fund_table(
            fonds, "contact", categories.CONTACT_ROWS, [True, False]
        ),
        categories.UITKOMST: _pilot_table(
            pilots, [*uitkomst, (categories.TOTAAL, f"status_op_{Status.AFGEROND}")]
        ),
    }


def key_figures(result: dict) -> dict:
    """The key figures that are numbers, by their key in the product's report."""
    pilots, fonds = result["pilots"], result["fonds"]
    totaal = sum(p["totaal"] for p in pilots)
    return {
        "hulpvragen_totaal": totaal,
        "formele_betrokkenheid": sum(p["formeel"] for p in pilots),
        "vertrouwenspersonen_opgeleid": result["opgeleid"],
        "vertrouwenspersonen_actief": result["actief"],
        "aanvragen_totaal": fonds["totaal"],
        "aanvragen_via_vertrouwenspersoon": fonds["via_vp"],
        "bedrag_toegekend": fonds["toegekend"] or Decimal("0.00"),
        "bedrag_uitbetaald": fonds["uitbetaald"] or Decimal("0.00"),
    }


def differences(product: build.Report, result: dict) -> list[str]:
    """Every table row and key figure where the product and the SQL disagree (empty: equal).
    The tables the SQL computes (the source's eight and the outcomes) must all be in the
    product's report; the report's later tables (the fund chain's three, the route) are not
    written in SQL here and are not compared."""
    problems = []
    expected = tables(result)
    for title in expected:
        if title not in product.tables:
            problems.append(f"{title}: not in the product's report")
    for title, table in product.tables.items():
        if title in expected and table != expected[title]:
            problems.append(f"{title}: product {table} != SQL {expected[title]}")
    figures = {f.key: f.value for f in product.key_figures}
    sql = key_figures(result)
    checks = {
        "hulpvragen_totaal": figures["hulpvragen_totaal"],
        "formele_betrokkenheid": None,
        "vertrouwenspersonen_opgeleid": figures["vertrouwenspersonen_opgeleid"],
        "vertrouwenspersonen_actief": figures["vertrouwenspersonen_actief"],
        "aanvragen_totaal": figures["aanvragen_totaal"],
        "aanvragen_via_vertrouwenspersoon": None,
        "bedrag_toegekend": figures["bedrag_toegekend"],
        "bedrag_uitbetaald": figures["bedrag_uitbetaald"],
    }
    # percentages: compare the product's rounded share with the SQL's counts, rounded alike
    checks["formele_betrokkenheid"] = figures["formele_betrokkenheid_pct"]
    sql["formele_betrokkenheid"] = pct(sql["formele_betrokkenheid"], sql["hulpvragen_totaal"])
    checks["aanvragen_via_vertrouwenspersoon"] = figures["aanvragen_via_vertrouwenspersoon_pct"]
    sql["aanvragen_via_vertrouwenspersoon"] = pct(
        sql["aanvragen_via_vertrouwenspersoon"], sql["aanvragen_totaal"]
    )
    for key, value in checks.items():
        if value != sql[key]:
            problems.append(f"{key}: product {value} != SQL {sql[key]}")
    return problems
