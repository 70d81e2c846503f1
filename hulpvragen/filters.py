"""List filters. Choices of records (trusted persons, organisations) come from `visible_to`;
the querysets they filter are already scoped and annotated by the selectors."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from hulpvragen.choices import Soort, Status, Woonplaats
from hulpvragen.models import Huishouden, Hulpvraag, Hulpvrager, Thema
from hulpvragen.selectors import flag_filter
from netwerk.filters import zoek_vertrouwenspersonen
from netwerk.models import Organisatie, Pilot, Vertrouwenspersoon
from netwerk.roles import Rol, has_role, organisatie_id_of
from samenvooruit.filters import DatumFilter
from samenvooruit.forms import te_veel_keuzes

ALLE = _("Alle")
FLAG_CHOICES = [
    ("alle", _("Een of meer signaleringen")),
    ("zonder_contact", _("Lang geen contact")),
    ("nazorg_verlopen", _("Opvolgdatum verstreken")),
    ("doorverwijzing_open", _("Doorverwijzing zonder uitkomst")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _organisaties(request):
    """Partner organisations; other roles than the coordinator see only their own."""
    if request is None:
        return Organisatie.objects.none()
    qs = Organisatie.objects.visible_to(request.user).filter(partner=True)
    if not has_role(request.user, Rol.COORDINATOR):
        qs = qs.filter(pk=organisatie_id_of(request.user))
    return qs


def _vertrouwenspersonen(request):
    if request is None:
        return Vertrouwenspersoon.objects.none()
    return Vertrouwenspersoon.objects.visible_to(request.user)


class CaseworkFilter(django_filters.FilterSet):
    """Shared by both lists; `household_prefix` is the lookup path from the listed model to the
    household ('huishouden__' for help requests, '' for households)."""

    q = django_filters.CharFilter(label=_("Zoeken"), method="search")
    pilot = django_filters.ModelChoiceFilter(
        label=_("Pilot"),
        queryset=Pilot.objects.all(),
        method="by_hulpvraag",
        empty_label=ALLE,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Status.choices,
        method="by_hulpvraag",
        empty_label=ALLE,
    )
    soort = django_filters.ChoiceFilter(
        label=_("Soort vraag"),
        choices=Soort.choices,
        method="by_hulpvraag",
        empty_label=ALLE,
    )
    themas = django_filters.ModelChoiceFilter(
        label=_("Thema"),
        queryset=Thema.objects.all(),
        method="by_hulpvraag",
        empty_label=ALLE,
    )
    vertrouwenspersoon = django_filters.ModelChoiceFilter(
        label=_("Vertrouwenspersoon"),
        queryset=_vertrouwenspersonen,
        method="by_huishouden",
        empty_label=ALLE,
    )
    organisatie = django_filters.ModelChoiceFilter(
        label=_("Organisatie"),
        queryset=_organisaties,
        method="by_huishouden",
        empty_label=ALLE,
    )
    woonplaats = django_filters.ChoiceFilter(
        label=_("Woonplaats"),
        choices=Woonplaats.choices,
        method="by_huishouden",
        empty_label=ALLE,
    )
    intake_van = DatumFilter(label=_("Aanmelding vanaf"), method="by_hulpvraag", widget=DateInput())
    intake_tot = DatumFilter(
        label=_("Aanmelding tot en met"), method="by_hulpvraag", widget=DateInput()
    )
    signalering = django_filters.ChoiceFilter(
        label=_("Signalering"),
        choices=FLAG_CHOICES,
        method="by_flag",
        empty_label=ALLE,
    )

    household_prefix = ""

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        # A drop-down of every trusted person stops working long before a city-wide network
        # (100,000+ of them, each an <option>): past samenvooruit.forms.MAX_KEUZES the field searches by name.
        if te_veel_keuzes(_vertrouwenspersonen(request)):
            naam = django_filters.CharFilter(
                field_name="vertrouwenspersoon",
                label=_("Vertrouwenspersoon (naam of nummer)"),
                method="by_vertrouwenspersoon_naam",
            )
            naam.parent, naam.model = self, self.queryset.model  # as FilterSet.__init__ does
            self.filters["vertrouwenspersoon"] = naam

    def by_vertrouwenspersoon_naam(self, queryset, name, value):
        """A name fragment, or a trusted person's own number (`nummer`, shown on their page; the
        same the report's filter and the intake take), never the database key: the search of the
        trusted persons' list (`netwerk.filters.zoek_vertrouwenspersonen`)."""
        vps = zoek_vertrouwenspersonen(_vertrouwenspersonen(self.request), value)
        return queryset.filter(**{f"{self.household_prefix}vertrouwenspersoon__in": vps})

    HULPVRAAG_LOOKUPS = {
        "pilot": "pilot",
        "status": "status",
        "soort": "soort",
        "themas": "themas",
        "intake_van": "intake_datum__gte",
        "intake_tot": "intake_datum__lte",
    }

    def by_huishouden(self, queryset, name, value):
        return queryset.filter(**{f"{self.household_prefix}{name}": value})


class HulpvraagFilter(CaseworkFilter):
    household_prefix = "huishouden__"

    class Meta:
        model = Hulpvraag
        fields = []

    def search(self, queryset, name, value):
        """Reference or name. An OR across two joined tables makes PostgreSQL read every help
        request; the matching ids as one UNION lets it start from the few that match."""
        value = value.strip()
        by_referentie = Hulpvraag.objects.filter(huishouden__referentie__icontains=value)
        by_naam = Hulpvraag.objects.filter(hulpvrager__naam__icontains=value)
        matches = by_referentie.order_by().values("pk").union(by_naam.order_by().values("pk"))
        return queryset.filter(pk__in=matches)

    def by_hulpvraag(self, queryset, name, value):
        if name == "themas":
            # a subquery, so a request with two themes never appears twice
            return queryset.filter(
                Exists(
                    Hulpvraag.themas.through.objects.filter(hulpvraag=OuterRef("pk"), thema=value)
                )
            )
        return queryset.filter(**{self.HULPVRAAG_LOOKUPS[name]: value})

    def by_flag(self, queryset, name, value):
        return queryset.filter(flag_filter(value))


class HuishoudenFilter(CaseworkFilter):
    """Help-request criteria select households with at least one help request that meets them."""

    class Meta:
        model = Huishouden
        fields = []

    def search(self, queryset, name, value):
        """Reference or the name of one of its persons, as one UNION of ids (see above)."""
        value = value.strip()
        by_referentie = Huishouden.objects.filter(referentie__icontains=value)
        by_naam = Hulpvrager.objects.filter(naam__icontains=value)
        matches = (
            by_referentie.order_by().values("pk").union(by_naam.order_by().values("huishouden_id"))
        )
        return queryset.filter(pk__in=matches)

    def by_hulpvraag(self, queryset, name, value):
        lookup = self.HULPVRAAG_LOOKUPS[name]
        return queryset.filter(
            Exists(Hulpvraag.objects.filter(huishouden=OuterRef("pk"), **{lookup: value}))
        )

    def by_flag(self, queryset, name, value):
        # households carry the same flag annotations as help requests (any of them raises it)
        return queryset.filter(flag_filter(value))
