"""The merge pages' forms: which other record, then which of the two is kept."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hulpvragen import selectors as casework
from hulpvragen.models import Huishouden


class KiesHuishoudenForm(forms.Form):
    """The other household, by its reference (any the coordinator may see, not anonymised)."""

    met = forms.CharField(
        label=gettext_lazy("Referentie van het andere huishouden"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, huishouden, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.huishouden = huishouden
        self.user = user

    def clean_met(self):
        referentie = self.cleaned_data["met"].strip()
        ander = Huishouden.objects.visible_to(self.user).filter(referentie__iexact=referentie)
        ander = ander.select_related("vertrouwenspersoon", "organisatie").first()
        if ander is None:
            nu = casework.samengevoegd_in(referentie)
            if nu is not None:
                raise ValidationError(
                    _("%(ref)s is al samengevoegd met %(nu)s.") % {"ref": referentie, "nu": nu}
                )
            raise ValidationError(_("Er is geen huishouden %(ref)s.") % {"ref": referentie})
        if ander.pk == self.huishouden.pk:
            raise ValidationError(_("Kies een ander huishouden dan %(ref)s.") % {"ref": referentie})
        if ander.geanonimiseerd_op or self.huishouden.geanonimiseerd_op:
            raise ValidationError(_("Een geanonimiseerd huishouden wordt niet samengevoegd."))
        return ander


class KiesPersoonForm(forms.Form):
    """The other person, one of the same household."""

    met = forms.ModelChoiceField(
        label=gettext_lazy("De andere persoon in dit huishouden"),
        queryset=None,
        to_field_name="uuid",
        empty_label=None,
    )

    def __init__(self, *args, persoon, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["met"].queryset = persoon.huishouden.personen.exclude(pk=persoon.pk)


class SamenvoegenForm(forms.Form):
    """Which record is kept, and the confirmation that both were compared."""

    behouden = forms.ChoiceField(label=gettext_lazy("Bewaren"), widget=forms.RadioSelect)
    begrepen = forms.BooleanField(
        label=gettext_lazy(
            "Ik heb beide naast elkaar bekeken: het zijn dezelfde. Samenvoegen kan niet "
            "ongedaan worden gemaakt."
        ),
        error_messages={"required": gettext_lazy("Bevestig dat u beide hebt vergeleken.")},
    )

    def __init__(self, *args, links, rechts, naam, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = {"links": links, "rechts": rechts}
        self.fields["behouden"].choices = [
            ("links", _("%(naam)s bewaren, de ander erin opnemen") % {"naam": naam(links)}),
            ("rechts", _("%(naam)s bewaren, de ander erin opnemen") % {"naam": naam(rechts)}),
        ]
        self.fields["behouden"].initial = "links"

    def keuze(self):
        """(kept, removed)."""
        behouden = self.cleaned_data["behouden"]
        weg = "rechts" if behouden == "links" else "links"
        return self.records[behouden], self.records[weg]
