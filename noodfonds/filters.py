import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hulpvragen.choices import Inkomsten, Woonplaats
from noodfonds.choices import AanvraagStatus, Onderwerp
from noodfonds.models import Aanvraag


class AanvraagFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoek op referentie"), method="zoek")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AanvraagStatus.choices)
    onderwerp = django_filters.ChoiceFilter(label=_("Onderwerp"), choices=Onderwerp.choices)
    woonplaats = django_filters.ChoiceFilter(label=_("Woonplaats"), choices=Woonplaats.choices)
    # the report's "aanvullen" beside its income table leads here with inkomsten=onbekend
    inkomsten = django_filters.ChoiceFilter(label=_("Inkomsten"), choices=Inkomsten.choices)
    spoed = django_filters.BooleanFilter(label=_("Spoed"))

    class Meta:
        model = Aanvraag
        fields = []

    def zoek(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(referentie__icontains=value) | Q(huishouden__referentie__icontains=value)
        )
