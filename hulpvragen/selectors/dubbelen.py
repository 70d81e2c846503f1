"""Possible duplicates (a new household or person like one already registered) and merged
households (an old reference still leads to the kept one).

One rule for the intake, a new person and the registration workbook's check. The database
narrows to a superset of what the rule can accept (`_kandidaten`), then `_beoordeel` decides in
Python, the same on both databases: the name by rapidfuzz (`naam_score`), birth year, phone and
postcode by equality. PostgreSQL narrows by pg_trgm on the name without accents (the trigram
indexes of migration 0012), SQLite by birth year and postcode; the phone number by its own
index on both."""

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.lookups import TrigramSimilar, TrigramStrictWordSimilar
from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, transaction
from django.db.models import CharField, F, Func, Q, SmallIntegerField, Value
from django.db.models.functions import Cast
from rapidfuzz import fuzz

from hulpvragen.choices import DubbelReden
from hulpvragen.models import (
    TELEFOON_CIJFERS,
    TELEFOON_SCHEIDERS,
    Huishouden,
    Hulpvrager,
    OudeReferentie,
    telefoon_sleutel_expressie,
)

NAAM_DREMPEL = 90  # naam_score from which two names count as alike (0-100)


PG_VOORSELECTIE = 50  # persons per query that PostgreSQL hands over, the most similar first


# pg_trgm's thresholds for the narrowing, in the transaction that searches. A name that
# naam_score finds alike (a letter typed wrong, dropped or swapped, the parts in another order)
# has a trigram similarity of 0.45 or more (all of 20,000 such pairs of bench/namen.py's names;
# 0.5 would lose 1 %). The words of a name typed without a birth year are looked up one by one
# (strict word similarity, `PG_WOORD_MIN` letters or more): 0.3 finds about 85 % of such typos.
PG_GELIJKENIS = 0.45


PG_WOORD_GELIJKENIS = 0.3


PG_WOORD_MIN = 4


MAX_TELEFOON = 20  # persons per phone number looked at (a shared number is no proof anyway)


MAX_POSTCODE = 500  # persons per postcode looked at on PostgreSQL (a postcode is a street or two)


POSTCODE = re.compile(r"^\s*([1-9][0-9]{3})\s*([a-zA-Z]{2})\s*$")


ZOEKNAAM = "public.hulpvragen_zoeknaam"  # migration 0012: lower(unaccent(naam)), PostgreSQL


@dataclass(frozen=True)
class MogelijkDubbel:
    """A stored person who may be the one being registered, with the reasons (DubbelReden values,
    in its order) and the name's score."""

    hulpvrager_id: int
    huishouden_id: int
    referentie: str
    naam: str
    geboortejaar: int | None
    redenen: tuple[str, ...]
    score: float

    @property
    def reden_labels(self) -> list[str]:
        return [str(DubbelReden(reden).label) for reden in self.redenen]


def naam_sleutel(naam: str) -> str:
    """A name as the check compares it: accents gone, lower case, words of letters and digits
    separated by one space ("El-Amrani, Fátima" → "el amrani fatima")."""
    zonder_accenten = "".join(
        teken
        for teken in unicodedata.normalize("NFKD", naam or "")
        if not unicodedata.combining(teken)
    )
    return " ".join(re.findall(r"[^\W_]+", zonder_accenten.casefold()))


def naam_score(a: str, b: str) -> float:
    """How alike two names (`naam_sleutel`) are, 0-100, whatever the order of their parts: the
    best of rapidfuzz's token_sort_ratio and its plain ratio of `b` against every rotation of
    `a`'s words ("jansen piet" against "piet jansem" is a typo, not another person)."""
    if not a or not b:
        return 0.0
    woorden = a.split()
    rotaties = {" ".join(woorden[i:] + woorden[:i]) for i in range(len(woorden))}
    return max(fuzz.token_sort_ratio(a, b), *(fuzz.ratio(rotatie, b) for rotatie in rotaties))


def telefoon_sleutel(telefoon: str) -> str:
    """The phone number as the index `models.telefoon_sleutel_expressie` holds it (its last nine
    digits once the separators are gone); "" when that is not nine digits."""
    waarde = telefoon or ""
    for teken in TELEFOON_SCHEIDERS:
        waarde = waarde.replace(teken, "")
    sleutel = waarde[-TELEFOON_CIJFERS:]
    return sleutel if len(sleutel) == TELEFOON_CIJFERS and sleutel.isdigit() else ""


def postcode_sleutel(postcode: str) -> str:
    """A Dutch postcode as it is stored ("1094ab" → "1094 AB"); "" when it is none."""
    match = POSTCODE.match(postcode or "")
    return f"{match.group(1)} {match.group(2).upper()}" if match else ""


def _zoeknaam(expressie):
    return Func(expressie, function=ZOEKNAAM, output_field=CharField())


KANDIDAAT_VELDEN = (
    "pk",
    "naam",
    "geboortejaar",
    "telefoon",
    "huishouden_id",
    "huishouden__referentie",
    "huishouden__postcode",
)


def _kandidaten(naam: str, geboortejaar: int | None, telefoon: str, postcode: str) -> list[dict]:
    """The stored persons (of households not anonymised) that may pass `_beoordeel`: a superset,
    narrowed by the database (`_pg_gelijke_namen` on PostgreSQL). A few queries."""
    personen = Hulpvrager.objects.filter(huishouden__geanonimiseerd_op__isnull=True)
    rijen = {}
    if telefoon:
        zelfde = personen.alias(sleutel=telefoon_sleutel_expressie()).filter(sleutel=telefoon)
        rijen.update((r["pk"], r) for r in zelfde.values(*KANDIDAAT_VELDEN)[:MAX_TELEFOON])
    if naam:
        if connection.vendor == "postgresql":
            querysets = _pg_gelijke_namen(personen, naam, geboortejaar, postcode)
        else:
            gelijk = personen.exclude(naam="")
            if geboortejaar is not None:
                buurt = Q(geboortejaar=geboortejaar) | Q(geboortejaar__isnull=True)
                if postcode:
                    buurt |= Q(huishouden__postcode=postcode)
                gelijk = gelijk.filter(buurt)
            querysets = [gelijk]
        for queryset in querysets:
            for rij in queryset.values(*KANDIDAAT_VELDEN):
                rijen.setdefault(rij["pk"], rij)
    return list(rijen.values())


def _pg_gelijke_namen(personen, naam: str, geboortejaar: int | None, postcode: str) -> list:
    """PostgreSQL: the persons whose name is alike by pg_trgm, each query served by a trigram
    index (migration 0012), so that a million names are not read:
    - with a birth year: the whole name similar (`%`, whatever the order of its parts) among
      those of that year (the index on year and name) and those without a year (a partial
      index), in one query; and the persons of the same postcode (a typo in the year);
    - without one: those with every word of PG_WOORD_MIN letters or more of the name (strict
      word similarity `%>>`), the most similar first. The whole name against a million
      (names as common as "Mohamed" or "Jansen" share most of their trigrams) would read
      thousands of rows; this reads few, and finds most typos (PG_WOORD_GELIJKENIS).
    Sets pg_trgm's thresholds for the rest of the transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, true), "
            "set_config('pg_trgm.strict_word_similarity_threshold', %s, true)",
            [str(PG_GELIJKENIS), str(PG_WOORD_GELIJKENIS)],
        )
    zoeknaam, invoer = _zoeknaam(F("naam")), _zoeknaam(Value(naam))
    gelijkenis = TrigramSimilarity(zoeknaam, invoer)

    def meest_gelijk(queryset):
        return queryset.annotate(gelijkenis=gelijkenis).order_by("-gelijkenis")[:PG_VOORSELECTIE]

    if geboortejaar is None:
        woorden = [w for w in naam.split() if len(w) >= PG_WOORD_MIN] or naam.split()
        elk_woord = (TrigramStrictWordSimilar(zoeknaam, Value(woord)) for woord in woorden)
        return [meest_gelijk(personen.filter(*elk_woord))]
    lijkt = TrigramSimilar(zoeknaam, invoer)
    # the index's own type: btree_gin compares a smallint only with a smallint
    jaar = Cast(Value(geboortejaar), SmallIntegerField())
    querysets = [
        meest_gelijk(
            personen.filter(Q(lijkt, geboortejaar=jaar) | Q(lijkt, geboortejaar__isnull=True))
        )
    ]
    if postcode:
        # a postcode holds few households: its persons as they are (`%` here would tempt the
        # planner to read the name index first, misjudging how many names it matches)
        querysets.append(personen.filter(huishouden__postcode=postcode)[:MAX_POSTCODE])
    return querysets


def _beoordeel(rij: dict, naam: str, geboortejaar, telefoon: str, postcode: str):
    """(reasons, score) when the stored person `rij` may be the one being registered, else None.
    The rule: the same phone number; or a name alike (`NAAM_DREMPEL`) unless both birth years
    are known and differ, which the same postcode outweighs (a typo in the year)."""
    score = naam_score(naam, naam_sleutel(rij["naam"]))
    gevonden = {
        DubbelReden.NAAM: score >= NAAM_DREMPEL,
        DubbelReden.GEBOORTEJAAR: geboortejaar is not None and rij["geboortejaar"] == geboortejaar,
        DubbelReden.TELEFOON: bool(telefoon) and telefoon_sleutel(rij["telefoon"]) == telefoon,
        DubbelReden.POSTCODE: bool(postcode) and rij["huishouden__postcode"] == postcode,
    }
    tegenspraak = (
        None not in (geboortejaar, rij["geboortejaar"]) and not gevonden[DubbelReden.GEBOORTEJAAR]
    )
    naam_telt = gevonden[DubbelReden.NAAM] and (not tegenspraak or gevonden[DubbelReden.POSTCODE])
    if not (gevonden[DubbelReden.TELEFOON] or naam_telt):
        return None
    return tuple(str(reden) for reden in DubbelReden if gevonden[reden]), score


def mogelijke_dubbelen(
    *, naam: str = "", geboortejaar: int | None = None, telefoon: str = "", postcode: str = ""
) -> list[MogelijkDubbel]:
    """The stored persons who may be the person about to be registered (a new household's main
    person, a person added to a household, a row of the registration workbook), most likely
    first: the same phone number, or a name alike in spite of accents, typos and the order of
    first and last name (`naam_score`), not contradicted by another birth year (unless the
    postcode is the same). Households that were anonymised are left out. Unscoped: the callers
    decide who may see which (services.controleer_dubbelen)."""
    sleutel = naam_sleutel(naam)
    telefoon = telefoon_sleutel(telefoon)
    postcode = postcode_sleutel(postcode)
    if not sleutel and not telefoon:
        return []
    with transaction.atomic():  # pg_trgm's thresholds hold for this transaction only
        kandidaten = _kandidaten(sleutel, geboortejaar, telefoon, postcode)
    gevonden = []
    for rij in kandidaten:
        beoordeling = _beoordeel(rij, sleutel, geboortejaar, telefoon, postcode)
        if beoordeling is not None:
            redenen, score = beoordeling
            gevonden.append(
                MogelijkDubbel(
                    hulpvrager_id=rij["pk"],
                    huishouden_id=rij["huishouden_id"],
                    referentie=rij["huishouden__referentie"],
                    naam=rij["naam"],
                    geboortejaar=rij["geboortejaar"],
                    redenen=redenen,
                    score=score,
                )
            )
    return sorted(gevonden, key=lambda d: (-len(d.redenen), -d.score, d.referentie, d.naam))


def samengevoegd_in(referentie: str) -> Huishouden | None:
    """The household a removed household's reference now leads to (None: never merged)."""
    oud = OudeReferentie.objects.select_related("huishouden").filter(referentie=referentie)
    return next((o.huishouden for o in oud), None)


def samengevoegde_ids(huishouden: Huishouden) -> list[int]:
    """The ids the households merged into this one had (their change history keeps them)."""
    return list(huishouden.oude_referenties.values_list("huishouden_id_oud", flat=True))
