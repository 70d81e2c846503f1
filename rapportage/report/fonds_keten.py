"""The report's tables of the fund's chain around the decision (issue 21): provisions refused
or too slow (the anonymous policy signals), the loans, and per funder and year. A few small
queries each, whatever the number of applications (grouped in the database).

Attribution to funders: money in the fund is not earmarked, so a year's gifts, loans and
repayments are attributed to the funders in proportion to their deposits made up to the end of
that year (every deposit since the start), split in whole cents by the largest remainder so the
funders' amounts add up exactly to the year's. A year without any deposit so far attributes to
`Geen fondsgever`."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from noodfonds.choices import AanvraagStatus, Voorziening, VoorzieningResultaat
from noodfonds.models import Aanvraag, Aflossing, Lening, Storting
from rapportage.report.categories import FONDSGEVERS, LENINGEN, TOTAAL, VOORZIENING
from rapportage.report.params import Params, aanvragen_in_window

NUL = Decimal("0.00")
GEEN_FONDSGEVER = "Geen fondsgever"
BESLOTEN = (AanvraagStatus.TOEGEKEND, AanvraagStatus.UITBETAALD)
SIGNAAL = (VoorzieningResultaat.AFGEWEZEN, VoorzieningResultaat.TE_TRAAG)


def _aanvragen(user, params: Params):
    """The applications the user may see, filtered like the report, without a window."""
    qs = Aanvraag.objects.all() if user is None else Aanvraag.objects.visible_to(user)
    if params.organisatie:
        qs = qs.filter(organisatie=params.organisatie)
    if params.vertrouwenspersoon:
        qs = qs.filter(vertrouwenspersoon=params.vertrouwenspersoon)
    return qs


def _in_window(field: str, params: Params) -> Q:
    q = Q(**{f"{field}__lte": params.peildatum})
    if params.van:
        q &= Q(**{f"{field}__gte": params.van})
    return q


def voorziening_table(user, params: Params) -> dict:
    """Rows per provision, columns Afgewezen, Te traag, Totaal. One query."""
    counts = {
        (r["voorziening"], r["voorziening_resultaat"]): r["n"]
        for r in aanvragen_in_window(user, params)
        .filter(voorziening_resultaat__in=SIGNAAL)
        .order_by()
        .values("voorziening", "voorziening_resultaat")
        .annotate(n=Count("pk"))
    }
    rows = []
    for voorziening in (Voorziening.BIJZONDERE_BIJSTAND, Voorziening.ANDERS):
        waarden = [counts.get((voorziening, r), 0) for r in SIGNAAL]
        rows.append([str(voorziening.label), *waarden, sum(waarden)])
    totaal = [sum(row[i] for row in rows) for i in range(1, 4)]
    return {"columns": ["Afgewezen", "Te traag", TOTAAL], "rows": [*rows, [TOTAAL, *totaal]]}


def leningen_table(user, params: Params) -> dict:
    """Issued, repaid, remitted in the window and outstanding on the peildatum: Aantal, Bedrag.
    Four aggregate queries."""
    leningen = Lening.objects.filter(aanvraag__in=_aanvragen(user, params))
    verstrekt = leningen.filter(_in_window("aanvraag__besloten_op", params)).aggregate(
        n=Count("pk"), s=Sum("bedrag")
    )
    terug = Aflossing.objects.filter(lening__in=leningen).filter(_in_window("datum", params))
    terug = terug.aggregate(n=Count("pk"), s=Sum("bedrag"))
    kwijt = leningen.filter(_in_window("kwijtgescholden_op", params)).aggregate(
        n=Count("pk"), s=Sum("kwijtgescholden_bedrag")
    )
    tot_peildatum = leningen.filter(aanvraag__besloten_op__lte=params.peildatum)
    open_n, open_s = 0, NUL
    afgelost = {
        r["lening_id"]: r["s"]
        for r in Aflossing.objects.filter(lening__in=tot_peildatum, datum__lte=params.peildatum)
        .order_by()
        .values("lening_id")
        .annotate(s=Sum("bedrag"))
    }
    for pk, bedrag, kwijt_op, kwijt_bedrag in tot_peildatum.values_list(
        "pk", "bedrag", "kwijtgescholden_op", "kwijtgescholden_bedrag"
    ):
        rest = bedrag - afgelost.get(pk, NUL)
        if kwijt_op is not None and kwijt_op <= params.peildatum:
            rest -= kwijt_bedrag or NUL
        if rest > 0:
            open_n, open_s = open_n + 1, open_s + rest
    return {
        "columns": ["Aantal", "Bedrag"],
        "rows": [
            ["Verstrekt", verstrekt["n"], verstrekt["s"] or NUL],
            ["Terugbetaald", terug["n"], terug["s"] or NUL],
            ["Kwijtgescholden", kwijt["n"], kwijt["s"] or NUL],
            ["Openstaand op de peildatum", open_n, open_s],
        ],
    }


def verdeel(bedrag: Decimal, aandelen: dict[str, Decimal]) -> dict[str, Decimal]:
    """`bedrag` split over the keys of `aandelen` in proportion, in whole cents by the largest
    remainder (ties: the order of `aandelen`), adding up exactly to `bedrag`."""
    centen = int(bedrag * 100)
    totaal = sum(aandelen.values())
    if not aandelen or totaal <= 0:
        return {GEEN_FONDSGEVER: bedrag} if bedrag else {}
    exact = {k: Decimal(centen) * v / totaal for k, v in aandelen.items()}
    heel = {k: int(e) for k, e in exact.items()}
    over = centen - sum(heel.values())
    volgorde = sorted(aandelen, key=lambda k: -(exact[k] - heel[k]))
    for k in volgorde[:over]:
        heel[k] += 1
    return {k: Decimal(c) / 100 for k, c in heel.items()}


def fondsgevers_table(user, params: Params) -> dict:
    """Per year and funder: Gestort, Gift, Lening, Terugbetaald (see the module for the
    attribution). Five grouped queries."""
    stortingen = _per_jaar_en_gever(Storting.objects.filter(datum__lte=params.peildatum))
    gestort = _per_jaar_en_gever(Storting.objects.filter(_in_window("datum", params)))
    aanvragen = _aanvragen(user, params).filter(
        status__in=BESLOTEN, besloten_op__isnull=False, toegekend_bedrag__isnull=False
    )
    per_jaar = defaultdict(lambda: {"gift": NUL, "lening": NUL, "terug": NUL})
    # gift: the grants of the applications without a loan = all grants minus the loans'
    # applications' grants (a per-application EXISTS on the loans took 0.4 s at a million)
    for r in (
        aanvragen.filter(_in_window("besloten_op", params))
        .annotate(jaar=ExtractYear("besloten_op"))
        .order_by()
        .values("jaar")
        .annotate(s=Sum("toegekend_bedrag"))
    ):
        per_jaar[r["jaar"]]["gift"] += r["s"]
    for r in (
        Lening.objects.filter(aanvraag__in=aanvragen)
        .filter(_in_window("aanvraag__besloten_op", params))
        .annotate(jaar=ExtractYear("aanvraag__besloten_op"))
        .order_by()
        .values("jaar")
        .annotate(s=Sum("bedrag"), g=Sum("aanvraag__toegekend_bedrag"))
    ):
        per_jaar[r["jaar"]]["lening"] += r["s"]
        per_jaar[r["jaar"]]["gift"] -= r["g"]
        # the loan's grant beyond the loan (a loan of part of the grant) stays a gift
    for r in (
        Aflossing.objects.filter(lening__aanvraag__in=aanvragen)
        .filter(_in_window("datum", params))
        .annotate(jaar=ExtractYear("datum"))
        .order_by()
        .values("jaar")
        .annotate(s=Sum("bedrag"))
    ):
        per_jaar[r["jaar"]]["terug"] += r["s"]
    jaren = sorted({j for j, _f in gestort} | set(per_jaar))
    rows = []
    totaal = [NUL, NUL, NUL, NUL]
    for jaar in jaren:
        aandelen = defaultdict(lambda: NUL)
        for (j, fondsgever), s in stortingen.items():
            if j <= jaar:
                aandelen[fondsgever] += s
        aandelen = dict(sorted(aandelen.items()))
        bedragen = per_jaar.get(jaar, {"gift": NUL, "lening": NUL, "terug": NUL})
        verdeeld = {k: verdeel(v, aandelen) for k, v in bedragen.items()}
        gevers = sorted(
            set(aandelen) | {g for d in verdeeld.values() for g in d},
            key=lambda g: (g == GEEN_FONDSGEVER, g),
        )
        for gever in gevers:
            waarden = [
                gestort.get((jaar, gever), NUL),
                verdeeld["gift"].get(gever, NUL),
                verdeeld["lening"].get(gever, NUL),
                verdeeld["terug"].get(gever, NUL),
            ]
            if not any(waarden):
                continue
            rows.append([f"{jaar} {gever}", *waarden])
            totaal = [t + w for t, w in zip(totaal, waarden, strict=True)]
    return {
        "columns": ["Gestort", "Gift", "Lening", "Terugbetaald"],
        "rows": [*rows, [TOTAAL, *totaal]],
    }


def _per_jaar_en_gever(stortingen) -> dict[tuple[int, str], Decimal]:
    return {
        (r["jaar"], r["fondsgever"]): r["s"]
        for r in stortingen.annotate(jaar=ExtractYear("datum"))
        .order_by()
        .values("jaar", "fondsgever")
        .annotate(s=Sum("bedrag"))
    }


def fonds_keten_tables(user, params: Params) -> dict[str, dict]:
    return {
        VOORZIENING: voorziening_table(user, params),
        LENINGEN: leningen_table(user, params),
        FONDSGEVERS: fondsgevers_table(user, params),
    }
