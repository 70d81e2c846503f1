"""Filter fields shared by the apps' lists."""

import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

# The dates a filter computes with (a day later, the start of a day in local time): any date a
# person means lies far inside; at 0001-01-01 or 9999-12-31 those computations overflow.
EERSTE_FILTERDATUM = datetime.date(1900, 1, 1)
LAATSTE_FILTERDATUM = datetime.date(2999, 12, 31)


class FilterDatumField(forms.DateField):
    """A date to filter by, refused (a form error, no rows) outside the dates it can be
    computed with."""

    def validate(self, value):
        super().validate(value)
        if value is not None and not EERSTE_FILTERDATUM <= value <= LAATSTE_FILTERDATUM:
            raise forms.ValidationError(
                _("Kies een datum tussen %(van)s en %(tot)s."),
                code="buiten_bereik",
                params={
                    "van": EERSTE_FILTERDATUM.strftime("%d-%m-%Y"),
                    "tot": LAATSTE_FILTERDATUM.strftime("%d-%m-%Y"),
                },
            )


class DatumFilter(django_filters.DateFilter):
    field_class = FilterDatumField
