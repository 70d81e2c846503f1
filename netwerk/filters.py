import datetime

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netwerk.models import (
    Organisatie,
    OrganisatieSoort,
    RolVangnet,
    Thema,
    Toegangslog,
    ToegangslogActie,
    ToegangslogResultaat,
    Vertrouwenspersoon,
    VertrouwenspersoonStatus,
)
from netwerk.roles import Rol, has_role
from netwerk.zoeken import zoek_organisaties
from samenvooruit.filters import DatumFilter

JA_NEE = forms.Select(choices=[("", _("Alle")), ("true", _("Ja")), ("false", _("Nee"))])


class ZoekFilter(django_filters.CharFilter):
    """One search box over several text fields (case-insensitive, contains)."""

    def __init__(self, *args, fields, **kwargs):
        self.search_fields = fields
        super().__init__(*args, label=_("Zoeken"), method=self.search, **kwargs)

    def search(self, queryset, name, value):
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(query)


class OrganisatieFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoeken"), method="zoek")
    themas = django_filters.ModelChoiceFilter(
        label=_("Thema"), queryset=Thema.objects.all(), empty_label=_("Alle")
    )
    soort = django_filters.ChoiceFilter(
        label=_("Soort"), choices=OrganisatieSoort.choices, empty_label=_("Alle")
    )
    rol_vangnet = django_filters.ChoiceFilter(
        label=_("Rol in het vangnet"), choices=RolVangnet.choices, empty_label=_("Alle")
    )
    partner = django_filters.BooleanFilter(label=_("Partner"), widget=JA_NEE)
    actief = django_filters.BooleanFilter(label=_("Actief"), widget=JA_NEE)

    class Meta:
        model = Organisatie
        fields = ["q", "themas", "soort", "rol_vangnet", "partner", "actief"]

    def zoek(self, queryset, name, value):
        """Dutch full-text search over name, offer, languages, address and themes."""
        return zoek_organisaties(queryset, value)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is None or not has_role(request.user, Rol.COORDINATOR):
            # Only coordinators see inactive organisations at all.
            del self.filters["actief"]


MAX_NUMMER = 2**31 - 1  # the number field's range (PositiveIntegerField)


def zoek_vertrouwenspersonen(queryset, value: str):
    """The name search of the trusted persons: a part of the name, or their number (digits,
    optionally after a #) finds the one with that number too."""
    term = value.strip()
    query = Q(naam__icontains=term)
    cijfers = term.removeprefix("#").strip()
    if cijfers.isdigit() and int(cijfers) <= MAX_NUMMER:
        query |= Q(nummer=int(cijfers))
    return queryset.filter(query)


class VertrouwenspersoonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Zoeken"), method="zoek", help_text=_("Een deel van de naam, of het nummer.")
    )
    organisatie = django_filters.ModelChoiceFilter(
        label=_("Organisatie"), queryset=Organisatie.objects.none(), empty_label=_("Alle")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=VertrouwenspersoonStatus.choices, empty_label=_("Alle")
    )

    class Meta:
        model = Vertrouwenspersoon
        fields = ["q", "organisatie", "status"]

    def zoek(self, queryset, name, value):
        return zoek_vertrouwenspersonen(queryset, value)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request else None
        if user is not None and has_role(user, Rol.COORDINATOR):
            self.filters["organisatie"].queryset = Organisatie.objects.visible_to(user)
        else:
            # Others see one organisation's trusted persons at most: no choice to offer.
            del self.filters["organisatie"]


class GebruikerFilter(django_filters.FilterSet):
    q = ZoekFilter(fields=["username", "first_name", "last_name", "email"])
    rol = django_filters.ChoiceFilter(
        label=_("Rol"), field_name="groups__name", choices=Rol.choices, empty_label=_("Alle")
    )
    is_active = django_filters.BooleanFilter(label=_("Actief"), widget=JA_NEE)

    class Meta:
        model = get_user_model()
        fields = ["q", "rol", "is_active"]


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _begin_of_day(value):
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))


class ToegangslogFilter(django_filters.FilterSet):
    """Search the access log by user, record reference, action and date range."""

    gebruiker = django_filters.CharFilter(
        label=_("Gebruiker"), field_name="gebruikersnaam", lookup_expr="icontains"
    )
    referentie = django_filters.CharFilter(label=_("Referentie"), method="by_referentie")
    actie = django_filters.ChoiceFilter(
        label=_("Actie"), choices=ToegangslogActie.choices, empty_label=_("Alle")
    )
    resultaat = django_filters.ChoiceFilter(
        label=_("Resultaat"), choices=ToegangslogResultaat.choices, empty_label=_("Alle")
    )
    van = DatumFilter(label=_("Vanaf"), method="by_van", widget=DatumInput())
    tot = DatumFilter(label=_("Tot en met"), method="by_tot", widget=DatumInput())

    class Meta:
        model = Toegangslog
        fields = ["gebruiker", "referentie", "actie", "resultaat", "van", "tot"]

    def by_referentie(self, queryset, name, value):
        # A refusal of a whole page has no record, only its address (which holds the reference).
        value = value.strip()
        return queryset.filter(Q(object_ref__icontains=value) | Q(pad__icontains=value))

    def by_van(self, queryset, name, value):
        return queryset.filter(tijdstip__gte=_begin_of_day(value))

    def by_tot(self, queryset, name, value):
        return queryset.filter(tijdstip__lt=_begin_of_day(value + datetime.timedelta(days=1)))
