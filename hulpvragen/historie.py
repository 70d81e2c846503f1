"""Reading the change history (django-simple-history) of casework and fund records: who changed
which field from what to what, when. Shown to coordinators on the detail pages of a household,
a help request and a fund application, and written into the right-of-access workbook."""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from hulpvragen.models import (
    Contactmoment,
    Doorverwijzing,
    Huishouden,
    Hulpvraag,
    Hulpvrager,
    Toestemming,
)

SOORT = {"+": "aangemaakt", "~": "gewijzigd", "-": "verwijderd"}
MAX_TEKST = 200


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


def _record_label(model, row) -> str:
    """Which record of its kind: a person by name, a dated record by date, a file by name."""
    naam = str(model._meta.verbose_name).capitalize()
    detail = getattr(row, "naam", None) or getattr(row, "referentie", None)
    if detail is None and isinstance(getattr(row, "datum", None), datetime.date):
        detail = formats.date_format(row.datum, "d-m-Y")
    return f"{naam} {detail}" if detail and model is not Huishouden else naam


def _user_label(user):
    if user is None:
        return _("systeem")
    return user.get_full_name() or user.get_username()


def wijzigingen(*history_querysets) -> list[Wijziging]:
    """The changes in the given history querysets, newest first. Each version is compared with
    the previous version of the same record; a save that changed nothing is left out."""
    labels = _Labels()
    result = []
    for queryset in history_querysets:
        model = queryset.model.instance_type
        vorige = {}
        rows = queryset.select_related("history_user").order_by("id", "history_date", "history_id")
        for row in rows:
            prev = vorige.get(row.id)
            vorige[row.id] = row
            velden = []
            if row.history_type == "~" and prev is not None:
                for change in row.diff_against(prev).changes:
                    model_field = model._meta.get_field(change.field)
                    velden.append(
                        (
                            str(model_field.verbose_name),
                            labels(model_field, change.old),
                            labels(model_field, change.new),
                        )
                    )
                if not velden and not row.history_change_reason:
                    continue
            result.append(
                Wijziging(
                    op=row.history_date,
                    door=_user_label(row.history_user),
                    record=_record_label(model, row),
                    soort=SOORT[row.history_type],
                    reden=row.history_change_reason or "",
                    velden=velden,
                )
            )
    result.sort(key=lambda w: w.op, reverse=True)
    return result


def _hulpvraag_ids(huishouden: Huishouden):
    """Help requests of the household now, and any it once had (also deleted ones)."""
    return set(huishouden.hulpvragen.values_list("pk", flat=True)) | set(
        Hulpvraag.history.filter(huishouden_id=huishouden.pk).values_list("id", flat=True)
    )


def huishouden_historie(huishouden: Huishouden):
    """History querysets of the household itself, its persons and its consents."""
    return (
        Huishouden.history.filter(id=huishouden.pk),
        Hulpvrager.history.filter(huishouden_id=huishouden.pk),
        Toestemming.history.filter(huishouden_id=huishouden.pk),
    )


def hulpvraag_historie(hulpvraag_ids):
    """History querysets of help requests and their referrals and contacts."""
    ids = list(hulpvraag_ids)
    return (
        Hulpvraag.history.filter(id__in=ids),
        Doorverwijzing.history.filter(hulpvraag_id__in=ids),
        Contactmoment.history.filter(hulpvraag_id__in=ids),
    )


def aanvraag_historie(aanvraag_ids):
    """History querysets of fund applications and their assessments and attachments."""
    from noodfonds.models import Aanvraag, Beoordeling, Bijlage

    ids = list(aanvraag_ids)
    return (
        Aanvraag.history.filter(id__in=ids),
        Beoordeling.history.filter(aanvraag_id__in=ids),
        Bijlage.history.filter(aanvraag_id__in=ids),
    )


def alle_historie(huishouden: Huishouden):
    """Everything the history holds about one household: for the right-of-access workbook."""
    aanvragen = set(huishouden.aanvragen.values_list("pk", flat=True))
    return (
        *huishouden_historie(huishouden),
        *hulpvraag_historie(_hulpvraag_ids(huishouden)),
        *aanvraag_historie(aanvragen),
    )
