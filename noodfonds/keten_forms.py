"""Forms of issue 21 (the papers checklist, loans): input checks only; the rules are in
noodfonds.checklist and noodfonds.leningen."""

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from noodfonds.choices import ChecklistSoort, ChecklistStatus
from noodfonds.models import Lening

BEDRAG = {"max_digits": 9, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0.01"))]}
KEUZES = [("", _("Niet ingevuld")), *ChecklistStatus.choices]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ChecklistForm(forms.Form):
    """One choice per paper; "identiteit gezien" is attested (the document is never uploaded)."""

    def __init__(self, *args, aanvraag=None, **kwargs):
        super().__init__(*args, **kwargs)
        huidig = dict(aanvraag.checklist.values_list("soort", "status")) if aanvraag else {}
        for soort in ChecklistSoort:
            self.fields[soort.value] = forms.ChoiceField(
                label=soort.label,
                choices=KEUZES,
                required=False,
                initial=huidig.get(soort.value, ""),
            )
        self.fields[ChecklistSoort.IDENTITEIT].help_text = _(
            "U verklaart dat u het identiteitsbewijs heeft gezien. Upload het niet."
        )

    def statussen(self) -> dict[str, str]:
        return {soort: self.cleaned_data.get(soort, "") for soort in ChecklistSoort.values}


class LeningForm(forms.Form):
    bedrag = forms.DecimalField(
        label=_("Geleend bedrag"),
        required=False,
        help_text=_("Leeg: het hele toegekende bedrag."),
        **BEDRAG,
    )
    per_maand = forms.DecimalField(label=_("Aflossing per maand"), **BEDRAG)
    eerste_maand = forms.DateField(
        label=_("Eerste maand van aflossen"),
        widget=DateInput(),
        help_text=_(
            "Een dag in die maand; de aflossing van een maand is uiterlijk aan het eind van die maand verschuldigd."
        ),
    )


class AflossingForm(forms.Form):
    bedrag = forms.DecimalField(label=_("Bedrag aflossing"), **BEDRAG)
    datum = forms.DateField(label=_("Datum ontvangen"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("datum", timezone.localdate())
        super().__init__(*args, **kwargs)


class KwijtscheldingForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden van kwijtschelding"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=Lening._meta.get_field("kwijtschelding_reden").max_length,
    )
