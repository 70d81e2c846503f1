"""Forms for the fund. Every dropdown of records starts from that model's `visible_to`."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hulpvragen.models import Huishouden
from netwerk.models import Organisatie, Vertrouwenspersoon, VertrouwenspersoonStatus
from netwerk.roles import Rol, has_role, organisatie_id_of, vertrouwenspersoon_id_of
from noodfonds import services
from noodfonds.checklist import validate_voorziening
from noodfonds.choices import BijlageSoort, Stem, UitbetaaldAan
from noodfonds.models import Aanvraag, Beoordeling, Overgang
from noodfonds.services import AANVRAAG_VELDEN
from noodfonds.validators import MAX_BIJLAGE_BYTES, validate_bijlage
from samenvooruit.forms import (
    VersieForm,
    als_invoer,
    check_service_rule,
    service_rule,
    te_veel_keuzes,
)

BEDRAG = {"max_digits": 9, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0.01"))]}
JA_NEE = [("ja", _("Ja")), ("nee", _("Nee"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _vp_queryset(user):
    return Vertrouwenspersoon.objects.visible_to(user).filter(
        ~Q(status=VertrouwenspersoonStatus.GESTOPT)
    )


class AanvraagForm(VersieForm, forms.ModelForm):
    """Applying: a trusted person for their own households (organisation and trusted person are
    theirs), an organisation coordinator for their organisation (with or without one of its
    trusted persons), a coordinator for any partner organisation."""

    contact_formeel = forms.TypedChoiceField(
        label=_("Contact met formele instanties"),
        choices=JA_NEE,
        coerce=lambda v: v == "ja",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Aanvraag
        fields = AANVRAAG_VELDEN
        help_texts = {
            "motivatie": _(
                "Wat is er nodig en waarom nu? De commissie leest dit: noem geen namen, adres of "
                "telefoonnummer."
            ),
            "spoed": _("Acute nood: de coördinatie kan dan alleen een klein bedrag toekennen."),
            "huishouden": _("Laat leeg als het huishouden (nog) niet is geregistreerd."),
            "voorziening": _(
                "Is eerst een voorliggende voorziening gevraagd, zoals bijzondere bijstand bij de "
                "gemeente?"
            ),
            "voorziening_resultaat": _(
                "Afgewezen of te traag: het noodfonds maakt er een anoniem signaal voor beleid van."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            kwargs.setdefault("initial", {})["contact_formeel"] = (
                "ja" if instance.contact_formeel else "nee"
            )
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["gevraagd_bedrag"].validators.append(MinValueValidator(Decimal("0.01")))
        # an anonymised household takes no new application (its own stays selectable)
        huishoudens = Huishouden.objects.visible_to(user).filter(
            Q(geanonimiseerd_op__isnull=True) | Q(pk=getattr(instance, "huishouden_id", None))
        )
        self.fields["huishouden"].queryset = huishoudens.order_by("referentie")
        if te_veel_keuzes(huishoudens):
            als_invoer(
                self.fields["huishouden"],
                to_field_name="referentie",
                help_text=_(
                    "De referentie van het huishouden (HH-…). Laat leeg als het huishouden "
                    "(nog) niet is geregistreerd."
                ),
            )
            if instance is not None and instance.huishouden_id:
                self.initial["huishouden"] = instance.huishouden  # shown as its reference
        self.fields["motivatie"].required = True
        # a new application records the provision asked first; an older one may leave it empty
        self.fields["voorziening"].required = instance is None or not instance.pk
        if has_role(user, Rol.COORDINATOR):
            self.fields["organisatie"].queryset = Organisatie.objects.visible_to(user).filter(
                partner=True
            )
            self._vertrouwenspersonen(_vp_queryset(user))
            return
        del self.fields["organisatie"]
        if has_role(user, Rol.ORGCOORDINATOR):
            self._vertrouwenspersonen(
                _vp_queryset(user).filter(organisatie_id=organisatie_id_of(user))
            )
        else:
            del self.fields["vertrouwenspersoon"]

    def _vertrouwenspersonen(self, queryset):
        self.fields["vertrouwenspersoon"].queryset = queryset
        if te_veel_keuzes(queryset):
            als_invoer(
                self.fields["vertrouwenspersoon"],
                help_text=_("Het nummer van de vertrouwenspersoon; leeg: geen."),
            )

    def clean(self):
        data = super().clean()
        if "organisatie" not in self.fields:
            data.update(self._own_applicant())
        check_service_rule(
            self,
            services.validate_aanvrager,
            organisatie=data.get("organisatie"),
            vertrouwenspersoon=data.get("vertrouwenspersoon"),
        )
        if "voorziening" in data and "voorziening_resultaat" in data:
            check_service_rule(
                self,
                validate_voorziening,
                voorziening=data.get("voorziening") or "",
                resultaat=data.get("voorziening_resultaat") or "",
            )
        return data

    def _own_applicant(self):
        """Organisation (and trusted person) of an applicant who cannot choose them."""
        if has_role(self.user, Rol.ORGCOORDINATOR) and organisatie_id_of(self.user):
            return {"organisatie": Organisatie.objects.get(pk=organisatie_id_of(self.user))}
        vp_id = vertrouwenspersoon_id_of(self.user)
        if has_role(self.user, Rol.VERTROUWENSPERSOON) and vp_id:
            vp = Vertrouwenspersoon.objects.select_related("organisatie").get(pk=vp_id)
            return {"organisatie": vp.organisatie, "vertrouwenspersoon": vp}
        raise ValidationError(
            _(
                "Uw login is niet aan een organisatie gekoppeld. Vraag de coördinator dit te regelen."
            )
        )

    def service_velden(self):
        return {veld: self.cleaned_data.get(veld) for veld in AANVRAAG_VELDEN}


class BijlageForm(forms.Form):
    soort = forms.ChoiceField(label=_("Soort"), choices=BijlageSoort.choices)
    bestand = forms.FileField(
        label=_("Bestand"),
        # Lazy with its number filled in on use: `_(...) % {...}` here would freeze the default
        # language at import.
        help_text=lazy(
            lambda: (
                gettext("PDF, JPEG of PNG, hoogstens %(mb)s MB.")
                % {"mb": MAX_BIJLAGE_BYTES // 2**20}
            ),
            str,
        )(),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        validate_bijlage(bestand)
        return bestand


def _max(model, field):
    """The longest text the model field holds (the service refuses more too)."""
    return model._meta.get_field(field).max_length


class IndienenForm(forms.Form):
    antwoord = forms.CharField(
        label=_("Antwoord op de vraag van de commissie"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=_max(Aanvraag, "informatieantwoord"),
    )


class IntrekkenForm(forms.Form):
    toelichting = forms.CharField(
        label=_("Reden (optioneel)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=_max(Overgang, "toelichting"),
    )


class MeerInformatieForm(forms.Form):
    vraag = forms.CharField(
        label=_("Vraag aan de aanvrager"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=_max(Aanvraag, "informatievraag"),
    )


class BeoordelingForm(forms.Form):
    stem = forms.ChoiceField(label=_("Oordeel"), choices=Stem.choices, widget=forms.RadioSelect)
    bedrag = forms.DecimalField(label=_("Bedrag (bij toekennen)"), required=False, **BEDRAG)
    motivering = forms.CharField(
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=_max(Beoordeling, "motivering"),
    )

    def __init__(self, *args, gevraagd_bedrag=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.gevraagd_bedrag = gevraagd_bedrag

    def clean(self):
        data = super().clean()
        if data.get("stem") == Stem.TOEKENNEN and "bedrag" not in self.errors:
            check_service_rule(
                self,
                services.validate_toekenning_bedrag,
                bedrag=data.get("bedrag"),
                gevraagd_bedrag=self.gevraagd_bedrag,
            )
        return data


class HerbeoordelingForm(forms.Form):
    toelichting = forms.CharField(
        label=_("Toelichting voor de commissie"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=_max(Overgang, "toelichting"),
    )


class SpoedForm(forms.Form):
    bedrag = forms.DecimalField(label=_("Bedrag"), **BEDRAG)
    toelichting = forms.CharField(
        label=_("Reden voor spoed"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=_max(Aanvraag, "besluit_toelichting"),
    )


class UitbetalenForm(forms.Form):
    bedrag = forms.DecimalField(label=_("Uitbetaald bedrag"), **BEDRAG)
    datum = forms.DateField(label=_("Datum uitbetaling"), widget=DateInput())
    uitbetaald_aan = forms.ChoiceField(
        label=_("Uitbetaald aan"), choices=UitbetaaldAan.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("datum", timezone.localdate())
        super().__init__(*args, **kwargs)


class StortingForm(forms.Form):
    datum = forms.DateField(label=_("Datum"), widget=DateInput())
    bedrag = forms.DecimalField(label=_("Bedrag"), **BEDRAG)
    fondsgever = forms.CharField(label=_("Fondsgever"), max_length=200)
    omschrijving = forms.CharField(label=_("Omschrijving"), max_length=300, required=False)

    def clean_datum(self):
        return service_rule(services.validate_storting_datum, self.cleaned_data.get("datum"))


class PeriodeForm(forms.Form):
    periode = forms.ChoiceField(
        label=_("Per"),
        choices=[("maand", _("maand")), ("kwartaal", _("kwartaal")), ("jaar", _("jaar"))],
        required=False,
        initial="kwartaal",  # what the page shows without a choice (views._periode)
    )
