"""The key figures (kerncijfers) beside the tables: help requests against the pilots' targets and
formal involvement (from the help-request pass), trained and active trusted persons (two counts),
and the fund's applications and amounts (from the fund pass). Each figure carries its
definition, shown on the page and in the workbook."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.text import slugify
from django.utils.translation import gettext as _

from netwerk.models import VertrouwenspersoonStatus
from noodfonds.services import euro
from opleiding.choices import DeelnameStatus
from opleiding.models import Deelname
from rapportage.report.categories import ZONDER_PILOT
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


def pct(part: int, whole: int) -> Percent:
    """Rounded half up; 0% when there is nothing to divide."""
    return Percent((200 * part + whole) // (2 * whole) if whole else 0)


# What `hulpvraag_key_figures` reads from the pilot columns besides `totaal` and the pilot: the
# categories (rapportage.report.categories.CATEGORIES) a pass for the key figures alone counts.
KEY_FIGURE_CATEGORIES = ("formeel",)


def hulpvraag_key_figures(groups: list[dict]) -> list[KeyFigure]:
    """From the pilot columns of `tables.per_pilot`: help requests per pilot against the
    pilot's target, in total, and the share with formal involvement."""
    figures = [
        KeyFigure(
            key=f"hulpvragen_{slugify(g['pilot__naam'] or ZONDER_PILOT)}",
            label=_("Hulpvragen %(pilot)s") % {"pilot": g["pilot__naam"] or ZONDER_PILOT},
            value=g["totaal"],
            target=g["pilot__taakstelling"],
            definition=_(
                "Aantal hulpvragen van deze pilot met een datum van aanmelding in de periode, "
                "tegenover de taakstelling van de pilot."
            ),
        )
        for g in groups
    ]
    totaal = sum(g["totaal"] for g in groups)
    figures.append(
        KeyFigure(
            key="hulpvragen_totaal",
            label=_("Hulpvragen totaal"),
            value=totaal,
            target=sum(g["pilot__taakstelling"] or 0 for g in groups),
            definition=_(
                "Alle hulpvragen met een datum van aanmelding in de periode, tegenover de som "
                "van de taakstellingen van de pilots in de tabel."
            ),
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


def _trained_condition(peildatum):
    """Trained = an enrolment (opleiding.Deelname) afgerond on or before the peildatum."""
    return Exists(
        Deelname.objects.filter(
            vertrouwenspersoon=OuterRef("pk"),
            status=DeelnameStatus.AFGEROND,
            status_datum__lte=peildatum,
        )
    )


def vertrouwenspersoon_key_figures(user, params: Params) -> list[KeyFigure]:
    """Two counts over the trusted persons the user may see (filtered like the report): the
    trained condition is a subquery, a semi-join in WHERE (not per row)."""
    qs = vertrouwenspersonen_in_scope(user, params)
    counts = {
        "opgeleid": qs.filter(_trained_condition(params.peildatum)).count(),
        "actief": qs.filter(status=VertrouwenspersoonStatus.ACTIEF).count(),
    }
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
            definition=_("Vertrouwenspersonen met de status actief (de huidige stand)."),
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
            value=counts["toegekend"] or Decimal("0.00"),
            definition=_(
                "Som van de toegekende bedragen van de aanvragen in de periode, besloten op of "
                "vóór de peildatum."
            ),
        ),
        KeyFigure(
            key="bedrag_uitbetaald",
            label=_("Uitbetaald bedrag"),
            value=counts["uitbetaald"] or Decimal("0.00"),
            definition=_(
                "Som van de uitbetaalde bedragen van de aanvragen in de periode, uitbetaald op "
                "of vóór de peildatum."
            ),
        ),
    ]
