"""What the report counts by: the tables' titles and labels, the age bands, the fixed lists of
the fund tables, and the categories of the help-request tables, each defined once (`CATEGORIES`)
with the SQL expression or condition it counts with."""

from dataclasses import dataclass, field

from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from hulpvragen.choices import (
    GEEN_PILOT as GEEN_PILOT,  # the column of help requests outside pilots
)
from hulpvragen.choices import (
    Geslacht,
    Inkomsten,
    Soort,
    Status,
    Terugkerend,
    UitkomstCategorie,
    Woonplaats,
)
from hulpvragen.models import StatusWijziging
from hulpvragen.selectors import status_uitkomst_subquery
from noodfonds.choices import Onderwerp

# The labels below are the report format the municipality receives (the source report's
# section 5); they are data labels, identical in every UI language, like the fixed lists.
TOTAAL = "Totaal"
ONBEKEND = "Onbekend"
NG = "N.G"

LEEFTIJD = "Leeftijd hulpvragers"
SEKSE = "Sekse"
STATUS = "Status hulpvraag"
TYPE_VRAAG = "Type vraag hulpvragers"
WOONPLAATS = "Woonplaats aanvragers fonds"
ONDERWERP = "Onderwerp aanvraag fonds"
INKOMSTEN = "Inkomsten"
CONTACT_FORMEEL = "Contact met formeel"
UITKOMST = "Uitkomst afgeronde hulpvragen"
# issue 21: the fund's chain around the decision
VOORZIENING = "Voorliggende voorziening afgewezen of te traag"
LENINGEN = "Leningen"
FONDSGEVERS = "Per fondsgever en jaar"
ROUTE = "Route naar werk vertrouwenspersonen"
ROUTE_NU = "Nu op deze stap"
ROUTE_BEREIKT = "Stap gezet in de periode"
# the route's steps (opleiding.choices.RouteStap) as the report names them, in every language
ROUTE_RIJEN = [
    ("vrijwilliger", "Vrijwilliger"),
    ("buurtbaan", "Buurtbaan"),
    ("opleiding", "Opleiding"),
    ("betaald_werk", "Betaald werk"),
]

# Table title -> the name of its pivot sheet in the Excel workbook (DOMAIN.md).
SHEET_NAMES = {
    LEEFTIJD: "Leeftijd",
    SEKSE: "Sekse",
    STATUS: "Status",
    TYPE_VRAAG: "Type vraag",
    WOONPLAATS: "Woonplaats",
    ONDERWERP: "Onderwerp",
    INKOMSTEN: "Inkomsten",
    CONTACT_FORMEEL: "Contact formeel",
    UITKOMST: "Uitkomst",
    VOORZIENING: "Voorzieningen",
    LENINGEN: "Leningen",
    FONDSGEVERS: "Fondsgevers",
    ROUTE: "Route",
}
HULPVRAAG_TABLES = (LEEFTIJD, SEKSE, STATUS, TYPE_VRAAG)
FONDS_TABLES = (WOONPLAATS, ONDERWERP, INKOMSTEN, CONTACT_FORMEEL)
# The source report's eight tables, then what this report adds (seed 000's open challenge
# "follow the effects of solutions"): the closed help requests by outcome, per pilot.
SEED_TABLES = (*HULPVRAAG_TABLES, *FONDS_TABLES)
# Then the fund's chain (issue 21): the policy signals of provisions, the loans, per funder;
# and the route of the trusted persons (seed 003: vrijwilliger, buurtbaan, opleiding, betaald
# werk; issue 22 §5)
EXTRA_TABLES = (UITKOMST, VOORZIENING, LENINGEN, FONDSGEVERS, ROUTE)

# (label, lowest age, highest age); None = open end. Bands go by their lower bound.
AGE_BANDS = [
    ("1 t/m 20 jaar", None, 19),
    ("20 t/m 40 jaar", 20, 39),
    ("40 t/m 60 jaar", 40, 59),
    ("60 t/m 80 jaar", 60, 79),
    ("80+", 80, None),
]
TERUGKEREND_ROWS = [(Terugkerend.TERUGKEREND, "Terugkerend"), (Terugkerend.EENMALIG, "Eenmalig")]
# Shown only when a pilot has recurrence recorded for part of its help requests: then
# Terugkerend + Eenmalig + this row = Totaal in every column that has numbers.
NIET_GEREGISTREERD = "Terugkerend/eenmalig niet geregistreerd"
CONTACT_ROWS = [(True, "Wel contact met formeel"), (False, "Geen contact met formeel")]


def rounding_key_figures() -> str:
    """The rounding rule of the key figures' percentages, stated beside them (page, workbook)."""
    return _(
        "Afronding: een percentage bij de kerncijfers is rekenkundig afgerond op hele procenten "
        "(een half naar boven: 12,5% wordt 13%)."
    )


def table_notes() -> dict[str, str]:
    """What a table's reader needs beside its figures: the fund tables' rounding rule (which
    differs from the key figures') and how the Type vraag rows add up."""
    fonds = _(
        "Afronding: de percentages in deze tabel volgen de methode van de grootste resten: elk "
        "aandeel wordt naar beneden afgerond en de ontbrekende procenten gaan naar de aandelen "
        "met de grootste rest, zodat de kolom optelt tot precies 100%. Een percentage kan daardoor "
        "een procent afwijken van gewoon afronden."
    )
    return {
        TYPE_VRAAG: _(
            "Per pilot: Terugkerend + Eenmalig (+ Terugkerend/eenmalig niet geregistreerd, als "
            "een pilot dat maar voor een deel van de hulpvragen heeft vastgelegd) = Totaal. N.G: "
            "voor deze pilot is het niet geregistreerd; de kolom Totaal telt alleen de getallen op."
        ),
        **dict.fromkeys(FONDS_TABLES, fonds),
        UITKOMST: _(
            "De hulpvragen die op de peildatum afgerond waren, naar de soort uitkomst die bij het "
            "afronden is vastgelegd; Totaal = Afgerond in de tabel Status hulpvraag. Onbekend: "
            "afgerond voordat de soort uitkomst werd vastgelegd."
        ),
        VOORZIENING: _(
            "Aanvragen bij het noodfonds ingediend in de periode waarbij de voorliggende "
            "voorziening (zoals bijzondere bijstand) was afgewezen of te traag; van elk is een "
            "anoniem signaal voor beleid gemaakt (bij Signalen, met de opvolging daar)."
        ),
        LENINGEN: _(
            "Renteloze leningen: verstrekt = besluit in de periode; terugbetaald en "
            "kwijtgescholden = datum in de periode; openstaand = op de peildatum nog te betalen "
            "van de leningen met een besluit tot de peildatum."
        ),
        FONDSGEVERS: _(
            "Per jaar: gestort door de fondsgever, en wat aan giften, leningen en terugbetalingen "
            "uit het fonds ging of terugkwam, toegerekend aan de fondsgevers naar hun aandeel in "
            "alle stortingen tot en met het eind van dat jaar (in hele centen, grootste rest), "
            "want geld in het fonds is niet geoormerkt. Stortingen tellen voor het hele fonds."
        ),
        ROUTE: _(
            "De vertrouwenspersonen die op de peildatum begonnen waren, naar hun stap op de "
            "route van vrijwilliger naar betaald werk: Nu op deze stap = de stap van hun laatste "
            "ontwikkelstap op of vóór de peildatum (zonder ontwikkelstap: vrijwilliger); Stap gezet "
            "in de periode = wie een ontwikkelstap van die soort zette in de periode van de "
            "rapportage (opleiding: een vervolgopleiding of een opleiding "
            "ervaringsdeskundigheid)."
        ),
    }


# Fund tables show the source report's labels always and the rest of the fixed list (West, Noord,
# Zuidoost, Anders; Inkomen uit werk, Onbekend) only when its count is not zero: the table then
# reads exactly like the source, yet nothing in the data is ever hidden.
WOONPLAATS_ALTIJD = Woonplaats.values[:7]
INKOMSTEN_ALTIJD = Inkomsten.values[:4]

FUND_TABLES = {
    # title: (field, choices, the values always shown)
    WOONPLAATS: ("woonplaats", Woonplaats.choices, WOONPLAATS_ALTIJD),
    ONDERWERP: ("onderwerp", Onderwerp.choices, Onderwerp.values),
    INKOMSTEN: ("inkomsten", Inkomsten.choices, INKOMSTEN_ALTIJD),
    CONTACT_FORMEEL: ("contact_formeel", CONTACT_ROWS, [True, False]),
}


# --- the help-request categories ----------------------------------------------------------------


def _band_bounds() -> list[int]:
    """The lower bounds of the age bands after the first (bands go by their lower bound)."""
    return [lo for _label, lo, _hi in AGE_BANDS[1:]]


def _leeftijd_counts(_peildatum, _van=None) -> dict:
    """Counted per lower bound (age >= 20, >= 40, ...) and no birth year; `_leeftijd_banden`
    turns those into the bands. The age (intake year - birth year) is the help request's copy
    `rapport_leeftijd` (hulpvragen.rapportvelden: NULL without a birth year)."""
    counts = {f"vanaf{lo}": Q(rapport_leeftijd__gte=lo) for lo in _band_bounds()}
    counts["onbekend"] = Q(rapport_leeftijd__isnull=True)
    return counts


def _leeftijd_banden(group: dict) -> None:
    """Band i = (age >= its lower bound) - (age >= the next band's); the first band is every
    known age below the second band's lower bound."""
    vanaf = [
        group["totaal"] - group["onbekend"],
        *(group.pop(f"vanaf{lo}") for lo in _band_bounds()),
        0,
    ]
    for i in range(len(AGE_BANDS)):
        group[f"band{i}"] = vanaf[i] - vanaf[i + 1]


def _status_op(peildatum) -> dict:
    """The status on the peildatum and, for a help request closed then, the outcome's category
    recorded with that closing (one query decides how): the domain's rule
    (`status_uitkomst_subquery`, the latest change on or before it, one index probe for both),
    none yet counting as nog in behandeling.

    Looking the status up in the history costs an index probe per help request (seconds at a
    million). When no status changed after the peildatum (every report up to today), each help
    request still has the status it had then, and that is its stored current status (and the
    category of its latest closing): the services write every change to both and refuse a
    change dated before the last one, so the last change is the current status. One query on
    the change dates (indexed) decides."""
    if StatusWijziging.objects.filter(datum__gt=peildatum).exists():
        return {
            "status": Coalesce(
                status_uitkomst_subquery(peildatum),
                Value(f"{Status.NOG_IN_BEHANDELING}|"),
                output_field=CharField(),
            )
        }
    return {"status": F("status"), "uitkomst": F("uitkomst_categorie")}


# the choices' values, once: `Choices.values` makes a new list at every call (thousands of groups)
_STATUSSEN = frozenset(Status.values)
_UITKOMSTEN = frozenset(UitkomstCategorie.values)


def _status_keys(values: dict) -> tuple[str, ...]:
    """The counts a status (and outcome) group adds to: its status; for a closed help request
    also its outcome's category (not recorded: `u_onbekend`). A status outside the list adds to
    Totaal only. From the history the two come as one text "status|categorie"."""
    status, categorie = values["status"], values.get("uitkomst")
    if categorie is None:
        status, _sep, categorie = status.partition("|")
    keys = (f"s_{status}",) if status in _STATUSSEN else ()
    if status == Status.AFGEROND:
        known = categorie in _UITKOMSTEN
        keys += (f"u_{categorie}" if known else "u_onbekend",)
    return keys


def _formeel_counts(peildatum, _van=None) -> dict:
    """A referral on or before the peildatum: the help request's earliest referral
    (`rapport_eerste_doorverwijzing`, kept by hulpvragen.rapportvelden) is on or before it. A
    comparison of two dates per help request, no lookup of its referrals."""
    return {"formeel": Q(rapport_eerste_doorverwijzing__lte=peildatum)}


def _keys(prefix: str, values) -> dict:
    return {value: (f"{prefix}{value}",) for value in values}


@dataclass(frozen=True)
class Category:
    """One of the things the help-request tables count by, defined once, in one of two ways.

    Grouped (`group_by`, a function of the peildatum giving the expression): the pass groups the
    help requests by its value; `of_value` says which counts a value adds to (a value outside
    its list, data that bypassed the forms, adds to `other` only, like a conditional count that
    matches nothing). For columns with a few values: the groups multiply, yet stay a few hundred.

    Counted (`conditions`, a function of the peildatum and the window's start date, None for
    none, giving {count: condition}): one
    conditional count per group. For the age band and formal involvement: their expressions
    read a column that differs per help request (the intake date, the id), and grouping by
    them makes PostgreSQL expect a group per help request and give up the parallel plan.

    Grouped by several columns (`group_by` giving {part: expression}): `keys_of` says which
    counts the group's values ({part: value}) add to (the status and the outcome recorded with
    it, read together).

    `counts`: the counts it fills; every pilot column starts them at 0. `finish`, if any, turns
    a pilot column's counts into the table's (the age bands from counts per lower bound)."""

    counts: tuple[str, ...]
    group_by: object = None
    of_value: dict = field(default_factory=dict)
    other: tuple[str, ...] = ()
    conditions: object = None
    finish: object = None
    keys_of: object = None

    def columns(self, name: str, peildatum) -> dict:
        """The pass's group columns of this category: {column name: expression}."""
        expressions = self.group_by(peildatum)
        if not isinstance(expressions, dict):
            return {f"c_{name}": expressions}
        return {f"c_{name}__{part}": e for part, e in expressions.items()}

    def keys(self, name: str, row: dict) -> tuple[str, ...]:
        """The counts a group of the pass (`row`) adds to."""
        if self.keys_of is None:
            return self.of_value.get(row[f"c_{name}"], self.other)
        prefix = f"c_{name}__"
        values = {k[len(prefix) :]: v for k, v in row.items() if k.startswith(prefix)}
        return self.keys_of(values)


CATEGORIES = {
    "leeftijd": Category(
        (*(f"vanaf{lo}" for lo in _band_bounds()), "onbekend"),
        conditions=_leeftijd_counts,
        finish=_leeftijd_banden,
    ),
    "geslacht": Category(
        tuple(f"g_{v}" for v in Geslacht.values),
        group_by=lambda _peildatum: F("rapport_geslacht"),
        of_value=_keys("g_", Geslacht.values),
    ),
    # the status on the peildatum, and of the help requests closed then the outcome's category
    "status": Category(
        (
            *(f"s_{v}" for v in Status.values),
            *(f"u_{v}" for v in UitkomstCategorie.values),
            "u_onbekend",
        ),
        group_by=_status_op,
        keys_of=_status_keys,
    ),
    "soort": Category(
        tuple(f"t_{v}" for v in Soort.values),
        group_by=lambda _peildatum: F("soort"),
        of_value=_keys("t_", Soort.values),
    ),
    # "" = not recorded; every other value is registered (the N.G rule)
    "terugkerend": Category(
        (*(f"t_{v}" for v in Terugkerend.values), "geregistreerd"),
        group_by=lambda _peildatum: F("terugkerend"),
        of_value={"": (), **{v: (f"t_{v}", "geregistreerd") for v in Terugkerend.values}},
        other=("geregistreerd",),
    ),
    "formeel": Category(("formeel",), conditions=_formeel_counts),
}
