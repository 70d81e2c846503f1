from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netwerk.models import Organisatie, Pilot, Vertrouwenspersoon
from netwerk.roles import Rol, has_role, organisatie_id_of
from opleiding import services
from opleiding.choices import DOMEIN_VELDEN
from opleiding.models import Bijeenkomst, Cohort, Deelname, Leeruur, Meting, Ontwikkelstap
from samenvooruit.forms import (
    ModelMultipleChoiceField,
    VersieForm,
    check_service_rule,
    service_rule,
    te_veel_keuzes,
)

WEEKDAGEN = [
    (0, _("maandag")),
    (1, _("dinsdag")),
    (2, _("woensdag")),
    (3, _("donderdag")),
    (4, _("vrijdag")),
    (5, _("zaterdag")),
    (6, _("zondag")),
]


def _datum(form, field):
    """`clean_<field>` of a training date by its service rule."""
    return service_rule(
        lambda datum: services.validate_opleiding_datum(datum, field=field),
        form.cleaned_data.get(field),
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CohortForm(VersieForm, forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["naam", "pilot", "startdatum", "opleiders"]
        widgets = {"startdatum": DateInput(), "opleiders": forms.CheckboxSelectMultiple}
        field_classes = {"opleiders": ModelMultipleChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = Pilot.objects.all()
        if has_role(user, Rol.COORDINATOR):
            self.fields["opleiders"].queryset = Organisatie.objects.visible_to(user)
        else:
            # A trainer runs the cohorts of their own trainer organisation only: the cohort
            # carries it, so it stays theirs (Cohort.visible_to).
            self.fields["opleiders"].queryset = Organisatie.objects.filter(
                pk=organisatie_id_of(user)
            )
            self.fields["opleiders"].required = True
            self.fields["opleiders"].initial = [organisatie_id_of(user)]

    def clean_startdatum(self):
        return _datum(self, "startdatum")


class CohortCreateForm(CohortForm):
    standaardprogramma = forms.BooleanField(
        label=_("Standaardprogramma aanmaken"),
        required=False,
        initial=True,
        help_text=_(
            "10 lessen, 10 ontwikkelbijeenkomsten en 10 intervisiebijeenkomsten: elke week één "
            "bijeenkomst op de gekozen weekdag, om en om les, ontwikkelbijeenkomst, intervisie "
            "(30 weken). Elke bijeenkomst is daarna te wijzigen."
        ),
    )
    weekdag = forms.TypedChoiceField(
        label=_("Weekdag"), choices=WEEKDAGEN, coerce=int, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("standaardprogramma") and data.get("weekdag") in (None, ""):
            self.add_error("weekdag", _("Kies de weekdag van de bijeenkomsten."))
        return data


class BijeenkomstForm(forms.ModelForm):
    class Meta:
        model = Bijeenkomst
        fields = ["soort", "datum", "onderwerp", "online"]
        widgets = {"datum": DateInput()}

    def clean_datum(self):
        return _datum(self, "datum")


KANDIDAAT_REGELS = 5  # empty candidate rows on the enrolment form ("?regels=" for more)
MAX_KANDIDAAT_REGELS = 40


def kandidaat_organisaties():
    """The partner organisations a candidate can become a trusted person at."""
    return Organisatie.objects.filter(partner=True, actief=True).order_by("naam")


class InschrijvenForm(forms.Form):
    """Enrol several participants at once: trusted persons the user may see (a coordinator;
    a trainer sees none) by tick or, above MAX_KEUZES, by their numbers; candidates in the rows
    of `KandidaatFormSet` below."""

    vertrouwenspersonen = ModelMultipleChoiceField(
        label=_("Vertrouwenspersonen"),
        queryset=Vertrouwenspersoon.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    nummers = forms.CharField(
        label=_("Nummers van vertrouwenspersonen"),
        required=False,
        max_length=2000,
        help_text=_("Gescheiden door komma's of spaties, bijvoorbeeld: 12, 40, 41."),
    )
    status_datum = forms.DateField(label=_("Ingeschreven op"), widget=DateInput())

    def __init__(self, *args, user, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = (
            Vertrouwenspersoon.objects.visible_to(user)
            .exclude(deelnames__cohort=cohort)
            .select_related("organisatie")
        )
        self.beschikbaar = queryset
        self.fields["status_datum"].initial = timezone.localdate()
        if not queryset.exists():
            del self.fields["vertrouwenspersonen"], self.fields["nummers"]
        elif te_veel_keuzes(queryset):
            del self.fields["vertrouwenspersonen"]
        else:
            del self.fields["nummers"]
            self.fields["vertrouwenspersonen"].queryset = queryset

    def clean_status_datum(self):
        return _datum(self, "status_datum")

    def clean_nummers(self):
        tekst = self.cleaned_data.get("nummers", "")
        delen = [d for d in tekst.replace(",", " ").replace(";", " ").split() if d]
        fout = [d for d in delen if not d.isdigit() or len(d) > 9]
        if fout:
            raise forms.ValidationError(_("Geen nummer: %(fout)s.") % {"fout": ", ".join(fout[:5])})
        nummers = {int(d) for d in delen}
        gevonden = list(self.beschikbaar.filter(nummer__in=nummers))
        missend = nummers - {vp.nummer for vp in gevonden}
        if missend:
            raise forms.ValidationError(
                _("Geen vertrouwenspersoon om in te schrijven met nummer: %(n)s.")
                % {"n": ", ".join(map(str, sorted(missend)[:5]))}
            )
        return gevonden

    def gekozen(self) -> list:
        data = self.cleaned_data
        return list(data.get("vertrouwenspersonen") or data.get("nummers") or [])


class KandidaatForm(forms.Form):
    """One candidate row; an untouched row is skipped."""

    naam = forms.CharField(label=_("Naam"), max_length=200, required=False)
    telefoon = forms.CharField(label=_("Telefoon"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    organisatie = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisatie.objects.none(), required=False
    )
    intake_datum = forms.DateField(label=_("Intakedatum"), widget=DateInput(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = kandidaat_organisaties()

    def clean(self):
        data = super().clean()
        if not self.errors:
            check_service_rule(self, services.validate_kandidaat, **data)
        return data


def kandidaat_formset(regels: int = KANDIDAAT_REGELS):
    """The candidate rows: `regels` empty ones (a posted form brings its own count, at most
    MAX_KANDIDAAT_REGELS)."""
    return forms.formset_factory(
        KandidaatForm,
        extra=regels,
        max_num=MAX_KANDIDAAT_REGELS,
        absolute_max=MAX_KANDIDAAT_REGELS,
        validate_max=True,
    )


class DeelnameUpdateForm(forms.ModelForm):
    class Meta:
        model = Deelname
        fields = ["status", "status_datum", "certificaat_datum"]
        widgets = {"status_datum": DateInput(), "certificaat_datum": DateInput()}

    def clean_status_datum(self):
        return _datum(self, "status_datum")

    def clean_certificaat_datum(self):
        return service_rule(
            services.validate_certificaat_datum, self.cleaned_data.get("certificaat_datum")
        )

    def clean(self):
        data = super().clean()
        check_service_rule(
            self,
            services.validate_certificaat,
            status=data.get("status"),
            certificaat_datum=data.get("certificaat_datum"),
        )
        return data


class KandidaatUpdateForm(DeelnameUpdateForm):
    """The enrolment of a candidate: also their details (until they become a trusted person)."""

    class Meta(DeelnameUpdateForm.Meta):
        fields = [
            *DeelnameUpdateForm.Meta.fields,
            "kandidaat_naam",
            "kandidaat_telefoon",
            "kandidaat_email",
            "kandidaat_organisatie",
            "intake_datum",
        ]
        widgets = {**DeelnameUpdateForm.Meta.widgets, "intake_datum": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kandidaat_organisatie"].queryset = kandidaat_organisaties()

    def clean(self):
        data = super().clean()
        try:
            services.validate_kandidaat(
                naam=data.get("kandidaat_naam", ""),
                telefoon=data.get("kandidaat_telefoon", ""),
                email=data.get("kandidaat_email", ""),
                organisatie=data.get("kandidaat_organisatie"),
                intake_datum=data.get("intake_datum"),
            )
        except forms.ValidationError as exc:
            velden = {"naam": "kandidaat_naam", "telefoon": "kandidaat_telefoon"}
            velden |= {"organisatie": "kandidaat_organisatie"}
            for veld, fouten in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
                self.add_error(velden.get(veld, veld if veld in self.fields else None), fouten)
        return data


class CertificaatForm(forms.Form):
    datum = forms.DateField(label=_("Datum certificaat"), widget=DateInput())

    def clean_datum(self):
        return service_rule(services.validate_certificaat_datum, self.cleaned_data.get("datum"))


class MetingForm(forms.ModelForm):
    class Meta:
        model = Meting
        fields = ["datum", *DOMEIN_VELDEN, "toelichting"]
        widgets = {
            "datum": DateInput(),
            **{veld: forms.RadioSelect for veld in DOMEIN_VELDEN},
            "toelichting": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for veld in DOMEIN_VELDEN:
            # No blank "---------" choice: every domain needs a score 1–5.
            self.fields[veld].choices = [(i, str(i)) for i in range(1, 6)]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "datum", *[InlineRadios(veld) for veld in DOMEIN_VELDEN], "toelichting"
        )

    def clean_datum(self):
        meting = self.instance

        def rule(datum):
            services.validate_opleiding_datum(datum, field="datum")
            services.validate_meting_datum(
                deelname=meting.deelname, soort=meting.soort, datum=datum
            )

        return service_rule(rule, self.cleaned_data.get("datum"))


class OntwikkelstapForm(forms.ModelForm):
    class Meta:
        model = Ontwikkelstap
        fields = ["soort", "datum", "toelichting"]
        widgets = {"datum": DateInput(), "toelichting": forms.Textarea(attrs={"rows": 3})}

    def clean_datum(self):
        return _datum(self, "datum")


class LeeruurForm(forms.ModelForm):
    """Hours of learning (issue 22 §5): the training, intervision, a course elsewhere."""

    class Meta:
        model = Leeruur
        fields = ["soort", "datum", "uren", "omschrijving"]
        widgets = {"datum": DateInput()}

    def clean_datum(self):
        return service_rule(services.validate_leeruur_datum, self.cleaned_data.get("datum"))
