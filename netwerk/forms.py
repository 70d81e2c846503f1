from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import SetPasswordForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netwerk.models import Organisatie, Vertrouwenspersoon
from netwerk.roles import Rol, has_role, organisatie_id_of
from netwerk.selectors import grantable_roles
from netwerk.services import (
    validate_pilot_periode,
    validate_rollen,
    validate_taakstelling,
    validate_uren_per_week,
)
from samenvooruit.forms import (
    ModelMultipleChoiceField,
    VersieForm,
    check_service_rule,
    service_rule,
)

telefoon_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{5,19}$",
    _("Voer een geldig telefoonnummer in, bijvoorbeeld 020-1234567 of 06-12345678."),
)
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganisatieForm(VersieForm, forms.ModelForm):
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Organisatie
        field_classes = {"themas": ModelMultipleChoiceField}
        fields = [
            "naam",
            "soort",
            "partner",
            "rol_vangnet",
            "aanbod",
            "themas",
            "talen",
            "contactpersoon",
            "telefoon",
            "email",
            "adres",
            "openingstijden",
            "website",
            "taakstelling",
            "actief",
        ]
        widgets = {
            "aanbod": forms.Textarea(attrs={"rows": 4}),
            "themas": forms.CheckboxSelectMultiple,
            "openingstijden": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "naam": {"unique": _("Er bestaat al een organisatie met deze naam.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["telefoon"].validators.append(telefoon_validator)

    def clean_taakstelling(self):
        return service_rule(validate_taakstelling, self.cleaned_data.get("taakstelling"))


class VertrouwenspersoonForm(VersieForm, forms.ModelForm):
    """Organisation coordinators cannot choose the organisation: it is fixed to their own."""

    class Meta:
        model = Vertrouwenspersoon
        fields = ["naam", "organisatie", "status", "startdatum", "einddatum", "uren_per_week"]
        fields += ["telefoon"]
        widgets = {"startdatum": DATE_WIDGET, "einddatum": DATE_WIDGET}
        # the report counts trusted persons by these dates (netwerk.services.vertrouwenspersoon_periode)
        help_texts = {
            "startdatum": _("Leeg bij een nieuwe vertrouwenspersoon: vandaag."),
            "einddatum": _("Leeg bij status gestopt: vandaag."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisaties = Organisatie.objects.visible_to(user)
        if not has_role(user, Rol.COORDINATOR):
            organisaties = organisaties.filter(pk=organisatie_id_of(user))
            self.fields["organisatie"].disabled = True
            self.initial["organisatie"] = organisatie_id_of(user)
        self.fields["organisatie"].queryset = organisaties
        self.fields["telefoon"].validators.append(telefoon_validator)

    def clean_uren_per_week(self):
        return service_rule(validate_uren_per_week, self.cleaned_data.get("uren_per_week"))

    def clean(self):
        cleaned = super().clean()
        check_service_rule(
            self,
            validate_pilot_periode,
            startdatum=cleaned.get("startdatum"),
            einddatum=cleaned.get("einddatum"),
        )
        return cleaned


class GebruikerRolMixin:
    """Roles, organisation and trusted-person link, limited to what the manager may grant."""

    def setup_rol_fields(self, door, gebruiker=None):
        self.door = door
        choices = [(rol.value, rol.label) for rol in grantable_roles(door)]
        self.fields["rollen"] = forms.MultipleChoiceField(
            label=_("Rollen"),
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Kies ten minste één rol.")},
        )
        if len(choices) == 1:
            self.initial.setdefault("rollen", [choices[0][0]])
        organisaties = Organisatie.objects.visible_to(door)
        self.fields["organisatie"] = forms.ModelChoiceField(
            label=_("Organisatie"), queryset=organisaties, required=False
        )
        if not has_role(door, Rol.COORDINATOR):
            self.fields["organisatie"].queryset = organisaties.filter(pk=organisatie_id_of(door))
            self.fields["organisatie"].disabled = True
            self.initial["organisatie"] = organisatie_id_of(door)
        vrij = Q(user__isnull=True) | Q(user=gebruiker) if gebruiker else Q(user__isnull=True)
        self.fields["vertrouwenspersoon"] = forms.ModelChoiceField(
            label=_("Vertrouwenspersoon"),
            queryset=Vertrouwenspersoon.objects.editable_by(door)
            .filter(vrij)
            .select_related("organisatie"),
            required=False,
            help_text=_("Koppel deze login aan de gegevens van een vertrouwenspersoon."),
        )

    def clean(self):
        cleaned = super().clean()
        check_service_rule(
            self,
            validate_rollen,
            rollen=cleaned.get("rollen") or [],
            organisatie=cleaned.get("organisatie"),
            vertrouwenspersoon=cleaned.get("vertrouwenspersoon"),
        )
        return cleaned


class DutchPasswordMixin:
    """Django's password validation (settings name the Dutch minimum-length validator)."""

    def validate_password_for_user(self, user, password_field_name="password2"):
        password = self.cleaned_data.get(password_field_name)
        if password:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                self.add_error(password_field_name, error)


class GebruikerCreateForm(GebruikerRolMixin, DutchPasswordMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "first_name", "last_name", "email")

    def __init__(self, *args, door, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_rol_fields(door)
        self.fields["password1"].label = _("Wachtwoord")
        self.fields["password2"].label = _("Wachtwoord (nogmaals)")
        self.order_fields(
            ["username", "first_name", "last_name", "email", "rollen", "organisatie"]
            + ["vertrouwenspersoon"]
        )


class GebruikerUpdateForm(GebruikerRolMixin, forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ("first_name", "last_name", "email")

    def __init__(self, *args, door, **kwargs):
        super().__init__(*args, **kwargs)
        gebruiker = self.instance
        self.setup_rol_fields(door, gebruiker)
        self.initial["rollen"] = list(
            gebruiker.groups.filter(name__in=Rol.values).values_list("name", flat=True)
        )
        profiel = getattr(gebruiker, "profiel", None)
        if profiel is not None and "organisatie" not in self.initial:
            self.initial["organisatie"] = profiel.organisatie_id
        persoon = Vertrouwenspersoon.objects.filter(user=gebruiker).first()
        self.initial["vertrouwenspersoon"] = persoon.pk if persoon else None
        if gebruiker.pk == door.pk:
            # Taking away one's own coordinator role would lock the last coordinator out.
            self.fields["rollen"].disabled = True
            self.fields["rollen"].required = False


class WachtwoordForm(DutchPasswordMixin, SetPasswordForm):
    """Django's password validation, with Dutch labels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Nieuw wachtwoord")
        self.fields["new_password2"].label = _("Nieuw wachtwoord (nogmaals)")


class InwerkenForm(VersieForm, forms.ModelForm):
    """The onboarding a coordinator records (services.save_inwerken): the VOG date, the signed
    confidentiality statement, an exemption with its reason. The completed training comes from
    the training's certificate and is shown, not typed."""

    class Meta:
        model = Vertrouwenspersoon
        fields = ["vog_datum", "geheimhouding_datum", "vrijstelling_reden"]
        widgets = {"vog_datum": DATE_WIDGET, "geheimhouding_datum": DATE_WIDGET}
        help_texts = {
            "vrijstelling_reden": _(
                "Alleen bij een vrijstelling van de inwerkeisen (VOG, geheimhouding, "
                "opleiding). Leeg maken trekt de vrijstelling in."
            ),
        }
