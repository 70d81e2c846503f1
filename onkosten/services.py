"""Writes of expenses (issue 22 §6): a trusted person claims costs made with a receipt (the
upload rules of samenvooruit.bijlagen, as the fund's attachments); a coordinator approves or
refuses; a coordinator records flat allowances, warned above the year's limits."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerk.models import Vertrouwenspersoon
from netwerk.roles import Rol, has_role, vertrouwenspersoon_id_of
from onkosten import selectors
from onkosten.choices import DeclaratieStatus, OnkostenSoort
from onkosten.models import MAX_BEDRAG, Declaratie, VergoedingsGrens, Vrijwilligersvergoeding
from samenvooruit.bijlagen import validate_bijlage
from samenvooruit.grenzen import check_date_range, check_max_lengths


def _invalid(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def validate_bedrag(bedrag: Decimal | None, *, field: str = "bedrag") -> None:
    """An amount above € 0 and at most € 9.999.999,99."""
    if bedrag is None or bedrag <= 0:
        raise _invalid(field, _("Het bedrag moet groter zijn dan € 0."), "te_klein")
    if bedrag > MAX_BEDRAG:
        raise _invalid(field, _("Het bedrag kan hoogstens € 9.999.999,99 zijn."), "te_groot")


def validate_kosten_datum(datum: datetime.date, *, field: str = "datum") -> None:
    """A date of what happened: from 2000, not in the future."""
    check_date_range(datum, key=field, latest=timezone.localdate())


@transaction.atomic
def dien_declaratie_in(
    *, door, soort: str, datum: datetime.date, bedrag: Decimal, omschrijving: str, bon
) -> Declaratie:
    """A trusted person claims costs they made, with the receipt (required; checked by its
    content: samenvooruit.bijlagen.validate_bijlage). Only a login linked to a trusted person
    (PermissionDenied otherwise). No ceiling: costs are repaid against receipts."""
    vp_id = vertrouwenspersoon_id_of(door) if has_role(door, Rol.VERTROUWENSPERSOON) else None
    if not vp_id:
        raise PermissionDenied
    if soort not in OnkostenSoort.values:
        raise _invalid("soort", _("Onbekende soort kosten."), "onbekend")
    validate_kosten_datum(datum)
    validate_bedrag(bedrag)
    check_max_lengths(Declaratie, {"omschrijving": omschrijving})
    if not omschrijving.strip():
        raise _invalid("omschrijving", _("Beschrijf de kosten."), "leeg")
    if bon is None:
        raise _invalid("bon", _("Voeg de bon toe (PDF of foto)."), "geen_bon")
    content_type = validate_bijlage(bon)
    declaratie = Declaratie(
        vertrouwenspersoon=Vertrouwenspersoon.objects.get(pk=vp_id),
        soort=soort,
        datum=datum,
        bedrag=bedrag,
        omschrijving=omschrijving.strip(),
        bon_naam=(getattr(bon, "name", "") or "bon").rsplit("/", 1)[-1][:200],
        bon_content_type=content_type,
        bon_grootte=bon.size,
        ingediend_door=door,
    )
    declaratie.bon.save("bon", bon, save=False)
    declaratie.save()
    return declaratie


@transaction.atomic
def beoordeel_declaratie(
    *, declaratie: Declaratie, door, goedkeuren: bool, toelichting: str = ""
) -> Declaratie:
    """A coordinator approves or refuses a submitted claim (a refusal says why). Once only."""
    if not has_role(door, Rol.COORDINATOR):
        raise PermissionDenied
    declaratie = Declaratie.objects.select_for_update().get(pk=declaratie.pk)
    if declaratie.status != DeclaratieStatus.INGEDIEND:
        raise ValidationError(
            _("Deze declaratie is al beoordeeld (%(status)s).")
            % {"status": declaratie.get_status_display()},
            code="al_beoordeeld",
        )
    toelichting = (toelichting or "").strip()
    check_max_lengths(Declaratie, {"toelichting": toelichting})
    if not goedkeuren and not toelichting:
        raise _invalid(
            "toelichting",
            _("Schrijf bij een afwijzing waarom de declaratie wordt afgewezen."),
            "leeg",
        )
    declaratie.status = DeclaratieStatus.GOEDGEKEURD if goedkeuren else DeclaratieStatus.AFGEWEZEN
    declaratie.toelichting = toelichting
    declaratie.beoordeeld_door = door
    declaratie.beoordeeld_op = timezone.now()
    declaratie.save()
    return declaratie


@transaction.atomic
def betaal_vergoeding(
    *,
    door,
    vertrouwenspersoon: Vertrouwenspersoon,
    datum: datetime.date,
    bedrag: Decimal,
    omschrijving: str = "",
) -> tuple[Vrijwilligersvergoeding, list[str]]:
    """A coordinator records a flat volunteer allowance paid. A payment above the month's or the
    year's limit (VergoedingsGrens) is stored all the same: the warnings are returned, for the
    page to show (selectors.vergoeding_waarschuwingen)."""
    if not has_role(door, Rol.COORDINATOR):
        raise PermissionDenied
    validate_kosten_datum(datum)
    validate_bedrag(bedrag)
    check_max_lengths(Vrijwilligersvergoeding, {"omschrijving": omschrijving})
    # the rows of this person are locked, so two payments at once are both counted
    list(
        Vertrouwenspersoon.objects.select_for_update().filter(pk=vertrouwenspersoon.pk).values("pk")
    )
    waarschuwingen = selectors.vergoeding_waarschuwingen(
        vertrouwenspersoon_id=vertrouwenspersoon.pk, datum=datum, bedrag=bedrag
    )
    betaling = Vrijwilligersvergoeding.objects.create(
        vertrouwenspersoon=vertrouwenspersoon,
        datum=datum,
        bedrag=bedrag,
        omschrijving=omschrijving,
        vastgelegd_door=door,
    )
    return betaling, waarschuwingen


@transaction.atomic
def save_grens(*, door, jaar: int, per_maand: Decimal, per_jaar: Decimal) -> VergoedingsGrens:
    """A coordinator sets the limits of a year (a new year, or a changed one)."""
    if not has_role(door, Rol.COORDINATOR):
        raise PermissionDenied
    if not 2000 <= jaar <= 2999:
        raise _invalid("jaar", _("Kies een jaar van 2000 tot 2999."), "jaar")
    validate_bedrag(per_maand, field="per_maand")
    validate_bedrag(per_jaar, field="per_jaar")
    grens, _created = VergoedingsGrens.objects.update_or_create(
        jaar=jaar, defaults={"per_maand": per_maand, "per_jaar": per_jaar}
    )
    return grens
