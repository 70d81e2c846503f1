from django import forms

from meldingen.models import MeldingVoorkeur


class VoorkeurForm(forms.ModelForm):
    """A user's choice for e-mail (the rules are the model's choices, which the service checks
    again: meldingen.services.wijzig_voorkeur)."""

    class Meta:
        model = MeldingVoorkeur
        fields = ["email", "taal"]
        widgets = {"email": forms.RadioSelect}
