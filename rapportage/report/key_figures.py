"""The key figures (kerncijfers) beside the tables: help requests against the pilots' targets and
formal involvement (from the help-request pass), trained and active trusted persons (two counts),
and the fund's applications and amounts (from the fund pass). Each figure carries its
definition, shown on the page and in the workbook."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.text import slugify
from django.utils.translation import gettext as _

from netwerk.models import Organisatie
from netwerk.roles import Rol, has_role, is_coordinator, organisatie_id_of
from netwerk.selectors import actief_op
from noodfonds.services import euro
from opleiding.choices import DeelnameStatus
from opleiding.models import Deelname
from rapportage.report.categories import GEEN_PILOT
from rapportage.report.params import Params, vertrouwenspersonen_in_scope
from rapportage.report.tables import Percent


@dataclass
class KeyFigure:
    key: str
    label: str
    value: int | Decimal | Percent
    definition: str
    target: int | None = None

    @property
    def display(self) -> str:
        if isinstance(self.value, Decimal):
            return euro(self.value)
        if self.target is not None:
            return f"{self.value} / {self.target}"
        return str(self.value)


CENT = Decimal("0.01")


def pct(part: int, whole: int) -> Percent:
    """Rounded half up (`categories.rounding_key_figures` states it); 0% when there is nothing
    to divide."""
    return Percent((200 * part + whole) // (2 * whole) if whole else 0)


# What `hulpvraag_key_figures` reads from the pilot columns besides `totaal` and the pilot: the
# categories (rapportage.report.categories.CATEGORIES) a pass for the key figures alone counts.
KEY_FIGURE_CATEGORIES = ("formeel",)


@dataclass(frozen=True)
class Taakstelling:
    """Whose targets the help requests are set against: the network's (each pilot's own) for
    the whole report; an organisation's own target per pilot (None: it has none) when the report
    covers one organisation; none when it covers one trusted person."""

    van: str  # "netwerk", "organisatie" or "geen"
    per_pilot: int | None = None


def taakstelling_of(user, params: Params) -> Taakstelling:
    """The targets that belong to what the report covers (`Taakstelling`): the organisation of
    the filter, else an organisation coordinator's own (their report covers only it)."""
    if params.vertrouwenspersoon:
        return Taakstelling("geen")
    if params.organisatie:
        return Taakstelling("organisatie", params.organisatie.taakstelling)
    if user is not None and not is_coordinator(user) and has_role(user, Rol.ORGCOORDINATOR):
        eigen = (
            Organisatie.objects.filter(pk=organisatie_id_of(user))
            .order_by()
            .values_list("taakstelling", flat=True)
        )
        return Taakstelling("organisatie", next(iter(eigen), None))
    return Taakstelling("netwerk")


def _pilot_target(group: dict, taakstelling: Taakstelling) -> int | None:
    if group["pilot_id"] is None:
        return None
    if taakstelling.van == "netwerk":
        return group["pilot__taakstelling"]
    return taakstelling.per_pilot


def _target_definitions(taakstelling: Taakstelling) -> tuple[str, str]:
    """The definitions of the per-pilot and the total figure, by whose target they show."""
    if taakstelling.van == "netwerk":
        return (
            _(
                "Aantal hulpvragen van deze pilot met een datum van aanmelding in de periode, "
                "tegenover de taakstelling van de pilot."
            ),
            _(
                "Alle hulpvragen met een datum van aanmelding in de periode, tegenover de som "
                "van de taakstellingen van de pilots in de tabel."
            ),
        )
    if taakstelling.per_pilot is not None:
        return (
            _(
                "Aantal hulpvragen van deze pilot met een datum van aanmelding in de periode, "
                "tegenover de eigen taakstelling per pilot van de organisatie."
            ),
            _(
                "Alle hulpvragen met een datum van aanmelding in de periode, tegenover de eigen "
                "taakstelling van de organisatie voor elke pilot in de tabel."
            ),
        )
    return (
        _(
            "Aantal hulpvragen van deze pilot met een datum van aanmelding in de periode. Geen "
            "taakstelling: de taakstelling van de pilot geldt voor het hele netwerk, niet voor "
            "dit deel ervan."
        ),
        _(
            "Alle hulpvragen met een datum van aanmelding in de periode. Geen taakstelling: de "
            "taakstellingen van de pilots gelden voor het hele netwerk, niet voor dit deel ervan."
        ),
    )


def _total_target(groups: list[dict], taakstelling: Taakstelling) -> int | None:
    if taakstelling.van == "netwerk":
        return sum(g["pilot__taakstelling"] or 0 for g in groups)
    if taakstelling.per_pilot is None:
        return None
    return taakstelling.per_pilot * sum(1 for g in groups if g["pilot_id"] is not None)


def hulpvraag_key_figures(groups: list[dict], taakstelling: Taakstelling) -> list[KeyFigure]:
    """From the pilot columns of `tables.per_pilot`: help requests per pilot and in total,
    against the targets of `taakstelling` (the network's only for the whole network), and the
    share with formal involvement."""
    per_pilot, total = _target_definitions(taakstelling)
    figures = [
        KeyFigure(
            key=f"hulpvragen_{slugify(g['pilot__naam'] or GEEN_PILOT)}",
            label=_("Hulpvragen %(pilot)s") % {"pilot": g["pilot__naam"] or GEEN_PILOT},
            value=g["totaal"],
            target=_pilot_target(g, taakstelling),
            definition=per_pilot,
        )
        for g in groups
    ]
    totaal = sum(g["totaal"] for g in groups)
    figures.append(
        KeyFigure(
            key="hulpvragen_totaal",
            label=_("Hulpvragen totaal"),
            value=totaal,
            target=_total_target(groups, taakstelling),
            definition=total,
        )
    )
    figures.append(
        KeyFigure(
            key="formele_betrokkenheid_pct",
            label=_("Hulpvragen met formele betrokkenheid"),
            value=pct(sum(g["formeel"] for g in groups), totaal),
            definition=_(
                "Aandeel van de hulpvragen in de periode waarvoor op of vóór de peildatum een "
                "doorverwijzing naar een formele instantie is vastgelegd (afgerond op hele "
                "procenten)."
            ),
        )
    )
    return figures


def _trained_condition(peildatum) -> Q:
    """Trained = an enrolment (opleiding.Deelname) afgerond on or before the peildatum.

    `id IN (…)`, not a correlated EXISTS: PostgreSQL hashes the completed enrolments once per
    peildatum, where EXISTS in a conditional count was probed once per trusted person (165,000
    probes per peildatum at a million, 1.4 s for the trend's eight: docs/PERFORMANCE.md)."""
    afgerond = Deelname.objects.filter(
        status=DeelnameStatus.AFGEROND, status_datum__lte=peildatum
    ).values("vertrouwenspersoon_id")
    return Q(pk__in=afgerond)


def vertrouwenspersoon_counts(user, params_list: list[Params]) -> list[dict]:
    """One query over the trusted persons the user may see (filtered like the report; the
    params share their filters), two conditional counts per peildatum, both by dates only (a
    stop or a start recorded later never changes the figure of an earlier peildatum): trained by
    a completed enrolment (a subquery, a semi-join), active by the period of
    `netwerk.selectors.actief_op`. One scan for the trend's eight quarters, not eight."""
    counts = {}
    for i, params in enumerate(params_list):
        counts[f"opgeleid__{i}"] = Count("pk", filter=_trained_condition(params.peildatum))
        counts[f"actief__{i}"] = Count("pk", filter=actief_op(params.peildatum))
    row = vertrouwenspersonen_in_scope(user, params_list[0]).aggregate(**counts)
    return [
        {"opgeleid": row[f"opgeleid__{i}"], "actief": row[f"actief__{i}"]}
        for i in range(len(params_list))
    ]


def vertrouwenspersoon_key_figures(user, params: Params, counts: dict | None = None):
    """Trained and active trusted persons on the peildatum (`vertrouwenspersoon_counts`;
    `counts`: already counted)."""
    if counts is None:
        counts = vertrouwenspersoon_counts(user, [params])[0]
    return [
        KeyFigure(
            key="vertrouwenspersonen_opgeleid",
            label=_("Opgeleide vertrouwenspersonen"),
            value=counts["opgeleid"],
            definition=_(
                "Vertrouwenspersonen die de opleiding op of vóór de peildatum hebben afgerond "
                "(deelname met status afgerond)."
            ),
        ),
        KeyFigure(
            key="vertrouwenspersonen_actief",
            label=_("Actieve vertrouwenspersonen"),
            value=counts["actief"],
            definition=_(
                "Vertrouwenspersonen die op de peildatum actief waren: startdatum op of vóór de "
                "peildatum en geen einddatum vóór de peildatum."
            ),
        ),
    ]


def fonds_key_counts(peildatum) -> dict:
    """What the fund pass (`tables.fund_pass`) also counts and sums for the key figures."""
    return {
        "via_vp": Count("pk", filter=Q(vertrouwenspersoon__isnull=False)),
        "toegekend": Sum(
            "toegekend_bedrag",
            filter=Q(toegekend_bedrag__isnull=False, besloten_op__lte=peildatum),
        ),
        "uitbetaald": Sum(
            "uitbetaald_bedrag",
            filter=Q(uitbetaald_bedrag__isnull=False, uitbetaald_op__lte=peildatum),
        ),
    }


def _cents(bedrag) -> Decimal:
    """An amount with exactly two decimals on every database (SQLite's sum of 120.50 is 120.5)."""
    return Decimal(bedrag or 0).quantize(CENT)


def fonds_key_figures(counts: dict) -> list[KeyFigure]:
    """From the fund pass: applications, the share via a trusted person, amounts granted and
    paid."""
    return [
        KeyFigure(
            key="aanvragen_totaal",
            label=_("Aanvragen noodfonds"),
            value=counts["totaal"],
            definition=_("Aanvragen bij het noodfonds ingediend in de periode."),
        ),
        KeyFigure(
            key="aanvragen_via_vertrouwenspersoon_pct",
            label=_("Aanvragen via een vertrouwenspersoon"),
            value=pct(counts["via_vp"], counts["totaal"]),
            definition=_(
                "Aandeel van de aanvragen in de periode waarbij een vertrouwenspersoon is "
                "vastgelegd (afgerond op hele procenten)."
            ),
        ),
        KeyFigure(
            key="bedrag_toegekend",
            label=_("Toegekend bedrag"),
            value=_cents(counts["toegekend"]),
            definition=_(
                "Som van de toegekende bedragen van de aanvragen in de periode, besloten op of "
                "vóór de peildatum."
            ),
        ),
        KeyFigure(
            key="bedrag_uitbetaald",
            label=_("Uitbetaald bedrag"),
            value=_cents(counts["uitbetaald"]),
            definition=_(
                "Som van de uitbetaalde bedragen van de aanvragen in de periode, uitbetaald op "
                "of vóór de peildatum."
            ),
        ),
    ]
