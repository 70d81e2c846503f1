"""Casework forms. Every dropdown of records starts from `visible_to(user)`; assignment fields
(organisation, trusted person) are offered only to roles that may reassign a household."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import fields_for_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hulpvragen import selectors, services
from hulpvragen.choices import SignaalStatus, Status, ToestemmingScope, UitkomstCategorie
from hulpvragen.models import (
    Contactmoment,
    Doorverwijzing,
    Huishouden,
    Hulpvraag,
    Hulpvrager,
    Signaal,
    Thema,
    Toestemming,
)
from netwerk.models import Organisatie, Pilot, Vertrouwenspersoon
from netwerk.roles import Rol, has_role, organisatie_id_of
from netwerk.selectors import niet_inzetbaar
from netwerk.services import validate_pilot_periode, validate_taakstelling
from samenvooruit.forms import (
    ModelMultipleChoiceField,
    VersieForm,
    als_invoer,
    check_service_rule,
    service_rule,
    te_veel_keuzes,
)
from samenvooruit.grenzen import NOTITIE

# hulpvragen/privacy_views.py imports it from here

HUISHOUDEN_VELDEN = [
    "woonplaats",
    "postcode",
    "samenstelling",
    "aantal_kinderen",
    "inkomsten",
    "contact_formeel",
    "binnenkomst",
    "doorverwezen_door",
]
HULPVRAGER_VELDEN = ["naam", "geslacht", "geboortejaar", "telefoon", "taal"]
HULPVRAAG_VELDEN = [
    "intake_datum",
    "soort",
    "terugkerend",
    "themas",
    "omschrijving",
    "pilot",
    "nazorg_datum",
]
THEMA_ERRORS = {
    "invalid_choice": _("Onbekend thema: %(value)s."),
    "invalid_pk_value": _("Onbekend thema: %(pk)s."),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _assignment_fields(form, user, *, vp=None, org=None):
    """Add organisatie/vertrouwenspersoon for roles that may assign: the choices the service's
    guard accepts (selectors.assignable_*, services.check_assignment_in_scope)."""
    if not selectors.may_reassign(user):
        return
    if has_role(user, Rol.COORDINATOR):
        form.fields["organisatie"] = forms.ModelChoiceField(
            label=_("Partnerorganisatie"),
            queryset=selectors.assignable_organisaties(user),
            required=False,
            initial=org,
            help_text=_("Leeg: de organisatie van de vertrouwenspersoon."),
        )
    form.fields["vertrouwenspersoon"] = forms.ModelChoiceField(
        label=_("Vertrouwenspersoon"),
        queryset=selectors.assignable_vertrouwenspersonen(user, current=vp),
        required=False,
        initial=vp,
    )
    if te_veel_keuzes(form.fields["vertrouwenspersoon"].queryset):
        als_invoer(
            form.fields["vertrouwenspersoon"],
            to_field_name="nummer",
            getal=True,
            help_text=_("Het nummer van de vertrouwenspersoon; leeg: geen."),
        )
    else:
        markeer_niet_inzetbaar(form.fields["vertrouwenspersoon"])


def markeer_niet_inzetbaar(field):
    """Label the trusted persons of a drop-down who may not get a household yet (the rule of
    netwerk.services.check_inzetbaar, through netwerk.selectors.niet_inzetbaar): they stay on
    offer, so the coordinator sees why, and the submit refuses them naming what is missing. One
    query (a typed number, above MAX_KEUZES, has no labels)."""
    niet = set(niet_inzetbaar(field.queryset).order_by().values_list("pk", flat=True))
    if not niet:
        return

    def label(persoon):
        if persoon.pk in niet:
            return _("%(vp)s — inwerken niet rond") % {"vp": persoon}
        return str(persoon)

    field.label_from_instance = label


def clean_postcode(form):
    """The postcode by the service's rule, as it will be stored ("1234 AB")."""
    try:
        return services.normaliseer_postcode(form.cleaned_data.get("postcode", ""))
    except ValidationError as exc:
        raise ValidationError(exc.messages) from exc


def assignment_from(form, user):
    """(vertrouwenspersoon, organisatie) to store: the form's choice for roles that assign, the
    user's own for a trusted person, the own organisation for an organisation coordinator."""
    data = form.cleaned_data
    if not selectors.may_reassign(user):
        vp = Vertrouwenspersoon.objects.filter(user=user).select_related("organisatie").first()
        return vp, (vp.organisatie if vp else None)
    vp = data.get("vertrouwenspersoon")
    if has_role(user, Rol.COORDINATOR):
        return vp, data.get("organisatie")
    return vp, Organisatie.objects.filter(pk=organisatie_id_of(user)).first()


class IntakeForm(forms.Form):
    """The shared intake: household, main person, first help request, themes and consent."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields.update(fields_for_model(Huishouden, fields=HUISHOUDEN_VELDEN))
        self.fields.update(fields_for_model(Hulpvrager, fields=HULPVRAGER_VELDEN))
        self.fields.update(
            fields_for_model(
                Hulpvraag,
                fields=HULPVRAAG_VELDEN,
                widgets={
                    "intake_datum": DateInput(),
                    "nazorg_datum": DateInput(),
                    "themas": forms.CheckboxSelectMultiple,
                    "omschrijving": forms.Textarea(attrs={"rows": 3}),
                },
                error_messages={"themas": THEMA_ERRORS},
                field_classes={"themas": ModelMultipleChoiceField},
            )
        )
        self.fields["intake_datum"].initial = today
        self.fields["themas"].queryset = Thema.objects.all()
        self.fields["pilot"].queryset = Pilot.objects.all()
        self.fields["pilot"].help_text = _("Leeg: de pilot waarin de datum van aanmelding valt.")
        self.fields["doorverwezen_door"].queryset = Organisatie.objects.visible_to(user)
        _assignment_fields(self, user)
        self.fields["toestemming"] = forms.BooleanField(
            label=_("De hulpvrager geeft toestemming om deze gegevens vast te leggen."),
            error_messages={"required": _("Zonder toestemming leggen we niets vast.")},
        )
        self.fields["toestemming_datum"] = forms.DateField(
            label=_("Datum toestemming"), initial=today, widget=DateInput()
        )
        self.fields["toestemming_scope"] = forms.ChoiceField(
            label=_("Reikwijdte"),
            choices=ToestemmingScope.choices,
            initial=ToestemmingScope.REGISTRATIE,
        )
        assignment = [f for f in ("organisatie", "vertrouwenspersoon") if f in self.fields]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Hulpvrager"), *HULPVRAGER_VELDEN),
            Fieldset(_("Huishouden"), *HUISHOUDEN_VELDEN),
            Fieldset(_("Eerste hulpvraag"), *HULPVRAAG_VELDEN),
            *([Fieldset(_("Begeleiding"), *assignment)] if assignment else []),
            Fieldset(_("Toestemming"), "toestemming", "toestemming_datum", "toestemming_scope"),
        )

    def clean_geboortejaar(self):
        return service_rule(services.validate_geboortejaar, self.cleaned_data.get("geboortejaar"))

    def clean_intake_datum(self):
        return service_rule(services.validate_intake_datum, self.cleaned_data.get("intake_datum"))

    clean_postcode = clean_postcode

    def clean_aantal_kinderen(self):
        return service_rule(
            services.validate_aantal_kinderen, self.cleaned_data.get("aantal_kinderen")
        )

    def clean_nazorg_datum(self):
        return service_rule(services.validate_nazorg_datum, self.cleaned_data.get("nazorg_datum"))

    def clean_toestemming_datum(self):
        return service_rule(
            services.validate_toestemming_datum, self.cleaned_data.get("toestemming_datum")
        )

    def clean(self):
        data = super().clean()
        if "geboortejaar" not in self.errors and "intake_datum" not in self.errors:
            # the birth year lies in or before the year of the intake
            check_service_rule(
                self,
                services.validate_geboortejaar,
                jaar=data.get("geboortejaar"),
                intake_datum=data.get("intake_datum"),
            )
        return data

    def section(self, names):
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}


class HuishoudenForm(VersieForm, forms.ModelForm):
    class Meta:
        model = Huishouden
        fields = [*HUISHOUDEN_VELDEN, "adres", "notitie"]
        widgets = {"notitie": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["doorverwezen_door"].queryset = Organisatie.objects.visible_to(user)
        _assignment_fields(
            self, user, vp=self.instance.vertrouwenspersoon, org=self.instance.organisatie
        )

    clean_postcode = clean_postcode

    def clean_aantal_kinderen(self):
        return service_rule(
            services.validate_aantal_kinderen, self.cleaned_data.get("aantal_kinderen")
        )


class HulpvragerForm(VersieForm, forms.ModelForm):
    class Meta:
        model = Hulpvrager
        fields = HULPVRAGER_VELDEN

    def clean_geboortejaar(self):
        return service_rule(services.validate_geboortejaar, self.cleaned_data.get("geboortejaar"))


class HulpvraagForm(VersieForm, forms.ModelForm):
    """A help request of a household: the person is picked from that household only."""

    class Meta:
        model = Hulpvraag
        fields = ["hulpvrager", *HULPVRAAG_VELDEN]
        labels = {"hulpvrager": _("Hulpvrager")}  # the model field has no translatable name
        widgets = {
            "intake_datum": DateInput(),
            "nazorg_datum": DateInput(),
            "themas": forms.CheckboxSelectMultiple,
            "omschrijving": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"themas": THEMA_ERRORS}
        field_classes = {"themas": ModelMultipleChoiceField}

    def __init__(self, *args, huishouden, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hulpvrager"].queryset = huishouden.personen.all()
        self.fields["hulpvrager"].empty_label = None
        self.fields["themas"].queryset = Thema.objects.all()
        self.fields["pilot"].queryset = Pilot.objects.all()
        self.fields["pilot"].help_text = _("Leeg: de pilot waarin de datum van aanmelding valt.")
        if not self.instance.pk:
            self.fields["intake_datum"].initial = timezone.localdate()

    def clean_intake_datum(self):
        return service_rule(services.validate_intake_datum, self.cleaned_data.get("intake_datum"))

    def clean_nazorg_datum(self):
        return service_rule(services.validate_nazorg_datum, self.cleaned_data.get("nazorg_datum"))

    def _post_clean(self):
        # The service saves; the model instance is not touched by the form.
        pass

    def service_data(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "themas"}


class StatusForm(forms.Form):
    naar = forms.ChoiceField(label=_("Nieuwe status"), choices=Status.choices)
    datum = forms.DateField(label=_("Datum"), widget=DateInput())
    uitkomst_categorie = forms.ChoiceField(
        label=_("Soort uitkomst"),
        choices=[("", "---------"), *UitkomstCategorie.choices],
        required=False,
        help_text=_("Verplicht bij afronden; de rapportage telt de afgeronde hulpvragen hiernaar."),
    )
    uitkomst = forms.CharField(
        label=_("Uitkomst"),
        required=False,
        max_length=NOTITIE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij afronden: wat heeft de hulp opgeleverd?"),
    )
    notitie = forms.CharField(
        label=_("Notitie"),
        required=False,
        max_length=NOTITIE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, hulpvraag, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["naar"].choices = [c for c in Status.choices if c[0] != hulpvraag.status]
        self.fields["datum"].initial = timezone.localdate()
        self.fields["uitkomst"].initial = hulpvraag.uitkomst
        self.fields["uitkomst_categorie"].initial = hulpvraag.uitkomst_categorie

    def clean(self):
        data = super().clean()
        # the rule is the service's; asking here shows it together with the other errors
        check_service_rule(
            self,
            services.check_uitkomst,
            naar=data.get("naar"),
            uitkomst=data.get("uitkomst", ""),
            uitkomst_categorie=data.get("uitkomst_categorie", ""),
        )
        return data


class SoortUitkomstForm(forms.Form):
    """The outcome's category of a help request closed without one (services.vul_soort_uitkomst_aan)."""

    uitkomst_categorie = forms.ChoiceField(
        label=_("Soort uitkomst"),
        choices=UitkomstCategorie.choices,
        help_text=_(
            "Wat het afronden opleverde; de rapportage telt de afgeronde hulpvragen hiernaar."
        ),
    )


class ContactForm(forms.ModelForm):
    """Log a contact: on the phone the kind is the submit button, so one tap saves."""

    nazorg_datum = forms.DateField(
        label=_("Volgende opvolgdatum"),
        required=False,
        widget=DateInput(),
        help_text=_("Wanneer neemt u weer contact op?"),
    )

    class Meta:
        model = Contactmoment
        fields = ["notitie", "soort", "datum", "minuten", "nazorg_datum"]
        widgets = {
            "datum": DateInput(),
            "notitie": forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["datum"].initial = timezone.localdate()
        self.fields["datum"].required = False
        self.fields["datum"].help_text = _("Leeg: vandaag.")

    def clean_minuten(self):
        return service_rule(services.validate_contact_minuten, self.cleaned_data.get("minuten"))

    def clean_nazorg_datum(self):
        return service_rule(services.validate_nazorg_datum, self.cleaned_data.get("nazorg_datum"))

    def _post_clean(self):
        pass


class NazorgForm(forms.Form):
    nazorg_datum = forms.DateField(label=_("Opvolgdatum"), required=False, widget=DateInput())

    def clean_nazorg_datum(self):
        return service_rule(services.validate_nazorg_datum, self.cleaned_data.get("nazorg_datum"))


class DoorverwijzingForm(forms.ModelForm):
    """A referral shares data: without consent for that organisation the service refuses, unless
    the person agrees now and the box is ticked (the consent is then recorded in the same step)."""

    toestemming_vastleggen = forms.BooleanField(
        label=_("De hulpvrager geeft nu toestemming om gegevens te delen met deze organisatie."),
        required=False,
        help_text=_(
            "Alleen nodig als er nog geen toestemming is voor deze organisatie; de toestemming "
            "wordt dan vastgelegd op de datum van de doorverwijzing."
        ),
    )

    class Meta:
        model = Doorverwijzing
        fields = ["organisatie", "soort", "datum", "notitie"]
        widgets = {"datum": DateInput(), "notitie": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, huishouden=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = Organisatie.objects.visible_to(user)
        self.fields["datum"].initial = timezone.localdate()
        if huishouden is not None:
            gedeeld = [
                str(t.organisatie)
                for t in services.actieve_toestemmingen(huishouden)
                .filter(scope=ToestemmingScope.DELEN)
                .select_related("organisatie")
            ]
            self.fields["organisatie"].help_text = (
                _("Toestemming om te delen is er voor: %(orgs)s.") % {"orgs": ", ".join(gedeeld)}
                if gedeeld
                else _("Er is nog voor geen enkele organisatie toestemming om te delen.")
            )

    def _post_clean(self):
        pass


class ToestemmingForm(forms.ModelForm):
    class Meta:
        model = Toestemming
        fields = ["scope", "organisatie", "datum"]
        widgets = {"datum": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = Organisatie.objects.visible_to(user)
        self.fields["organisatie"].help_text = _("Alleen bij delen met een organisatie.")
        self.fields["datum"].initial = timezone.localdate()

    def clean_datum(self):
        return service_rule(services.validate_toestemming_datum, self.cleaned_data.get("datum"))

    def _post_clean(self):
        pass


class UitkomstForm(forms.ModelForm):
    class Meta:
        model = Doorverwijzing
        fields = ["uitkomst", "uitkomst_datum"]
        widgets = {"uitkomst_datum": DateInput(), "uitkomst": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uitkomst"].required = True
        if not self.instance.uitkomst_datum:
            # the instance's empty date would win over a field initial
            self.initial["uitkomst_datum"] = timezone.localdate()

    def _post_clean(self):
        pass


class SignaalForm(forms.ModelForm):
    """Help requests are linked by typing their references (a search suggests them as one
    types, hulpvragen/signaal_koppelen.js), never by scrolling a list of all of them."""

    hulpvragen = forms.CharField(
        label=_("Hulpvragen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
        help_text=_(
            "Optioneel: de hulpvragen waarin u dit ziet, één per regel, met de referentie van het "
            "huishouden (en de datum van aanmelding als het huishouden meer hulpvragen heeft), "
            "bijvoorbeeld HH-2021-0042 · 12-01-2021."
        ),
    )

    class Meta:
        model = Signaal
        fields = ["datum", "thema", "tekst", "organisatie"]
        widgets = {"datum": DateInput(), "tekst": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"thema": {"invalid_choice": _("Onbekend thema.")}}
        field_classes = {"hulpvragen": ModelMultipleChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["datum"].initial = timezone.localdate()
        self.fields["thema"].queryset = Thema.objects.all()
        self.fields["hulpvragen"].widget.attrs["data-zoek-url"] = reverse(
            "hulpvragen:hulpvraag_zoeken"
        )
        if has_role(user, Rol.COORDINATOR):
            self.fields["organisatie"].queryset = Organisatie.objects.visible_to(user)
        else:
            del self.fields["organisatie"]
        self.order_fields(["datum", "thema", "tekst", "organisatie", "hulpvragen"])

    def clean_hulpvragen(self):
        try:
            return selectors.hulpvragen_uit_referenties(self.user, self.cleaned_data["hulpvragen"])
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc

    def _post_clean(self):
        pass


class SignaalOpvolgingForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=SignaalStatus.choices)
    notitie = forms.CharField(
        label=_("Notitie"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=True,
        max_length=NOTITIE,
    )

    def __init__(self, *args, signaal, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("status", signaal.status)


class PilotForm(forms.ModelForm):
    class Meta:
        model = Pilot
        fields = ["naam", "startdatum", "einddatum", "taakstelling"]
        widgets = {"startdatum": DateInput(), "einddatum": DateInput()}

    def clean_taakstelling(self):
        return service_rule(validate_taakstelling, self.cleaned_data.get("taakstelling"))

    def clean(self):
        data = super().clean()
        check_service_rule(
            self,
            validate_pilot_periode,
            startdatum=data.get("startdatum"),
            einddatum=data.get("einddatum"),
        )
        return data


class OverdrachtForm(forms.Form):
    """The trusted person who takes over all of `van`'s households: one `user` may assign a
    household to who still works (selectors.overdracht_kandidaten)."""

    vertrouwenspersoon = forms.ModelChoiceField(
        label=_("Nieuwe vertrouwenspersoon"), queryset=Vertrouwenspersoon.objects.none()
    )

    def __init__(self, *args, user, van, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["vertrouwenspersoon"]
        field.queryset = selectors.overdracht_kandidaten(user, van=van)
        if te_veel_keuzes(field.queryset):
            als_invoer(
                field,
                to_field_name="nummer",
                getal=True,
                help_text=_("Het nummer van de vertrouwenspersoon."),
            )
        else:
            markeer_niet_inzetbaar(field)
