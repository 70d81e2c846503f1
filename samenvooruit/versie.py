"""Optimistic locking: no edit is lost when two people change the same record.

A record two people may edit carries a version number (`versie`, see `versie_veld`). Its edit
form carries the version it was opened at (`samenvooruit.forms.VersieForm`), and the owning
service calls `controleer_versie` before it writes: compare and increment in one UPDATE, so of
two saves from the same version exactly one goes through. The other gets `Verouderd` (a
ValidationError, the one error type of the services) that says, from the change history, who
changed which field when; the form then keeps the user's input and shows the current values
(`samenvooruit.forms.apply_service_errors`). Nothing is stored.

Every other write that changes what an edit form shows increments the version too (with
`versie=None`, or `verhoog_versies` for many records), so a form opened before it is refused
after it. Generic: no domain words; the records' history is django-simple-history's."""

import datetime
from collections.abc import Collection, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from samenvooruit import historie

VELD = historie.VERSIE
# The largest version a form may send (the column is a 32-bit integer on every database).
MAX_VERSIE = 2**31 - 1


def versie_veld():
    """The version column of a record with optimistic locking. Not editable: no form shows
    it as a field; `VersieForm` carries it hidden."""
    return models.PositiveIntegerField(default=1, editable=False)


class Verouderd(ValidationError):
    """The record changed after the form was opened (a ValidationError like every refusal of
    a service; named so that a form can keep the user's input and show what changed). `versie` is the current version, which the form carries on; `tussentijds` says
    who changed which field, with the values before and now."""

    def __init__(self, message, *, versie: int, tussentijds: historie.Tussentijds):
        super().__init__(message, code="verouderd")
        self.versie = versie
        self.tussentijds = tussentijds


def controleer_versie(
    obj: models.Model, versie: int | None, *, velden: Collection[str] | None = None
) -> None:
    """Compare and increment the version of `obj` in one UPDATE, inside the caller's
    transaction (every service is atomic; the row stays locked until it ends). `versie` is the
    version the user's form was opened at; None (an import, a command, a small action without
    a form) increments without comparing. Sets `obj.versie` to the new version, so the caller's
    save() stores it. A record without history first gets its state before this change as its
    first history entry, so the next conflict can tell what this change did.

    Raises `Verouderd`, changing nothing, when the stored version differs from `versie`: the
    message names who changed which of `velden` (field names; default every field) when."""
    rows = type(obj)._default_manager.filter(pk=obj.pk)
    if versie is None:
        rows.update(**{VELD: F(VELD) + 1})
        nieuw = rows.values_list(VELD, flat=True).get()
    elif rows.filter(**{VELD: versie}).update(**{VELD: F(VELD) + 1}):
        nieuw = versie + 1
    else:
        raise verouderd(obj, versie, velden=velden)
    _beginstand(obj, rows, vorige=nieuw - 1)
    setattr(obj, VELD, nieuw)


def verhoog_versies(objs: Iterable[models.Model]) -> None:
    """Increment the version of many records at once (rows the caller has locked, e.g. by
    select_for_update, and saves with `versie` among the fields, e.g. by a bulk update with
    history). Records without history first get their current state as their first entry."""
    objs = list(objs)
    if not objs:
        return
    model = type(objs[0])
    met_historie = set(
        model.history.filter(id__in=[o.pk for o in objs]).values_list("id", flat=True).distinct()
    )
    zonder = [o.pk for o in objs if o.pk not in met_historie]
    if zonder:
        _eerste_entries(model, model._default_manager.filter(pk__in=zonder))
    for obj in objs:
        setattr(obj, VELD, getattr(obj, VELD) + 1)


def _beginstand(obj, rows, *, vorige: int) -> None:
    """A record created without history (a workbook import writes many at once) gets its state
    before this change as a first entry ('aangemaakt', by the system)."""
    history = type(obj).history
    if history.filter(id=obj.pk).exists():
        return
    stand = rows.get()
    setattr(stand, VELD, vorige)
    _eerste_entries(type(obj), [stand])


def _eerste_entries(model, standen) -> None:
    """'Aangemaakt' entries for records as they stand (fresh copies: the date is set on them),
    dated at their creation when the record knows it, else now."""
    standen = list(standen)
    for stand in standen:
        stand._history_user = None  # not the user of the request: this is the state before
        aangemaakt = getattr(stand, "aangemaakt_op", None)
        if isinstance(aangemaakt, datetime.datetime):
            stand._history_date = aangemaakt
    model.history.bulk_history_create(standen)


# --- the refusal ---------------------------------------------------------------------------------


def verouderd(obj, versie: int, *, velden: Collection[str] | None = None) -> ValidationError:
    """The refusal of a save from `versie` of `obj`: a `Verouderd` naming, from the history, the
    changes since (of `velden` when given), or a plain ValidationError when the record is gone."""
    nu = type(obj)._default_manager.filter(pk=obj.pk).values_list(VELD, flat=True).first()
    if nu is None:
        return ValidationError(
            _("Dit record bestaat niet meer; uw wijzigingen zijn niet opgeslagen."),
            code="verdwenen",
        )
    namen = [n for n in velden if n != VELD] if velden is not None else None
    tussentijds = historie.sinds_versie(type(obj).history.filter(id=obj.pk), versie, velden=namen)
    return Verouderd(_bericht(tussentijds), versie=nu, tussentijds=tussentijds)


def _bericht(tussentijds: historie.Tussentijds) -> str:
    delen = [_wijziging(w) for w in tussentijds.wijzigingen]
    if not delen:
        return _(
            "Dit record is intussen gewijzigd. Uw wijzigingen zijn niet opgeslagen; controleer "
            "en sla opnieuw op."
        )
    return _(
        "Dit record is intussen gewijzigd %(wijzigingen)s. Uw wijzigingen zijn niet "
        "opgeslagen; controleer en sla opnieuw op."
    ) % {"wijzigingen": "; ".join(delen)}


def _wijziging(wijziging: historie.Wijziging) -> str:
    wanneer = wanneer_label(wijziging.op)
    if not wijziging.velden:
        return _("door %(door)s %(wanneer)s") % {"door": wijziging.door, "wanneer": wanneer}
    return _("door %(door)s %(wanneer)s: %(velden)s") % {
        "door": wijziging.door,
        "wanneer": wanneer,
        "velden": ", ".join(veld for veld, _van, _naar in wijziging.velden),
    }


def wanneer_label(moment: datetime.datetime) -> str:
    """'om 10:42' today, 'op 03-02-2025 om 10:42' on another day (local time)."""
    lokaal = timezone.localtime(moment)
    tijd = lokaal.strftime("%H:%M")
    if lokaal.date() == timezone.localdate():
        return _("om %(tijd)s") % {"tijd": tijd}
    return _("op %(datum)s om %(tijd)s") % {"datum": lokaal.strftime("%d-%m-%Y"), "tijd": tijd}


def gelijk(a: Any, b: Any) -> bool:
    """Two values of one field alike: a record and its id, None and empty text."""
    return _waarde(a) == _waarde(b)


def _waarde(value):
    if isinstance(value, models.Model):
        return value.pk
    return "" if value is None else value


class VersieAdmin:
    """A mixin for the ModelAdmin of a record with optimistic locking: a change in the admin
    raises the version too, so an edit form opened before it is refused after it."""

    def save_model(self, request, obj, form, change):
        if change:
            controleer_versie(obj, None)
        super().save_model(request, obj, form, change)
