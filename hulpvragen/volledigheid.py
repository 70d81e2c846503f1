"""Completeness (issue 23 §3): which records miss what the quarterly report needs, the data it
would otherwise count as "Onbekend" (rapportage.report.categories): a person's birth year (the
age table) and sex, a household's income and residence, a help request's pilot (the column
"Geen pilot"), its recurrence (Type vraag's "niet geregistreerd") and, when closed, its outcome's
category (the outcome table's Onbekend). Every read goes through the models' `visible_to`.

A record is incomplete when it misses at least one of its fields. Persons count only when they
have a help request (the report counts help requests); anonymised households and what they hold
are left out (they can no longer be changed). A fixed number of queries, however many records:
three counts, three lists of at most `limit` records, and per organisation or trusted person three
groupings."""

from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from hulpvragen.choices import Geslacht, Inkomsten, Status
from hulpvragen.models import Huishouden, Hulpvraag, Hulpvrager

HULPVRAGER, HUISHOUDEN, HULPVRAAG = "hulpvrager", "huishouden", "hulpvraag"
SOORTEN = (HULPVRAGER, HUISHOUDEN, HULPVRAAG)
LIMIT = 100  # records listed per kind; the counts say how many there are in all


@dataclass(frozen=True)
class Veld:
    """One thing the report needs: its key, its label, the kind of record that holds it, and
    the condition a record that misses it meets."""

    naam: str
    label: str
    soort: str
    ontbreekt: Q


VELDEN = (
    Veld("geboortejaar", _("Geboortejaar (leeftijd)"), HULPVRAGER, Q(geboortejaar__isnull=True)),
    Veld("geslacht", _("Sekse"), HULPVRAGER, Q(geslacht__in=[Geslacht.ONBEKEND, ""])),
    Veld("woonplaats", _("Woonplaats"), HUISHOUDEN, Q(woonplaats="")),
    Veld("inkomsten", _("Inkomsten"), HUISHOUDEN, Q(inkomsten__in=[Inkomsten.ONBEKEND, ""])),
    Veld("pilot", _("Pilot"), HULPVRAAG, Q(pilot__isnull=True)),
    Veld("terugkerend", _("Terugkerend of eenmalig"), HULPVRAAG, Q(terugkerend="")),
    Veld(
        "uitkomst",
        _("Soort uitkomst (afgerond)"),
        HULPVRAAG,
        Q(status=Status.AFGEROND, uitkomst_categorie=""),
    ),
)


def velden(soort: str) -> list[Veld]:
    return [veld for veld in VELDEN if veld.soort == soort]


def onvolledig(soort: str) -> Q:
    """A record of this kind that misses at least one of its fields."""
    conditie = Q(pk__in=[])
    for veld in velden(soort):
        conditie |= veld.ontbreekt
    return conditie


# the household's lookups from each kind of record (the organisation and trusted person filters)
HUISHOUDEN_PAD = {HULPVRAGER: "huishouden__", HUISHOUDEN: "", HULPVRAAG: "huishouden__"}


MODELLEN = {HULPVRAGER: Hulpvrager, HUISHOUDEN: Huishouden, HULPVRAAG: Hulpvraag}


def records(soort: str, user, *, organisatie_id=None, vertrouwenspersoon_id=None):
    """The records of one kind in `user`'s scope (`visible_to`; None: the whole network, for the
    weekly digest's figures, which are split per organisation) that the report counts, of one
    organisation or trusted person (their household's) when given."""
    pad = HUISHOUDEN_PAD[soort]
    manager = MODELLEN[soort].objects
    queryset = manager.all() if user is None else manager.visible_to(user)
    if soort == HULPVRAGER:
        queryset = queryset.filter(Exists(Hulpvraag.objects.filter(hulpvrager_id=OuterRef("pk"))))
    queryset = queryset.filter(**{f"{pad}geanonimiseerd_op__isnull": True})
    if organisatie_id is not None:
        queryset = queryset.filter(**{f"{pad}organisatie_id": organisatie_id})
    if vertrouwenspersoon_id is not None:
        queryset = queryset.filter(**{f"{pad}vertrouwenspersoon_id": vertrouwenspersoon_id})
    return queryset.order_by()


def tellingen(user, **filters) -> dict:
    """Per field the number of records that miss it, and per kind the incomplete records
    (`{soort: n}`) and all records the report counts (`{soort: n}`); three queries."""
    per_veld, onvolledige, alle = {}, {}, {}
    for soort in SOORTEN:
        counts = records(soort, user, **filters).aggregate(
            alle=Count("pk"),
            onvolledig=Count("pk", filter=onvolledig(soort)),
            **{veld.naam: Count("pk", filter=veld.ontbreekt) for veld in velden(soort)},
        )
        alle[soort], onvolledige[soort] = counts.pop("alle"), counts.pop("onvolledig")
        per_veld.update(counts)
    return {
        "per_veld": per_veld,
        "onvolledig": onvolledige,
        "alle": alle,
        "totaal": sum(onvolledige.values()),
    }


LIJST_VELDEN = {
    HULPVRAGER: ("pk", "uuid", "naam", "huishouden__referentie"),
    HUISHOUDEN: ("pk", "referentie"),
    HULPVRAAG: ("pk", "uuid", "intake_datum", "huishouden__referentie", "hulpvrager__naam"),
}
VOLGORDE = {
    HULPVRAGER: ("huishouden__referentie", "pk"),
    HUISHOUDEN: ("referentie",),
    HULPVRAAG: ("huishouden__referentie", "intake_datum", "pk"),
}


def lijst(soort: str, user, *, limit: int = LIMIT, **filters) -> list[dict]:
    """The first `limit` incomplete records of one kind, each a dict of LIJST_VELDEN with
    `ontbreekt`: the fields (Veld) it misses. One query."""
    mist = {
        f"mist_{veld.naam}": Case(
            When(veld.ontbreekt, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
        for veld in velden(soort)
    }
    rijen = (
        records(soort, user, **filters)
        .filter(onvolledig(soort))
        .annotate(**mist)
        .order_by(*VOLGORDE[soort])
        .values(*LIJST_VELDEN[soort], *mist)[:limit]
    )
    result = []
    for rij in rijen:
        rij["ontbreekt"] = [veld for veld in velden(soort) if rij.pop(f"mist_{veld.naam}")]
        result.append(rij)
    return result


def per_groep(user, groep: str, **filters) -> dict:
    """The incomplete records per organisation (`groep="organisatie"`) or trusted person
    (`"vertrouwenspersoon"`) of their household, as {id: n} (None: none); three queries."""
    result: dict = {}
    for soort in SOORTEN:
        lookup = f"{HUISHOUDEN_PAD[soort]}{groep}_id"
        rijen = (
            records(soort, user, **filters)
            .filter(onvolledig(soort))
            .values(lookup)
            .annotate(n=Count("pk"))
            .values_list(lookup, "n")
        )
        for key, n in rijen:
            result[key] = result.get(key, 0) + n
    return result
