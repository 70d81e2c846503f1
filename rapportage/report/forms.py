"""The report page's parameters: peildatum, optional start, filters, and the quarter presets."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netwerk.models import Organisatie, Vertrouwenspersoon
from netwerk.roles import is_coordinator
from samenvooruit.forms import als_invoer, te_veel_keuzes
from samenvooruit.grenzen import VROEGSTE_DATUM, check_date_range

# the last date a report can be asked for: its trend reaches eight quarters back from the
# peildatum, so a date before VROEGSTE_DATUM (or beyond this) cannot be computed with
LAATSTE_PEILDATUM = datetime.date(2999, 12, 31)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RapportForm(forms.Form):
    """Bound to the query string. Coordinators filter by organisation and trusted person; an
    organisation coordinator only by the trusted persons of their own organisation (the data is
    already limited to that organisation). Choices come from `visible_to`, so another
    organisation's record is an invalid choice, never a leak."""

    peildatum = forms.DateField(label=gettext_lazy("Peildatum"), widget=DateInput())
    van = forms.DateField(
        label=gettext_lazy("Startdatum"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("Leeg: alles tot en met de peildatum."),
    )
    organisatie = forms.ModelChoiceField(
        label=gettext_lazy("Organisatie"),
        queryset=Organisatie.objects.none(),
        required=False,
        empty_label=gettext_lazy("Alle organisaties"),
    )
    vertrouwenspersoon = forms.ModelChoiceField(
        label=gettext_lazy("Vertrouwenspersoon"),
        queryset=Vertrouwenspersoon.objects.none(),
        required=False,
        empty_label=gettext_lazy("Alle vertrouwenspersonen"),
    )

    def __init__(self, data, *, user):
        data = data.copy()
        if not data.get("peildatum"):
            data["peildatum"] = timezone.localdate().isoformat()
        super().__init__(data)
        self.user = user
        vps = Vertrouwenspersoon.objects.visible_to(user)
        field = self.fields["vertrouwenspersoon"]
        field.queryset = vps.select_related("organisatie")
        if te_veel_keuzes(vps):
            als_invoer(
                field,
                to_field_name="nummer",
                getal=True,
                help_text=_("Het nummer van de vertrouwenspersoon; leeg: allemaal."),
            )
        if is_coordinator(user):
            self.fields["organisatie"].queryset = Organisatie.objects.visible_to(user)
        else:
            del self.fields["organisatie"]

    def _binnen_bereik(self, naam: str):
        datum = self.cleaned_data.get(naam)
        if datum is not None:
            try:
                check_date_range(datum, key=naam, earliest=VROEGSTE_DATUM, latest=LAATSTE_PEILDATUM)
            except ValidationError as error:
                raise ValidationError(error.message_dict[naam]) from error
        return datum

    def clean_peildatum(self):
        return self._binnen_bereik("peildatum")

    def clean_van(self):
        return self._binnen_bereik("van")

    def clean(self):
        cleaned = super().clean()
        van, peildatum = cleaned.get("van"), cleaned.get("peildatum")
        if van and peildatum and van > peildatum:
            self.add_error("van", _("De startdatum ligt na de peildatum."))
        return cleaned

    def report_kwargs(self) -> dict:
        return {
            "peildatum": self.cleaned_data["peildatum"],
            "van": self.cleaned_data.get("van"),
            "organisatie": self.cleaned_data.get("organisatie"),
            "vertrouwenspersoon": self.cleaned_data.get("vertrouwenspersoon"),
        }

    def filter_query(self) -> dict:
        """The filters as query parameters (kept by the presets and the Excel link)."""
        if not self.is_valid():
            return {}
        return {
            name: self.cleaned_data[name].pk
            for name in ("organisatie", "vertrouwenspersoon")
            if self.cleaned_data.get(name)
        }

    def query(self) -> str:
        """The full, cleaned query string (for the Excel link)."""
        params = dict(self.filter_query())
        if self.is_valid():
            params["peildatum"] = self.cleaned_data["peildatum"].isoformat()
            if self.cleaned_data.get("van"):
                params["van"] = self.cleaned_data["van"].isoformat()
        return urlencode(params)


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def last_quarters(
    today: datetime.date, count: int = 4
) -> list[tuple[str, datetime.date, datetime.date]]:
    """The last `count` complete quarters before today, newest first: (label, start, end)."""
    quarters = []
    end = quarter_start(today) - datetime.timedelta(days=1)
    for _i in range(count):
        start = quarter_start(end)
        label = _("Kwartaal %(nummer)s %(jaar)s") % {
            "nummer": (start.month - 1) // 3 + 1,
            "jaar": start.year,
        }
        quarters.append((label, start, end))
        end = start - datetime.timedelta(days=1)
    return quarters


def presets(form: RapportForm, today: datetime.date) -> list[dict]:
    """Links for the last four quarters and the whole period, keeping the filters."""
    filters = form.filter_query()
    items = [
        {
            "label": label,
            "query": urlencode({**filters, "van": start.isoformat(), "peildatum": end.isoformat()}),
            "active": form.is_valid()
            and form.cleaned_data.get("van") == start
            and form.cleaned_data["peildatum"] == end,
        }
        for label, start, end in last_quarters(today)
    ]
    items.append(
        {
            "label": _("Hele periode"),
            "query": urlencode({**filters, "peildatum": today.isoformat()}),
            "active": form.is_valid()
            and not form.cleaned_data.get("van")
            and form.cleaned_data["peildatum"] == today,
        }
    )
    return items
