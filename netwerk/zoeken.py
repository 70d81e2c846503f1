"""Searching the social map in Dutch: "schulden" finds "schuld".

PostgreSQL searches with its own full-text search and the 'dutch' configuration
(`SearchVector`/`SearchQuery`); SQLite has none, so the network's services keep a column of the
same words stemmed by the same Snowball algorithm (`snowballstemmer`'s "dutch_porter" is the
Dutch stemmer PostgreSQL ships) and the search compares stems. Both leave out PostgreSQL's Dutch
stop words, so "hulp bij schulden" asks the same on both databases."""

import re
from functools import lru_cache

import snowballstemmer
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery, TextField

CONFIG = "dutch"

# PostgreSQL's tsearch_data/dutch.stop: words the 'dutch' configuration does not index.
STOPWOORDEN = frozenset(
    """de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om
    hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar naar
    heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden toch al waren
    veel meer doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd altijd doch
    wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest andere""".split()
)
WOORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("dutch_porter")


def stammen(tekst: str) -> list[str]:
    """The stems of the words of `tekst`, in order, without stop words."""
    woorden = [w for w in WOORD.findall(tekst.lower()) if w not in STOPWOORDEN]
    return _stemmer().stemWords(woorden)


def zoektekst(*delen: str) -> str:
    """The stored search text: the distinct stems between spaces (" schuld woning "), so a
    search compares whole stems."""
    stems = dict.fromkeys(s for deel in delen for s in stammen(deel or ""))
    return f" {' '.join(stems)} " if stems else ""


VELDEN = ("naam", "aanbod", "talen", "adres")


def organisatie_zoektekst(organisatie, themanamen) -> str:
    """The search text of one organisation: its words and the names of its themes."""
    return zoektekst(*(getattr(organisatie, veld) for veld in VELDEN), *themanamen)


def zoek_organisaties(queryset: QuerySet, zoekterm: str) -> QuerySet:
    """The organisations of `queryset` that a Dutch full-text search for `zoekterm` finds in
    name, offer, languages, address or themes (every word, stemmed), or whose name or offer holds
    the term as typed (a part of a word: "schuld" finds "Schuldhulpverlening")."""
    zoekterm = zoekterm.strip()
    if not zoekterm:
        return queryset
    letterlijk = Q(naam__icontains=zoekterm) | Q(aanbod__icontains=zoekterm)
    if connection.vendor == "postgresql":
        return queryset.filter(letterlijk | Q(pk__in=_postgres_treffers(queryset.model, zoekterm)))
    stems = stammen(zoekterm)
    if not stems:
        return queryset.filter(letterlijk)
    gestemd = Q()
    for stem in stems:
        gestemd &= Q(zoektekst__contains=f" {stem} ")
    return queryset.filter(letterlijk | gestemd)


def _postgres_treffers(model, zoekterm):
    """The ids whose words and theme names (one text per organisation: "schulden woning" asks
    both themes) match the Dutch full-text query."""
    koppeling = model.themas.through
    themanamen = (
        koppeling.objects.filter(organisatie=OuterRef("pk"))
        .values("organisatie")
        .annotate(namen=StringAgg("thema__naam", delimiter=" "))
        .values("namen")
    )
    return (
        model.objects.annotate(
            themanamen=Subquery(themanamen, output_field=TextField()),
            zoek=SearchVector(*VELDEN, "themanamen", config=CONFIG),
        )
        .filter(zoek=SearchQuery(zoekterm, config=CONFIG))
        .values("pk")
    )
