"""Reads for the merge pages: two records side by side, field by field (a few fixed queries)."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hulpvragen.choices import Status
from hulpvragen.models import Huishouden, Hulpvrager


@dataclass
class Regel:
    """One row of the side-by-side view: a label and the two values as text."""

    label: str
    links: str
    rechts: str

    @property
    def verschilt(self) -> bool:
        return self.links != self.rechts


def _tekst(obj, veld: str) -> str:
    display = getattr(obj, f"get_{veld}_display", None)
    waarde = display() if display else getattr(obj, veld)
    if isinstance(waarde, bool):
        return _("ja") if waarde else _("nee")
    return "" if waarde in (None, "") else str(waarde)


def _velden(model, links, rechts, velden) -> list[Regel]:
    return [
        Regel(
            str(model._meta.get_field(veld).verbose_name).capitalize(),
            _tekst(links, veld),
            _tekst(rechts, veld),
        )
        for veld in velden
    ]


HUISHOUDEN_VELDEN = [
    "woonplaats",
    "postcode",
    "adres",
    "samenstelling",
    "aantal_kinderen",
    "inkomsten",
    "contact_formeel",
    "binnenkomst",
    "doorverwezen_door",
    "vertrouwenspersoon",
    "organisatie",
    "notitie",
]
PERSOON_VELDEN = ["naam", "geslacht", "geboortejaar", "telefoon", "taal", "is_hoofdpersoon"]


def _aantallen(huishouden: Huishouden) -> dict:
    # aggregate names must differ from the relations they count
    return Huishouden.objects.filter(pk=huishouden.pk).aggregate(
        n_hulpvragen=Count("hulpvragen", distinct=True),
        n_open=Count("hulpvragen", filter=~Q(hulpvragen__status=Status.AFGEROND), distinct=True),
        n_aanvragen=Count("aanvragen", distinct=True),
        n_toestemmingen=Count("toestemmingen", distinct=True),
    )


def _personen(huishouden: Huishouden) -> str:
    return "; ".join(
        f"{p}{f' ({p.geboortejaar})' if p.geboortejaar else ''}"
        for p in huishouden.personen.order_by("-is_hoofdpersoon", "pk")
    )


def huishoudens_naast_elkaar(links: Huishouden, rechts: Huishouden) -> list[Regel]:
    """The two households' fields, persons and counts, as rows of the side-by-side view."""
    regels = [
        Regel(
            _("Aangemaakt op"),
            date_format(links.aangemaakt_op.date(), "d-m-Y"),
            date_format(rechts.aangemaakt_op.date(), "d-m-Y"),
        ),
        *_velden(Huishouden, links, rechts, HUISHOUDEN_VELDEN),
        Regel(_("Personen"), _personen(links), _personen(rechts)),
    ]
    a, b = _aantallen(links), _aantallen(rechts)
    for sleutel, label in (
        ("n_hulpvragen", _("Hulpvragen")),
        ("n_open", _("Open hulpvragen")),
        ("n_aanvragen", _("Noodfondsaanvragen")),
        ("n_toestemmingen", _("Toestemmingen")),
    ):
        regels.append(Regel(label, str(a[sleutel]), str(b[sleutel])))
    return regels


def personen_naast_elkaar(links: Hulpvrager, rechts: Hulpvrager) -> list[Regel]:
    """The two persons' fields and their numbers of help requests, side by side."""
    return [
        *_velden(Hulpvrager, links, rechts, PERSOON_VELDEN),
        Regel(_("Hulpvragen"), str(links.hulpvragen.count()), str(rechts.hulpvragen.count())),
    ]
