"""Gift or loan (issue 21, point 3): a grant is a gift unless the coordinator makes it an
interest-free loan (a `Lening` with a repayment plan). Repayments are booked in the ledger and
raise the fund's balance (`selectors.budget_saldo`); a loan can be remitted with a reason.

Arithmetic in whole cents (`cent`), so no amount is ever rounded on the way:
- the plan: `per_maand` each month from `eerste_maand` (the first of a month); the last month
  pays what remains (`aflossingsschema`): 250.00 at 60.00 a month is 4 × 60.00 and 10.00;
- a repayment is above zero and at most what is still owed (an overpayment is refused, naming
  the amount still owed);
- a month's repayment is due by the end of that month: a loan is overdue ("achterstallig") when
  on a day what was repaid is less than the plan's months ended before that day add up to
  (`achterstand`); a remitted or fully repaid loan is never overdue;
- remitting (kwijtschelden) records what was still owed as remitted; what was repaid stays.

Only the coordinator makes a loan, books a repayment or remits."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerk.roles import is_coordinator
from noodfonds.choices import AanvraagStatus
from noodfonds.models import Aanvraag, Aflossing, Lening
from samenvooruit.grenzen import check_date_range, check_max_length

S = AanvraagStatus
CENT = Decimal("0.01")
TOEGEKEND = (S.TOEGEKEND, S.UITBETAALD)


def cent(bedrag) -> int:
    """An amount in whole cents; more than two decimals is refused (never rounded away)."""
    waarde = Decimal(str(bedrag))
    centen = waarde * 100
    if centen != centen.to_integral_value():
        raise ValidationError(_("Een bedrag heeft hooguit twee cijfers achter de komma."))
    return int(centen)


def euro_van(centen: int) -> Decimal:
    return (Decimal(centen) / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def _euro(bedrag) -> str:
    from noodfonds.services import euro

    return euro(bedrag)


def eerste_van_maand(datum: datetime.date) -> datetime.date:
    return datum.replace(day=1)


def volgende_maand(datum: datetime.date, n: int = 1) -> datetime.date:
    maand = datum.month - 1 + n
    return datetime.date(datum.year + maand // 12, maand % 12 + 1, 1)


def aflossingsschema(
    bedrag, per_maand, eerste_maand: datetime.date
) -> list[tuple[datetime.date, Decimal]]:
    """The plan: (month, amount) pairs; every month `per_maand`, the last the remainder."""
    totaal, termijn = cent(bedrag), cent(per_maand)
    if termijn <= 0:
        return []
    schema, maand = [], eerste_van_maand(eerste_maand)
    while totaal > 0:
        deel = min(termijn, totaal)
        schema.append((maand, euro_van(deel)))
        totaal -= deel
        maand = volgende_maand(maand)
    return schema


def verschuldigd_op(lening: Lening, dag: datetime.date) -> Decimal:
    """What the plan asks to have been repaid before `dag`: the months ended before it."""
    centen = sum(
        cent(deel)
        for maand, deel in aflossingsschema(lening.bedrag, lening.per_maand, lening.eerste_maand)
        if volgende_maand(maand) <= dag
    )
    return euro_van(centen)


def afgelost(lening: Lening, *, tot: datetime.date | None = None) -> Decimal:
    aflossingen = lening.aflossingen.all()
    if tot is not None:
        aflossingen = aflossingen.filter(datum__lte=tot)
    return aflossingen.aggregate(s=Sum("bedrag"))["s"] or Decimal("0.00")


def openstaand(lening: Lening, *, afgelost_bedrag: Decimal | None = None) -> Decimal:
    """Still owed: the loan less what was repaid and what was remitted."""
    if afgelost_bedrag is None:
        afgelost_bedrag = afgelost(lening)
    kwijt = lening.kwijtgescholden_bedrag or 0
    return euro_van(cent(lening.bedrag) - cent(afgelost_bedrag) - cent(kwijt))


def achterstand(
    lening: Lening, dag: datetime.date, *, afgelost_bedrag: Decimal | None = None
) -> Decimal:
    """How far behind the plan the loan is on `dag` (0: not overdue)."""
    if lening.kwijtgescholden_op is not None:
        return Decimal("0.00")
    if afgelost_bedrag is None:
        afgelost_bedrag = afgelost(lening)
    return euro_van(max(0, cent(verschuldigd_op(lening, dag)) - cent(afgelost_bedrag)))


def _alleen_coordinator(door) -> None:
    if not is_coordinator(door):
        raise ValidationError(_("Alleen de coördinator beheert leningen en aflossingen."))


def _fonds_datum(datum, *, na: datetime.date | None, label: str) -> datetime.date:
    if datum is None:
        raise ValidationError(_("Vul de datum in."))
    check_date_range(datum, key="datum", label=label)
    if datum > timezone.localdate():
        raise ValidationError({"datum": _("De datum ligt in de toekomst.")})
    if na and datum < na:
        raise ValidationError({"datum": _("De datum ligt vóór het besluit.")})
    return datum


def validate_plan(bedrag, per_maand, eerste_maand, *, maximum=None, besloten_op=None) -> None:
    """The rules of a loan and its plan: amounts above zero in cents, the loan at most what was
    granted, a monthly amount at most the loan, a first month not before the decision's."""
    if bedrag is None or cent(bedrag) <= 0:
        raise ValidationError({"bedrag": _("Het geleende bedrag moet groter zijn dan nul.")})
    if maximum is not None and cent(bedrag) > cent(maximum):
        raise ValidationError(
            {
                "bedrag": _("U kunt niet meer lenen dan is toegekend (%(max)s).")
                % {"max": _euro(maximum)}
            }
        )
    if per_maand is None or cent(per_maand) <= 0:
        raise ValidationError({"per_maand": _("De aflossing per maand moet groter zijn dan nul.")})
    if cent(per_maand) > cent(bedrag):
        raise ValidationError(
            {"per_maand": _("De aflossing per maand is hoger dan het geleende bedrag.")}
        )
    if eerste_maand is None:
        raise ValidationError({"eerste_maand": _("Kies de eerste maand van aflossen.")})
    check_date_range(eerste_maand, key="eerste_maand")
    if besloten_op and eerste_van_maand(eerste_maand) < eerste_van_maand(besloten_op):
        raise ValidationError(
            {"eerste_maand": _("De eerste maand van aflossen ligt vóór het besluit.")}
        )


@transaction.atomic
def maak_lening(
    *, aanvraag: Aanvraag, door, per_maand, eerste_maand: datetime.date, bedrag=None
) -> Lening:
    """Make a granted (or paid) application's grant an interest-free loan with its plan. The
    loan is the granted amount (the paid amount once paid), or less. Coordinator only."""
    _alleen_coordinator(door)
    aanvraag = Aanvraag.objects.select_for_update().get(pk=aanvraag.pk)
    if aanvraag.status not in TOEGEKEND:
        raise ValidationError(_("Alleen een toegekende aanvraag kan een lening worden."))
    if Lening.objects.filter(aanvraag=aanvraag).exists():
        raise ValidationError(_("Deze toekenning is al een lening."))
    maximum = aanvraag.uitbetaald_bedrag or aanvraag.toegekend_bedrag
    bedrag = maximum if bedrag is None else bedrag
    validate_plan(
        bedrag, per_maand, eerste_maand, maximum=maximum, besloten_op=aanvraag.besloten_op
    )
    return Lening.objects.create(
        aanvraag=aanvraag,
        bedrag=Decimal(bedrag),
        per_maand=Decimal(per_maand),
        eerste_maand=eerste_van_maand(eerste_maand),
        vastgelegd_door=door,
    )


@transaction.atomic
def boek_aflossing(*, lening: Lening, door, datum: datetime.date, bedrag) -> Aflossing:
    """Book a repayment (it raises the fund's balance). Refused: not above zero, more than
    still owed (the message names what is), a remitted loan, a date in the future or before
    the decision."""
    _alleen_coordinator(door)
    lening = Lening.objects.select_for_update().select_related("aanvraag").get(pk=lening.pk)
    if lening.kwijtgescholden_op is not None:
        raise ValidationError(_("Deze lening is kwijtgescholden: er valt niets meer af te lossen."))
    if bedrag is None or cent(bedrag) <= 0:
        raise ValidationError({"bedrag": _("Een aflossing moet groter zijn dan nul.")})
    nog = openstaand(lening)
    if cent(bedrag) > cent(nog):
        raise ValidationError(
            {
                "bedrag": _(
                    "Deze aflossing is hoger dan wat nog openstaat (%(open)s); een te hoge "
                    "aflossing kan niet."
                )
                % {"open": _euro(nog)}
            }
        )
    _fonds_datum(datum, na=lening.aanvraag.besloten_op, label=_("De datum van de aflossing"))
    return Aflossing.objects.create(
        lening=lening, datum=datum, bedrag=Decimal(bedrag), vastgelegd_door=door
    )


@transaction.atomic
def scheld_kwijt(*, lening: Lening, door, reden: str, datum: datetime.date | None = None) -> Lening:
    """Remit what is still owed, with a reason (required). What was repaid stays booked."""
    _alleen_coordinator(door)
    lening = Lening.objects.select_for_update().select_related("aanvraag").get(pk=lening.pk)
    if lening.kwijtgescholden_op is not None:
        raise ValidationError(_("Deze lening is al kwijtgescholden."))
    check_max_length(reden, model=Lening, field="kwijtschelding_reden", key="reden")
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Geef de reden van de kwijtschelding.")})
    nog = openstaand(lening)
    if cent(nog) <= 0:
        raise ValidationError(
            _("Deze lening is helemaal afgelost: er valt niets kwijt te schelden.")
        )
    datum = _fonds_datum(
        datum or timezone.localdate(),
        na=lening.aanvraag.besloten_op,
        label=_("De datum van de kwijtschelding"),
    )
    lening.kwijtgescholden_op = datum
    lening.kwijtgescholden_bedrag = nog
    lening.kwijtschelding_reden = reden
    lening.save()
    return lening


# --- many at once (the registration workbook) -----------------------------------------------------


def validate_geregistreerde_lening(
    lening: dict, *, status: str, toegekend, besloten_op: datetime.date | None
) -> None:
    """The rules of a loan as it stands (the registration workbook): a granted or paid
    application; the plan by `validate_plan`; every repayment above zero, dated, not before the
    decision; together with a remission never more than the loan; a remission with its date,
    amount and reason together. Raises ValidationError (keyed by the workbook's columns)."""
    if status not in TOEGEKEND:
        raise ValidationError(
            {
                "lening_bedrag": _(
                    "Alleen een toegekende of uitbetaalde aanvraag kan een lening zijn."
                )
            }
        )
    try:
        validate_plan(
            lening["bedrag"],
            lening["per_maand"],
            lening["eerste_maand"],
            maximum=toegekend,
            besloten_op=besloten_op,
        )
    except ValidationError as exc:
        namen = {"bedrag": "lening_bedrag", "per_maand": "aflossing_per_maand"}
        namen["eerste_maand"] = "eerste_aflossing"
        raise ValidationError({namen.get(k, k): v for k, v in exc.message_dict.items()}) from exc
    totaal = 0
    for datum, bedrag in lening["aflossingen"]:
        if cent(bedrag) <= 0 or (besloten_op and datum < besloten_op):
            raise ValidationError(
                {"aflossingen": _("Een aflossing is groter dan nul en niet van vóór het besluit.")}
            )
        totaal += cent(bedrag)
    kwijt = (lening["kwijtgescholden_op"], lening["kwijtgescholden_bedrag"])
    reden = (lening["kwijtschelding_reden"] or "").strip()
    if (kwijt[0] is None) != (kwijt[1] is None) or (kwijt[0] is None) == bool(reden):
        raise ValidationError(
            {
                "kwijtgescholden_op": _(
                    "Een kwijtschelding heeft een datum, een bedrag en een reden (alle drie of geen)."
                )
            }
        )
    check_max_length(reden, model=Lening, field="kwijtschelding_reden", key="kwijtschelding_reden")
    if totaal + cent(kwijt[1] or 0) > cent(lening["bedrag"]):
        raise ValidationError(
            {"aflossingen": _("De aflossingen en de kwijtschelding zijn samen meer dan de lening.")}
        )


@transaction.atomic
def register_leningen(*, leningen: list[dict]) -> list[Lening]:
    """Register loans as they stand (each dict: aanvraag_id and the Lening's fields, with
    "aflossingen": [(datum, bedrag)]); the caller checked `validate_geregistreerde_lening`.
    Side effect: inserts the loans and their repayments. Returns the loans."""
    rows = [
        Lening(
            aanvraag_id=velden["aanvraag_id"],
            bedrag=velden["bedrag"],
            per_maand=velden["per_maand"],
            eerste_maand=eerste_van_maand(velden["eerste_maand"]),
            kwijtgescholden_op=velden["kwijtgescholden_op"],
            kwijtgescholden_bedrag=velden["kwijtgescholden_bedrag"],
            kwijtschelding_reden=velden["kwijtschelding_reden"],
        )
        for velden in leningen
    ]
    made = Lening.objects.bulk_create(rows, batch_size=500)
    Aflossing.objects.bulk_create(
        [
            Aflossing(lening=lening, datum=datum, bedrag=bedrag)
            for lening, velden in zip(made, leningen, strict=True)
            for datum, bedrag in velden["aflossingen"]
        ],
        batch_size=500,
    )
    return made
