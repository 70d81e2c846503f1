"""The one enumeration of the project's pages: every URL pattern x every role, with real records.

    routes()                 every named URL pattern, namespaces walked recursively (no admin)
    build_world(users)       a small world of records: each role has its own, and records out of
                             every role's scope exist (the `walker_world` fixture builds it)
    walk(world, scopes)      a `Visit` per URL pattern x role (x record variant): the URL name,
                             the concrete URL, the role, and whether the record is in its scope
    Visitor(users)           makes a visit's request as its role; what the request wrote is
                             rolled back, so visits do not change each other's world

How a pattern's arguments are filled comes from the scope matrix (`tests/scopes.py`, one table
keyed by URL name): it names the kind of record the URL takes (a key of `World.records`) and, per
variant of that record, the roles that may reach it. A pattern that takes arguments but is not in
the matrix cannot be filled: `walk` leaves it out and `unscoped` names it (the scope test fails
on it). Scope tests, the hostile-input sweep and the accessibility check of every page all start
here, so a new page is enumerated once, in one place.

    for visit in walk(world, SCOPES, roles=["vp_b"]):
        if visit.in_scope is False:
            ...  # vp_b must get a 404 for visit.url
"""

import datetime
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hulpvragen.models import Doorverwijzing, Signaal, Thema, Toestemming
from meldingen.models import Melding, Soort
from noodfonds.choices import AanvraagStatus
from noodfonds.models import Besluitbrief, Betaalbatch, Bijlage, Crediteur
from onkosten.models import Declaratie
from opleiding.choices import DeelnameStatus
from opleiding.models import Bijeenkomst, Cohort, Deelname, Leeruur, Ontwikkelstap
from taken.services import start_taak
from tests.bestanden import PDF
from tests.factories import (
    AanvraagFactory,
    HulpvraagFactory,
    OrganisatieFactory,
    PilotFactory,
    VertrouwenspersoonFactory,
)
from tests.taken import jobs

# The roles of the `users` fixture (tests/conftest.py), and a visitor who is not logged in.
ROLES = (
    "coordinator",
    "orgcoordinator",
    "vp_a",
    "vp_b",
    "commissie",
    "opleider",
    "outsider",
    "anonymous",
)
LOGGED_IN = frozenset(ROLES) - {"anonymous"}

# Django's own admin has its own gate (staff accounts, which no role has) and its own URLs.
SKIPPED_APPS = {"admin"}


# --- the URL patterns ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """One named URL pattern: `name` as `reverse` takes it ("hulpvragen:hulpvraag_detail"),
    `route` the full path pattern, `params` the names of its arguments in order."""

    name: str
    route: str
    params: tuple[str, ...]
    callback: Callable

    @property
    def takes_record(self) -> bool:
        """Every argument in a URL names a record, or comes with one (an action's slug)."""
        return bool(self.params)


def _params(pattern) -> tuple[str, ...]:
    converters = getattr(pattern, "converters", None)
    if converters is not None and hasattr(pattern, "_route"):
        return tuple(converters)
    return tuple(pattern.regex.groupindex)


def routes(urlconf=None) -> list[Route]:
    """Every named URL pattern of `urlconf` (the project's by default), admin left out."""
    return sorted(_walk_patterns(get_resolver(urlconf).url_patterns), key=lambda r: r.name)


def _walk_patterns(patterns, prefix="", namespace="", params=()) -> Iterator[Route]:
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.app_name in SKIPPED_APPS:
                continue
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk_patterns(
                p.url_patterns, prefix + str(p.pattern), ns, params + _params(p.pattern)
            )
        elif isinstance(p, URLPattern) and p.name:
            yield Route(
                name=f"{namespace}{p.name}",
                route=prefix + str(p.pattern),
                params=params + _params(p.pattern),
                callback=p.callback,
            )


# --- the world of records -----------------------------------------------------------------------


@dataclass
class World:
    """`users`: role → login (the `users` fixture). `records`: kind → variant → record. Variant
    "a" belongs to vp_a at org_a (the organisation coordinator's organisation, the trainer's
    cohort), "b" to vp_b at org_b (a cohort of another trainer, a concept application); some
    kinds have variants named for their state (an inactive organisation)."""

    users: Mapping
    records: dict = field(default_factory=dict)

    def arguments(self, kind: str, variant: str) -> dict:
        """The URL arguments that name this record (see ARGUMENTS)."""
        variants = self.records[kind]
        if variant not in variants:
            raise LookupError(f"the world has no {kind} {variant!r}, only {sorted(variants)}")
        return ARGUMENTS[kind](variants[variant])


# kind → the URL arguments of one record of that kind
ARGUMENTS: dict[str, Callable[[object], dict]] = {
    "organisatie": lambda o: {"pk": o.pk},
    "vertrouwenspersoon": lambda v: {"uuid": v.uuid},
    "gebruiker": lambda user: {"uuid": user.profiel.uuid},
    "pilot": lambda p: {"pk": p.pk},
    "huishouden": lambda h: {"referentie": h.referentie},
    "hulpvrager": lambda p: {"uuid": p.uuid},
    "hulpvraag": lambda h: {"uuid": h.uuid},
    "doorverwijzing": lambda d: {"uuid": d.hulpvraag.uuid, "pk": d.pk},
    "toestemming": lambda t: {"referentie": t.huishouden.referentie, "pk": t.pk},
    "signaal": lambda s: {"pk": s.pk},
    "aanvraag": lambda a: {"uuid": a.uuid},
    "bijlage": lambda b: {"uuid": b.uuid},
    "besluitbrief": lambda b: {"uuid": b.uuid},
    "betaalbatch": lambda b: {"uuid": b.uuid},
    "batchregel": lambda c: {"uuid": c.batch.uuid, "aanvraag": c.aanvraag.uuid},
    "cohort": lambda c: {"pk": c.pk},
    "bijeenkomst": lambda b: {"pk": b.pk},
    "deelname": lambda d: {"uuid": d.uuid},
    "ontwikkelstap": lambda s: {"uuid": s.uuid},
    "declaratie": lambda d: {"uuid": d.uuid},
    "leeruur": lambda u: {"uuid": u.uuid},
    "taak": lambda t: {"uuid": t.uuid},
    "melding": lambda m: {"uuid": m.uuid},
}


def build_world(users: Mapping) -> World:
    """The records every URL argument can be filled with, in and out of each role's scope.
    `users` is the `users` fixture: trusted persons vp_a (org_a) and vp_b (org_b), an
    organisation coordinator at org_a, a trainer at a training organisation of its own."""
    vp_a, vp_b = users["vp_a"].vertrouwenspersoon, users["vp_b"].vertrouwenspersoon
    world = World(users=users)
    side = {"a": vp_a, "b": vp_b}
    world.records = {
        "organisatie": {
            "a": vp_a.organisatie,
            "opgeheven": OrganisatieFactory(naam="Opgeheven (walker)", actief=False),
        },
        "vertrouwenspersoon": side,
        "gebruiker": {"a": users["vp_a"], "b": users["vp_b"]},
        "pilot": {"a": PilotFactory()},
    }
    _casework(world, side)
    _fund(world, side)
    _training(world, side, users["opleider"].profiel.organisatie)
    world.records["declaratie"] = _per_side(side, _declaratie)
    world.records["taak"] = {
        "a": _taak(users["vp_a"]),
        "coordinator": _taak(users["coordinator"]),
    }
    hulpvraag = world.records["hulpvraag"]["a"]
    world.records["melding"] = {
        "a": _melding(users["vp_a"], hulpvraag),
        "coordinator": _melding(users["coordinator"], hulpvraag),
    }
    return world


def _melding(ontvanger, hulpvraag):
    """A notice about help request "a" (which both owners may see): only its owner opens it."""
    return Melding.objects.create(
        ontvanger=ontvanger,
        soort=Soort.ZONDER_CONTACT,
        tekst="Walker",
        link=reverse("hulpvragen:hulpvraag_detail", kwargs={"uuid": hulpvraag.uuid}),
        object_type="hulpvragen.hulpvraag",
        object_id=hulpvraag.pk,
        referentie=hulpvraag.huishouden.referentie,
        datum=datetime.date(2021, 1, 10),
    )


def _taak(eigenaar):
    """A finished job with its file (a download only its owner may fetch)."""
    return start_taak(eigenaar=eigenaar, functie=jobs.tel, titel="Walker", parameters={"tot": 1})


def _per_side(side: Mapping, make: Callable) -> dict:
    return {variant: make(vp) for variant, vp in side.items()}


def _casework(world, side):
    hulpvragen = _per_side(
        side,
        lambda vp: HulpvraagFactory(
            hulpvrager__huishouden__vertrouwenspersoon=vp,
            hulpvrager__huishouden__organisatie=vp.organisatie,
        ),
    )
    world.records.update(
        hulpvraag=hulpvragen,
        huishouden={v: h.huishouden for v, h in hulpvragen.items()},
        hulpvrager={v: h.hulpvrager for v, h in hulpvragen.items()},
        doorverwijzing={
            v: Doorverwijzing.objects.create(
                hulpvraag=h,
                organisatie=h.huishouden.organisatie,
                datum=h.intake_datum,
                soort="advies",
            )
            for v, h in hulpvragen.items()
        },
        toestemming={
            v: Toestemming.objects.create(
                huishouden=h.huishouden, datum=h.intake_datum, scope="registratie"
            )
            for v, h in hulpvragen.items()
        },
        # a signal of each side's organisation, made by its trusted person
        signaal={
            v: Signaal.objects.create(
                datum=h.intake_datum,
                thema=Thema.objects.first(),
                tekst="Walker",
                organisatie=side[v].organisatie,
                aangemaakt_door=side[v].user,
            )
            for v, h in hulpvragen.items()
        },
    )


def _fund(world, side):
    """Application "a" is submitted (the committee sees it), "b" is still a concept."""
    status = {"a": AanvraagStatus.INGEDIEND, "b": AanvraagStatus.CONCEPT}
    aanvragen = {
        v: AanvraagFactory(
            organisatie=vp.organisatie,
            vertrouwenspersoon=vp,
            huishouden=world.records["huishouden"][v],
            status=status[v],
            ingediend_op=datetime.date(2021, 1, 10) if v == "a" else None,
        )
        for v, vp in side.items()
    }
    world.records.update(aanvraag=aanvragen, bijlage={v: _bijlage(a) for v, a in aanvragen.items()})
    _betaling(world, aanvragen)


def _betaling(world, aanvragen):
    """A decision letter per application; a payment batch (coordinator's) paying "a"."""
    brieven = {}
    for v, aanvraag in aanvragen.items():
        brief = Besluitbrief(aanvraag=aanvraag, status=aanvraag.status)
        brief.bestand.save("brief.pdf", ContentFile(PDF), save=False)
        brief.save()
        brieven[v] = brief
    batch = Betaalbatch.objects.create(nummer=1, uitvoerdatum=datetime.date.today())
    regel = Crediteur.objects.create(
        aanvraag=aanvragen["a"], naam="Walker BV", iban="NL91ABNA0417164300", batch=batch
    )
    world.records.update(besluitbrief=brieven, betaalbatch={"a": batch}, batchregel={"a": regel})


def _bijlage(aanvraag):
    bijlage = Bijlage(aanvraag=aanvraag, naam="offerte.pdf", content_type="application/pdf")
    bijlage.grootte = len(PDF)
    bijlage.bestand.save("offerte.pdf", ContentFile(PDF), save=False)
    bijlage.save()
    return bijlage


def _declaratie(vp):
    """An expense claim of each side's trusted person, with its receipt (issue 22 §6)."""
    declaratie = Declaratie(
        vertrouwenspersoon=vp,
        soort="reiskosten",
        datum=datetime.date(2021, 1, 10),
        bedrag="12.50",
        omschrijving="Walker",
        bon_naam="bon.pdf",
        bon_content_type="application/pdf",
        bon_grootte=len(PDF),
    )
    declaratie.bon.save("bon.pdf", ContentFile(PDF), save=False)
    declaratie.save()
    return declaratie


def _training(world, side, trainer_organisatie):
    """Cohort "a" is the trainer's, with vp_a enrolled; cohort "b" another trainer's, vp_b."""
    trainers = {"a": trainer_organisatie, "b": OrganisatieFactory(naam="Andere opleider (walker)")}
    cohorten = {}
    for variant, organisatie in trainers.items():
        cohort = Cohort.objects.create(
            naam=f"Cohort {variant} (walker)", startdatum=datetime.date(2020, 11, 3)
        )
        cohort.opleiders.set([organisatie])
        cohorten[variant] = cohort
    day = datetime.date(2020, 11, 10)
    world.records.update(
        cohort=cohorten,
        bijeenkomst={
            v: Bijeenkomst.objects.create(cohort=c, soort="les", datum=day)
            for v, c in cohorten.items()
        },
        deelname={
            **{
                v: Deelname.objects.create(
                    cohort=cohorten[v], vertrouwenspersoon=vp, status_datum=day
                )
                for v, vp in side.items()
            },
            # a candidate in the trainer's cohort: not a trusted person yet
            "kandidaat": Deelname.objects.create(
                cohort=cohorten["a"],
                kandidaat_naam="Kandidaat (walker)",
                kandidaat_telefoon="06-12345678",
                kandidaat_organisatie=side["a"].organisatie,
                status_datum=day,
            ),
            # a completed enrolment with its certificate, in each cohort
            **{
                f"afgerond_{v}": Deelname.objects.create(
                    cohort=cohorten[v],
                    vertrouwenspersoon=VertrouwenspersoonFactory(
                        naam=f"Afgerond {v} (walker)", organisatie=vp.organisatie
                    ),
                    status=DeelnameStatus.AFGEROND,
                    status_datum=datetime.date(2021, 6, 1),
                    certificaat_datum=datetime.date(2021, 6, 1),
                )
                for v, vp in side.items()
            },
        },
        ontwikkelstap={
            v: Ontwikkelstap.objects.create(vertrouwenspersoon=vp, soort="buurtbaan", datum=day)
            for v, vp in side.items()
        },
        leeruur={
            v: Leeruur.objects.create(vertrouwenspersoon=vp, soort="intervisie", datum=day, uren=2)
            for v, vp in side.items()
        },
    )


# --- the walk ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Visit:
    """One URL for one role. For a pattern with a record: `kind` and `variant` name the record
    in the URL and `in_scope` says whether the role may reach it (the anonymous visitor never);
    for a pattern without arguments they are None (which roles have such a page is the business
    of each area's page tests)."""

    name: str
    url: str
    role: str
    kind: str | None = None
    variant: str | None = None
    in_scope: bool | None = None


def walk(
    world: World,
    scopes: Mapping,
    *,
    roles: Iterable[str] = ROLES,
    names: Iterable[str] | None = None,
    urlconf=None,
) -> Iterator[Visit]:
    """Every URL pattern (or only `names`) x every role in `roles`, filled with `world`'s
    records as `scopes` says. Patterns with arguments that `scopes` does not cover are left out:
    `unscoped` names them."""
    wanted = None if names is None else set(names)
    roles = tuple(roles)
    for route in routes(urlconf):
        if wanted is not None and route.name not in wanted:
            continue
        if not route.takes_record:
            url = reverse(route.name, urlconf=urlconf)
            yield from (Visit(route.name, url, role) for role in roles)
        elif route.name in scopes:
            yield from _record_visits(world, route, scopes[route.name], roles, urlconf)


def _record_visits(world, route, scope, roles, urlconf):
    for variant, reach in scope.reach.items():
        kwargs = {**world.arguments(scope.record, variant), **scope.extra}
        url = reverse(route.name, kwargs=kwargs, urlconf=urlconf)
        for role in roles:
            yield Visit(route.name, url, role, scope.record, variant, role in reach)


def unscoped(scopes: Mapping, urlconf=None) -> list[str]:
    """What is wrong between the URL patterns and the scope matrix: a pattern that takes a record
    but has no row, a row for a URL name that does not exist (renamed or moved), a row for a page
    without arguments or with a record kind the walker does not know."""
    problems = []
    by_name = {route.name: route for route in routes(urlconf)}
    for route in by_name.values():
        if route.takes_record and route.name not in scopes:
            params = ", ".join(route.params)
            problems.append(
                f"{route.name} takes a record ({params}) but is not in the scope matrix"
                " (tests/scopes.py)"
            )
    for name, scope in scopes.items():
        route = by_name.get(name)
        if route is None:
            problems.append(f"the scope matrix names {name}, but there is no such URL")
        elif scope.record not in ARGUMENTS:
            problems.append(f"{name}: no record kind {scope.record!r} in tests/urlwalker.py")
        elif not route.takes_record:
            problems.append(f"{name} takes no record: it does not belong in the scope matrix")
    return problems


class Visitor:
    """`visitor(visit, "get")`: the response to the visit's URL, as the visit's role (one
    logged-in client per role). Every request's writes are rolled back, so a POST that deletes
    or blocks does not change what the next visit finds."""

    def __init__(self, users):
        self.users = users
        self.clients = {}

    def __call__(self, visit: Visit, method: str):
        client = self.clients.get(visit.role)
        if client is None:
            client = self.clients[visit.role] = Client()
            if visit.role != "anonymous":
                client.force_login(self.users[visit.role])
        with transaction.atomic():
            response = getattr(client, method)(visit.url)
            transaction.set_rollback(True)
        return response
