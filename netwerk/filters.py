import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netwerk.models import (
    Organisatie,
    OrganisatieSoort,
    RolVangnet,
    Vertrouwenspersoon,
    VertrouwenspersoonStatus,
)
from netwerk.roles import Rol, has_role

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
    q = ZoekFilter(fields=["naam", "aanbod"])
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
        fields = ["q", "soort", "rol_vangnet", "partner", "actief"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is None or not has_role(request.user, Rol.COORDINATOR):
            # Only coordinators see inactive organisations at all.
            del self.filters["actief"]


class VertrouwenspersoonFilter(django_filters.FilterSet):
    q = ZoekFilter(fields=["naam"])
    organisatie = django_filters.ModelChoiceFilter(
        label=_("Organisatie"), queryset=Organisatie.objects.none(), empty_label=_("Alle")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=VertrouwenspersoonStatus.choices, empty_label=_("Alle")
    )

    class Meta:
        model = Vertrouwenspersoon
        fields = ["q", "organisatie", "status"]

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
