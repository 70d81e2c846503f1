"""Forms of paying the creditor (noodfonds.betalingen): the rules live in that module; these
forms only take the input."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from noodfonds.betalingen import te_betalen
from noodfonds.forms import DateInput
from noodfonds.models import SEPA_KENMERK, SEPA_NAAM
from noodfonds.services import euro


class CrediteurForm(forms.Form):
    naam = forms.CharField(
        label=_("Naam crediteur"),
        max_length=SEPA_NAAM,
        help_text=_("Wie het geld krijgt, bijvoorbeeld de verhuurder of het energiebedrijf."),
    )
    iban = forms.CharField(label=_("IBAN"), max_length=42)
    kenmerk = forms.CharField(
        label=_("Betalingskenmerk"),
        max_length=SEPA_KENMERK,
        required=False,
        help_text=_("Zoals op de factuur, bijvoorbeeld het factuurnummer."),
    )


class BatchForm(forms.Form):
    aanvragen = forms.ModelMultipleChoiceField(
        label=_("Te betalen"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    uitvoerdatum = forms.DateField(label=_("Gewenste uitvoerdatum"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aanvragen"].queryset = te_betalen()
        self.fields["aanvragen"].label_from_instance = lambda a: (
            f"{a.referentie} · {a.crediteur.naam} · {euro(a.toegekend_bedrag)}"
        )
        self.initial.setdefault("aanvragen", list(self.fields["aanvragen"].queryset))
        self.initial.setdefault("uitvoerdatum", timezone.localdate())


class BetaaldForm(forms.Form):
    datum = forms.DateField(label=_("Betaald op"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("datum", timezone.localdate())
        super().__init__(*args, **kwargs)
