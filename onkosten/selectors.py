"""Reads of expenses: the claims of a period, the allowance paid against the year's limits."""

import datetime
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from onkosten.models import Declaratie, VergoedingsGrens, Vrijwilligersvergoeding


def declaraties_in_periode(user, *, van: datetime.date | None, tot: datetime.date | None):
    """The claims `user` sees whose costs were made from `van` through `tot` (open ends pass)."""
    claims = Declaratie.objects.visible_to(user).select_related("vertrouwenspersoon")
    if van is not None:
        claims = claims.filter(datum__gte=van)
    if tot is not None:
        claims = claims.filter(datum__lte=tot)
    return claims.order_by("datum", "pk")


def euro(bedrag: Decimal) -> str:
    """An amount as the Dutch write it: 2.100,00."""
    return f"{bedrag:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def _betaald(vertrouwenspersoon_id, **periode) -> Decimal:
    return Vrijwilligersvergoeding.objects.filter(
        vertrouwenspersoon_id=vertrouwenspersoon_id, **periode
    ).aggregate(totaal=Sum("bedrag"))["totaal"] or Decimal("0")


def vergoeding_waarschuwingen(
    *, vertrouwenspersoon_id: int, datum: datetime.date, bedrag: Decimal = Decimal("0")
) -> list[str]:
    """What is above the year's limits (VergoedingsGrens) once `bedrag` is paid on `datum` on top
    of what was paid to this trusted person already that month and that year: one warning per
    limit passed; none without limits for that year (then one saying so)."""
    grens = VergoedingsGrens.objects.filter(jaar=datum.year).first()
    if grens is None:
        return [
            _("Er zijn geen grenzen voor de vrijwilligersvergoeding in %(jaar)s vastgelegd.")
            % {"jaar": datum.year}
        ]
    maand = _betaald(vertrouwenspersoon_id, datum__year=datum.year, datum__month=datum.month)
    jaar = _betaald(vertrouwenspersoon_id, datum__year=datum.year)
    waarschuwingen = []
    if maand + bedrag > grens.per_maand:
        waarschuwingen.append(
            _(
                "Let op: in %(maand)s komt de vrijwilligersvergoeding op € %(totaal)s, boven de "
                "grens van € %(grens)s per maand."
            )
            % {
                "maand": f"{datum:%m-%Y}",
                "totaal": euro(maand + bedrag),
                "grens": euro(grens.per_maand),
            }
        )
    if jaar + bedrag > grens.per_jaar:
        waarschuwingen.append(
            _(
                "Let op: in %(jaar)s komt de vrijwilligersvergoeding op € %(totaal)s, boven de "
                "grens van € %(grens)s per jaar."
            )
            % {"jaar": datum.year, "totaal": euro(jaar + bedrag), "grens": euro(grens.per_jaar)}
        )
    return waarschuwingen
