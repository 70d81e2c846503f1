from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from netwerk.models import Vertrouwenspersoon
from onkosten.choices import OnkostenSoort
from onkosten.models import MAX_BEDRAG
from samenvooruit.bijlagen import validate_bijlage

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _bedrag(label):
    return forms.DecimalField(
        label=label,
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=MAX_BEDRAG,
        validators=[MinValueValidator(Decimal("0.01"))],
    )


class DeclaratieForm(forms.Form):
    soort = forms.ChoiceField(label=_("Soort kosten"), choices=OnkostenSoort.choices)
    datum = forms.DateField(label=_("Datum van de kosten"), widget=DATE_WIDGET)
    bedrag = _bedrag(_("Bedrag (€)"))
    omschrijving = forms.CharField(label=_("Omschrijving"), max_length=300)
    bon = forms.FileField(
        label=_("Bon"),
        help_text=_("PDF, JPEG of PNG, hoogstens 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_bon(self):
        bon = self.cleaned_data["bon"]
        validate_bijlage(bon)
        return bon


class BeoordelingForm(forms.Form):
    besluit = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("goedkeuren", _("Goedkeuren")), ("afwijzen", _("Afwijzen"))],
        widget=forms.RadioSelect,
    )
    toelichting = forms.CharField(
        label=_("Toelichting"), required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )


class PeriodeForm(forms.Form):
    van = forms.DateField(label=_("Van"), required=False, widget=DATE_WIDGET)
    tot = forms.DateField(label=_("Tot en met"), required=False, widget=DATE_WIDGET)

    def clean(self):
        data = super().clean()
        for key in ("van", "tot"):
            datum = data.get(key)
            if datum is not None and not 1900 <= datum.year <= 2999:
                self.add_error(key, _("Kies een datum van 1900 tot 2999."))
        return data


class VergoedingForm(forms.Form):
    vertrouwenspersoon = forms.ModelChoiceField(
        label=_("Vertrouwenspersoon"), queryset=Vertrouwenspersoon.objects.none()
    )
    datum = forms.DateField(label=_("Datum betaling"), widget=DATE_WIDGET)
    bedrag = _bedrag(_("Bedrag (€)"))
    omschrijving = forms.CharField(label=_("Omschrijving"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vertrouwenspersoon"].queryset = Vertrouwenspersoon.objects.visible_to(user)


class GrensForm(forms.Form):
    jaar = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2999)
    per_maand = _bedrag(_("Maximum per maand (€)"))
    per_jaar = _bedrag(_("Maximum per jaar (€)"))
