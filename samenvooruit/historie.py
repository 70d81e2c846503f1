"""Reading a change history (django-simple-history): who changed which field from what to what,
when. Generic: each app's selectors pick the history querysets of its own records and pass them
here; pages show the result through `templates/includes/wijzigingen.html`."""

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

SOORT = {"+": "aangemaakt", "~": "gewijzigd", "-": "verwijderd"}
MAX_TEKST = 200
# The version column of records with optimistic locking (samenvooruit.versie). Not editable, so
# no diff shows it.
VERSIE = "versie"


@dataclass
class Wijziging:
    op: datetime.datetime
    door: str
    record: str
    soort: str
    reden: str = ""
    velden: list[tuple[str, str, str]] = field(default_factory=list)  # (veld, van, naar)

    def soort_label(self):
        return {
            "aangemaakt": _("aangemaakt"),
            "gewijzigd": _("gewijzigd"),
            "verwijderd": _("verwijderd"),
        }[self.soort]


class _Labels:
    """Turns stored values into what a coordinator reads: choice labels, related records' names,
    Dutch dates. Related records are looked up once per (model, id)."""

    def __init__(self):
        self.cache = {}

    def __call__(self, model_field, value) -> str:
        if value is None or value == "":
            return "—"
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, models.ForeignKey):
            return self._related(model_field.related_model, value)
        if isinstance(value, bool):
            return _("ja") if value else _("nee")
        if isinstance(value, datetime.datetime):
            return formats.date_format(timezone.localtime(value), "d-m-Y H:i")
        if isinstance(value, datetime.date):
            return formats.date_format(value, "d-m-Y")
        text = str(value)
        return text if len(text) <= MAX_TEKST else text[: MAX_TEKST - 1] + "…"

    def _related(self, model, pk):
        key = (model, pk)
        if key not in self.cache:
            obj = model._default_manager.filter(pk=pk).first()
            if obj is None:
                self.cache[key] = f"#{pk}"
            elif hasattr(obj, "get_username"):
                self.cache[key] = obj.get_full_name() or obj.get_username()
            else:
                self.cache[key] = str(obj)
        return self.cache[key]


def _record_label(model, row, kind_only) -> str:
    """Which record of its kind: a person by name, a numbered record by reference, a dated record
    by date, a file by name; a model in `kind_only` by its kind alone."""
    naam = str(model._meta.verbose_name).capitalize()
    detail = getattr(row, "naam", None) or getattr(row, "referentie", None)
    if detail is None and isinstance(getattr(row, "datum", None), datetime.date):
        detail = formats.date_format(row.datum, "d-m-Y")
    return f"{naam} {detail}" if detail and model not in kind_only else naam


def _user_label(user):
    if user is None:
        return _("systeem")
    return user.get_full_name() or user.get_username()


def wijzigingen(
    *history_querysets, kind_only: Collection[type[models.Model]] = ()
) -> list[Wijziging]:
    """The changes in the given history querysets, newest first. Each version is compared with
    the previous version of the same record; a save that changed nothing is left out. Records of
    a model in `kind_only` are named by their kind alone (the page is about that one record)."""
    labels = _Labels()
    return newest_first(
        wijziging
        for queryset in history_querysets
        for wijziging in _changes(queryset, labels, kind_only)
    )


def newest_first(changes: Iterable[Wijziging]) -> list[Wijziging]:
    """Changes of several sources merged, newest first (stable: equal moments keep their order)."""
    return sorted(changes, key=attrgetter("op"), reverse=True)


def _changes(queryset, labels, kind_only):
    model = queryset.model.instance_type
    vorige = {}
    rows = queryset.select_related("history_user").order_by("id", "history_date", "history_id")
    for row in rows:
        prev = vorige.get(row.id)
        vorige[row.id] = row
        velden = []
        if row.history_type == "~" and prev is not None:
            velden = [
                _field_change(model, change, labels) for change in row.diff_against(prev).changes
            ]
            if not velden and not row.history_change_reason:
                continue
        yield Wijziging(
            op=row.history_date,
            door=_user_label(row.history_user),
            record=_record_label(model, row, kind_only),
            soort=SOORT[row.history_type],
            reden=row.history_change_reason or "",
            velden=velden,
        )


def _field_change(model, change, labels) -> tuple[str, str, str]:
    model_field = model._meta.get_field(change.field)
    return (
        str(model_field.verbose_name),
        labels(model_field, change.old),
        labels(model_field, change.new),
    )


# --- what changed after a version (optimistic locking, samenvooruit.versie) ---------------------


@dataclass
class Tussentijds:
    """What changed in one record after a version: the changes, oldest first (`velden` of each
    in words), and per changed field (by name) its value at that version (`voor`), now (`nu`),
    the value now in words (`nu_label`) and who changed it last (`door`)."""

    wijzigingen: list[Wijziging] = field(default_factory=list)
    voor: dict[str, Any] = field(default_factory=dict)
    nu: dict[str, Any] = field(default_factory=dict)
    nu_label: dict[str, str] = field(default_factory=dict)
    door: dict[str, str] = field(default_factory=dict)


def sinds_versie(history, versie: int, *, velden: Collection[str] | None = None) -> Tussentijds:
    """The changes in `history` (one record's history queryset) after version `versie`: each
    entry of a higher version compared with the entry before it, the last entry at `versie` or
    lower being the start. Only fields named in `velden` count when given; an entry that raised
    the version is listed also without such a field (a change the history cannot show)."""
    model = history.model.instance_type
    vorige = history.filter(**{f"{VERSIE}__lte": versie}).order_by("-history_date", "-history_id")
    vorige = vorige.first()
    rows = history.filter(**{f"{VERSIE}__gt": versie}).select_related("history_user")
    labels, result = _Labels(), Tussentijds()
    for row in rows.order_by("history_date", "history_id"):
        changes = _changes_between(row, vorige, velden)
        if changes or vorige is None or getattr(row, VERSIE) > getattr(vorige, VERSIE):
            result.wijzigingen.append(_tussentijds(model, row, changes, labels, result))
        vorige = row
    return result


def _changes_between(row, vorige, velden):
    if vorige is None:
        return []
    tracked = {f.name for f in row.tracked_fields if f.editable}
    included = tracked & set(velden) if velden is not None else tracked
    return row.diff_against(vorige, included_fields=included).changes


def _tussentijds(model, row, changes, labels, result: Tussentijds) -> Wijziging:
    door = _user_label(row.history_user)
    for change in changes:
        model_field = model._meta.get_field(change.field)
        result.voor.setdefault(change.field, change.old)
        result.nu[change.field] = change.new
        result.nu_label[change.field] = labels(model_field, change.new)
        result.door[change.field] = door
    return Wijziging(
        op=row.history_date,
        door=door,
        record=_record_label(model, row, ()),
        soort=SOORT[row.history_type],
        velden=[_field_change(model, change, labels) for change in changes],
    )
