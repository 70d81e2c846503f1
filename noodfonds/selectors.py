"""Reads for the emergency fund. The committee's pages are built only from `COMMISSIE_VELDEN`
through `.values()`: the household's names, address and phone are never loaded for them."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    DateField,
    DecimalField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth, TruncQuarter, TruncYear
from django.utils.translation import gettext_lazy as _

from hulpvragen.choices import Inkomsten, Woonplaats
from netwerk.permissions import refuse
from netwerk.roles import Rol, has_role
from noodfonds.checklist import VERPLICHT
from noodfonds.choices import (
    AanvraagStatus,
    Actie,
    BesluitRoute,
    BijlageSoort,
    ChecklistSoort,
    ChecklistStatus,
    Onderwerp,
    Stem,
    Voorziening,
    VoorzieningResultaat,
)
from noodfonds.models import (
    Aanvraag,
    Aflossing,
    Beoordeling,
    Bijlage,
    ChecklistItem,
    Lening,
    Overgang,
    Storting,
)
from samenvooruit import historie

S = AanvraagStatus
NUL = Value(Decimal("0"), output_field=DecimalField(max_digits=12, decimal_places=2))
GELD = DecimalField(max_digits=12, decimal_places=2)

# What the committee may see of an application (DOMAIN.md: pseudonymised).
COMMISSIE_VELDEN = (
    "uuid",
    "referentie",
    "woonplaats",
    "onderwerp",
    "inkomsten",
    "contact_formeel",
    "gevraagd_bedrag",
    "motivatie",
    "spoed",
    "status",
    "ingediend_op",
    "besloten_op",
    "toegekend_bedrag",
    "besluit_route",
    "besluit_toelichting",
    "informatievraag",
    "informatieantwoord",
    "voorziening",
    "voorziening_resultaat",
)
COMMISSIE_STATUSSEN = (
    S.INGEDIEND,
    S.IN_BEHANDELING,
    S.MEER_INFORMATIE,
    S.TOEGEKEND,
    S.AFGEWEZEN,
    S.UITBETAALD,
)
OPEN = (S.INGEDIEND, S.IN_BEHANDELING)


# --- committee -------------------------------------------------------------------------


def belang_q(user) -> Q:
    """Applications this user may not assess: submitted by them, or for a household (or via a
    trusted-person record) that they support."""
    return (
        Q(aangemaakt_door_id=user.pk)
        | Q(vertrouwenspersoon__user_id=user.pk)
        | Q(huishouden__vertrouwenspersoon__user_id=user.pk)
    )


def is_belanghebbende(user, aanvraag: Aanvraag) -> bool:
    return Aanvraag.objects.filter(belang_q(user), pk=aanvraag.pk).exists()


def commissie_queryset(user):
    """Submitted applications, for committee members only. Use `.values(*COMMISSIE_VELDEN)`."""
    if not has_role(user, Rol.FONDSCOMMISSIE):
        return Aanvraag.objects.none()
    return Aanvraag.objects.filter(status__in=COMMISSIE_STATUSSEN)


def _commissie_annotaties(user):
    stemmen = Beoordeling.objects.filter(aanvraag=OuterRef("pk"))
    return {
        "mijn_stem": Subquery(stemmen.filter(lid_id=user.pk).values("stem")[:1]),
        "aantal_oordelen": Coalesce(
            Subquery(
                stemmen.order_by().values("aanvraag").annotate(n=Count("pk")).values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        ),
        "aantal_bijlagen": Coalesce(
            Subquery(
                Bijlage.objects.filter(aanvraag=OuterRef("pk"))
                .order_by()
                .values("aanvraag")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        ),
        "belang": Case(When(belang_q(user), then=True), default=False, output_field=BooleanField()),
    }


def _labels(rij: dict) -> dict:
    rij["woonplaats_label"] = _label(Woonplaats, rij["woonplaats"])
    rij["onderwerp_label"] = _label(Onderwerp, rij["onderwerp"])
    rij["inkomsten_label"] = _label(Inkomsten, rij["inkomsten"])
    rij["status_label"] = _label(AanvraagStatus, rij["status"])
    if "voorziening" in rij:
        rij["voorziening_label"] = _label(Voorziening, rij["voorziening"])
        rij["voorziening_resultaat_label"] = _label(
            VoorzieningResultaat, rij["voorziening_resultaat"]
        )
    return rij


def _label(choices, value):
    return dict(choices.choices).get(value, value)


def commissie_wachtrij(user) -> dict[str, list[dict]]:
    """The committee queue in three queries, whatever its length: open applications split into
    waiting for this member's third opinion (the committee is split), waiting for this member,
    waiting for another member, sent back, and not assessable by them;
    the committee's latest decisions (so a member sees how an application ended); and the urgent
    decisions the coordination took alone (to be seen afterwards)."""
    rijen = [
        _labels(r)
        for r in commissie_queryset(user)
        .filter(status__in=(*OPEN, S.MEER_INFORMATIE))
        .annotate(
            **_commissie_annotaties(user),
            verdeeld=ExpressionWrapper(verdeeld_q(), output_field=BooleanField()),
        )
        .order_by("-spoed", "ingediend_op", "pk")
        .values(
            *COMMISSIE_VELDEN,
            "mijn_stem",
            "aantal_oordelen",
            "aantal_bijlagen",
            "belang",
            "verdeeld",
        )
    ]
    voor_mij = [r for r in rijen if r["status"] in OPEN and not r["mijn_stem"] and not r["belang"]]
    spoed = [
        _labels(r)
        for r in commissie_queryset(user)
        .filter(besluit_route=BesluitRoute.SPOED)
        .order_by("-besloten_op", "-pk")
        .values(*COMMISSIE_VELDEN)[:25]
    ]
    besloten = [
        _labels(r)
        for r in commissie_queryset(user)
        .filter(besluit_route=BesluitRoute.COMMISSIE, besloten_op__isnull=False)
        .order_by("-besloten_op", "-pk")
        .values(*COMMISSIE_VELDEN)[:10]
    ]
    return {
        "besloten": besloten,
        # a split vote has a section of its own: this member's opinion decides it
        "derde_oordeel": [r for r in voor_mij if r["verdeeld"]],
        "te_beoordelen": [r for r in voor_mij if not r["verdeeld"]],
        "beoordeeld": [r for r in rijen if r["status"] in OPEN and r["mijn_stem"]],
        "meer_informatie": [r for r in rijen if r["status"] == S.MEER_INFORMATIE],
        "niet_door_u": [
            r for r in rijen if r["status"] in OPEN and not r["mijn_stem"] and r["belang"]
        ],
        "spoedbesluiten": spoed,
    }


def commissie_aanvraag(user, uuid) -> dict:
    """One application as the committee sees it, with its attachments (type and size only:
    file names can hold a name) and this member's own assessment. 404 outside the scope."""
    rij = (
        commissie_queryset(user)
        .filter(uuid=uuid)
        .annotate(**_commissie_annotaties(user))
        .values(*COMMISSIE_VELDEN, "pk", "mijn_stem", "aantal_oordelen", "belang")
        .first()
    )
    if rij is None:
        refuse(Aanvraag, uuid=uuid)
    pk = rij.pop("pk")
    # the papers' state only: never who set it, never a document (identity is attested)
    rij["checklist"] = commissie_checklist(pk)
    rij["bijlagen"] = [
        {**b, "nummer": i, "soort_label": _label(BijlageSoort, b["soort"])}
        for i, b in enumerate(
            Bijlage.objects.filter(aanvraag_id=pk).values(
                "uuid", "soort", "content_type", "grootte"
            ),
            start=1,
        )
    ]
    return _labels(rij)


# --- a split committee: the third opinion ------------------------------------------------------


def verdeeld_q() -> Q:
    """Open applications on which the committee is split: one member grants, one rejects (two
    agreeing opinions would have decided), so a third opinion decides."""
    stemmen = Beoordeling.objects.filter(aanvraag=OuterRef("pk"))
    return (
        Q(status__in=OPEN)
        & Exists(stemmen.filter(stem=Stem.TOEKENNEN))
        & Exists(stemmen.filter(stem=Stem.AFWIJZEN))
    )


def is_verdeeld(aanvraag: Aanvraag) -> bool:
    return Aanvraag.objects.filter(verdeeld_q(), pk=aanvraag.pk).exists()


def derde_oordeel_kandidaten(aanvragen=None) -> dict[int, set[int]]:
    """Per split application (of `aanvragen`, default all): the ids of the active committee
    members who may give the third opinion (not yet assessed, no interest). Two queries, however
    many applications and members; an empty set means no third member is available."""
    verdeeld = (aanvragen if aanvragen is not None else Aanvraag.objects).filter(verdeeld_q())
    rijen = verdeeld.values(
        "pk",
        "aangemaakt_door_id",
        "vertrouwenspersoon__user_id",
        "huishouden__vertrouwenspersoon__user_id",
        "beoordelingen__lid_id",
    )
    uitgesloten: dict[int, set] = defaultdict(set)
    for rij in rijen:
        uitgesloten[rij.pop("pk")].update(rij.values())
    leden = set(
        get_user_model()
        .objects.filter(is_active=True, groups__name=Rol.FONDSCOMMISSIE)
        .values_list("pk", flat=True)
    )
    return {pk: leden - niet for pk, niet in uitgesloten.items()}


def derde_oordeel_nodig(user):
    """Split applications waiting for a third opinion that this member may give (for the queue
    and for notices). Use `.values(*COMMISSIE_VELDEN)`: the committee's pseudonymised view."""
    return (
        commissie_queryset(user)
        .filter(verdeeld_q())
        .exclude(beoordelingen__lid_id=user.pk)
        .exclude(belang_q(user))
    )


def vastgelopen_aanvragen():
    """Split applications for which no third committee member is available: the coordinator
    can ask both members to assess again (services, Actie.HERBEOORDELING)."""
    vast = [pk for pk, leden in derde_oordeel_kandidaten().items() if not leden]
    return Aanvraag.objects.filter(pk__in=vast).order_by("ingediend_op", "pk")


def is_vastgelopen(aanvraag: Aanvraag) -> bool:
    """Split, and no third member available (see `vastgelopen_aanvragen`)."""
    kandidaten = derde_oordeel_kandidaten(Aanvraag.objects.filter(pk=aanvraag.pk))
    return aanvraag.pk in kandidaten and not kandidaten[aanvraag.pk]


def wachtend_sinds():
    """The day an open application began to wait for the committee, as an annotation: its latest
    submission (also a resubmission after a question) or request to assess again, else (an
    imported application without a log) its submission date."""
    laatste = (
        Overgang.objects.filter(
            aanvraag=OuterRef("pk"), actie__in=(Actie.INDIENEN, Actie.HERBEOORDELING)
        )
        .order_by("-op", "-pk")
        .annotate(dag=TruncDate("op"))
        .values("dag")[:1]
    )
    return Coalesce(Subquery(laatste, output_field=DateField()), F("ingediend_op"))


def wachtende_aanvragen(vandaag: datetime.date):
    """Open applications (ingediend, in behandeling) that have waited for the committee longer
    than settings.AANVRAAG_WACHT_DAGEN on `vandaag`, each with `wacht_sinds` (wachtend_sinds).
    One query."""
    grens = vandaag - datetime.timedelta(days=settings.AANVRAAG_WACHT_DAGEN)
    return (
        Aanvraag.objects.filter(status__in=OPEN)
        .annotate(wacht_sinds=wachtend_sinds())
        .filter(wacht_sinds__lt=grens)
    )


def mijn_beoordeling(user, uuid) -> dict | None:
    """This member's own opinion on an application, to change it."""
    return (
        Beoordeling.objects.filter(lid_id=user.pk, aanvraag__uuid=uuid)
        .values("stem", "bedrag", "motivering")
        .first()
    )


def eerdere_aanvragen(uuid) -> dict:
    """Pseudonymised for the committee: the same household's applications submitted before this
    one (reference, date, subject, status and amount granted; never the household itself), how
    many and what was granted in total. `gekoppeld` is False without a linked household."""
    aanvraag = Aanvraag.objects.filter(uuid=uuid).values("pk", "huishouden_id", "ingediend_op")
    aanvraag = aanvraag.first()
    if aanvraag is None or aanvraag["huishouden_id"] is None:
        return {"gekoppeld": False, "aantal": 0, "toegekend": Decimal(0), "aanvragen": []}
    datum = aanvraag["ingediend_op"]
    eerder = (
        Q(ingediend_op__lt=datum) | Q(ingediend_op=datum, pk__lt=aanvraag["pk"]) if datum else Q()
    )
    rijen = [
        {
            **r,
            "onderwerp_label": _label(Onderwerp, r["onderwerp"]),
            "status_label": _label(AanvraagStatus, r["status"]),
        }
        for r in Aanvraag.objects.filter(
            eerder, huishouden_id=aanvraag["huishouden_id"], ingediend_op__isnull=False
        )
        .exclude(pk=aanvraag["pk"])
        .order_by("-ingediend_op", "-pk")
        .values("referentie", "ingediend_op", "onderwerp", "status", "toegekend_bedrag")
    ]
    toegekend = sum(
        (r["toegekend_bedrag"] or Decimal(0) for r in rijen if r["status"] in BESLOTEN),
        Decimal(0),
    )
    return {"gekoppeld": True, "aantal": len(rijen), "toegekend": toegekend, "aanvragen": rijen}


def bijlage_for_download(user, uuid) -> tuple[Bijlage, str]:
    """An attachment and the file name to send, for a user who may see its application:
    casework roles through Aanvraag.visible_to, committee members through the committee scope
    (under a neutral name). Anything else is a 404."""
    bijlage = (
        Bijlage.objects.filter(uuid=uuid, aanvraag__in=Aanvraag.objects.visible_to(user))
        .select_related("aanvraag")
        .first()
    )
    if bijlage is not None:
        return bijlage, bijlage.naam
    bijlage = (
        Bijlage.objects.filter(uuid=uuid, aanvraag__in=commissie_queryset(user))
        .select_related("aanvraag")
        .first()
    )
    if bijlage is None:
        refuse(Bijlage, uuid=uuid)
    return bijlage, f"{bijlage.aanvraag.referentie}-{bijlage.soort}{bijlage.extensie}"


# --- casework lists ----------------------------------------------------------------------


def aanvragen_for_list(user):
    return Aanvraag.objects.visible_to(user).select_related(
        "organisatie", "vertrouwenspersoon", "huishouden"
    )


# --- budget ------------------------------------------------------------------------------


def _som(expr, **filters):
    return Coalesce(Sum(expr, filter=Q(**filters)), NUL, output_field=GELD)


def budget_saldo() -> dict[str, Decimal]:
    """Deposits + loan repayments − granted not yet paid − paid = available. Three aggregate
    queries. An imported paid application without a paid amount counts its granted amount as
    paid."""
    stortingen = Storting.objects.aggregate(s=Coalesce(Sum("bedrag"), NUL, output_field=GELD))["s"]
    aflossingen = Aflossing.objects.aggregate(s=Coalesce(Sum("bedrag"), NUL, output_field=GELD))[
        "s"
    ]
    sommen = Aanvraag.objects.aggregate(
        open=_som("toegekend_bedrag", status=S.TOEGEKEND),
        uitbetaald=_som(Coalesce("uitbetaald_bedrag", "toegekend_bedrag"), status=S.UITBETAALD),
    )
    return {
        "stortingen": stortingen,
        "aflossingen": aflossingen,
        "toegekend_open": sommen["open"],
        "uitbetaald": sommen["uitbetaald"],
        "beschikbaar": stortingen + aflossingen - sommen["open"] - sommen["uitbetaald"],
    }


TRUNC = {"maand": TruncMonth, "kwartaal": TruncQuarter, "jaar": TruncYear}
BESLOTEN = (S.TOEGEKEND, S.UITBETAALD)


def per_periode(periode: str = "kwartaal") -> list[dict]:
    """Granted (by decision date) and paid (by payment date) per month, quarter or year."""
    trunc = TRUNC.get(periode, TruncQuarter)
    toegekend = (
        Aanvraag.objects.filter(status__in=BESLOTEN, besloten_op__isnull=False)
        .annotate(p=trunc("besloten_op"))
        .values("p")
        .annotate(n=Count("pk"), bedrag=Sum("toegekend_bedrag"))
        .order_by()
    )
    betaald = (
        Aanvraag.objects.filter(status=S.UITBETAALD, uitbetaald_op__isnull=False)
        .annotate(p=trunc("uitbetaald_op"))
        .values("p")
        .annotate(n=Count("pk"), bedrag=Sum("uitbetaald_bedrag"))
        .order_by()
    )
    rijen: dict = {}
    for r in toegekend:
        rijen.setdefault(r["p"], _leeg(r["p"]))
        rijen[r["p"]].update(toegekend_aantal=r["n"], toegekend=r["bedrag"] or Decimal(0))
    for r in betaald:
        rijen.setdefault(r["p"], _leeg(r["p"]))
        rijen[r["p"]].update(uitbetaald_aantal=r["n"], uitbetaald=r["bedrag"] or Decimal(0))
    return [
        {**rij, "label": periode_label(rij["periode"], periode)}
        for _k, rij in sorted(rijen.items())
    ]


def _leeg(p):
    return {
        "periode": p,
        "toegekend_aantal": 0,
        "toegekend": Decimal(0),
        "uitbetaald_aantal": 0,
        "uitbetaald": Decimal(0),
    }


def periode_label(datum, periode: str) -> str:
    if hasattr(datum, "date"):
        datum = datum.date()
    if periode == "maand":
        return f"{datum:%Y-%m}"
    if periode == "jaar":
        return f"{datum:%Y}"
    return f"{datum:%Y} K{(datum.month - 1) // 3 + 1}"


def _groepen(veld: str) -> list[dict]:
    return list(
        Aanvraag.objects.exclude(status__in=(S.CONCEPT,))
        .values(veld)
        .annotate(
            aanvragen=Count("pk"),
            toegekend_aantal=Count("pk", filter=Q(status__in=BESLOTEN)),
            toegekend=_som("toegekend_bedrag", status__in=BESLOTEN),
            uitbetaald=_som(Coalesce("uitbetaald_bedrag", "toegekend_bedrag"), status=S.UITBETAALD),
        )
        .order_by(veld)
    )


def per_onderwerp() -> list[dict]:
    """Submitted applications, grants and payments per subject, in the fixed list's order."""
    rijen = {r["onderwerp"]: r for r in _groepen("onderwerp")}
    return [{**rijen[o.value], "label": o.label} for o in Onderwerp if o.value in rijen]


def per_organisatie() -> list[dict]:
    return [{**r, "label": r["organisatie__naam"]} for r in _groepen("organisatie__naam")]


def doorlooptijd_dagen() -> float | None:
    """Average days from submission to decision, over decided applications."""
    dagen = (
        Aanvraag.objects.filter(
            status__in=(*BESLOTEN, S.AFGEWEZEN),
            besloten_op__isnull=False,
            ingediend_op__isnull=False,
        )
        .annotate(
            duur=ExpressionWrapper(
                F("besloten_op") - F("ingediend_op"), output_field=DurationField()
            )
        )
        .aggregate(gem=Avg("duur"))["gem"]
    )
    if dagen is None:
        return None
    return round(dagen.total_seconds() / 86400, 1)


BOEKING_SOORTEN = {
    "storting": _("Storting"),
    "toekenning": _("Toekenning"),
    "uitbetaling": _("Uitbetaling"),
    "aflossing": _("Aflossing lening"),
}


def boekingen(limit: int | None = 200) -> list[dict]:
    """The ledger, newest first: deposits, loan repayments, grants (money committed) and
    payments. Four queries;
    with a `limit`, each fetches only its newest `limit` rows (together they hold the newest
    `limit` of the ledger), not every application of the fund's history."""

    def newest(queryset, datum):
        queryset = queryset.order_by(f"-{datum}", "-pk")
        return queryset[:limit] if limit else queryset

    regels = [
        {
            "datum": s["datum"],
            "soort": "storting",
            "omschrijving": s["fondsgever"],
            "aanvraag_uuid": None,
            "storting": s["bedrag"],
            "toegekend": None,
            "uitbetaald": None,
        }
        for s in newest(Storting.objects.all(), "datum").values("datum", "fondsgever", "bedrag")
    ]
    toekenningen = Aanvraag.objects.filter(status__in=BESLOTEN, besloten_op__isnull=False)
    for a in newest(toekenningen, "besloten_op").values(
        "uuid", "referentie", "besloten_op", "toegekend_bedrag", "besluit_route"
    ):
        regels.append(
            {
                "datum": a["besloten_op"],
                "soort": "toekenning",
                "omschrijving": a["referentie"],
                "aanvraag_uuid": a["uuid"],
                "storting": None,
                "toegekend": a["toegekend_bedrag"],
                "uitbetaald": None,
                "spoed": a["besluit_route"] == BesluitRoute.SPOED,
            }
        )
    uitbetalingen = Aanvraag.objects.filter(status=S.UITBETAALD, uitbetaald_op__isnull=False)
    for a in newest(uitbetalingen, "uitbetaald_op").values(
        "uuid", "referentie", "uitbetaald_op", "uitbetaald_bedrag", "uitbetaald_aan"
    ):
        regels.append(
            {
                "datum": a["uitbetaald_op"],
                "soort": "uitbetaling",
                "omschrijving": a["referentie"],
                "aanvraag_uuid": a["uuid"],
                "storting": None,
                "toegekend": None,
                "uitbetaald": a["uitbetaald_bedrag"],
            }
        )
    for a in newest(Aflossing.objects.all(), "datum").values(
        "datum", "bedrag", "lening__aanvraag__uuid", "lening__aanvraag__referentie"
    ):
        regels.append(
            {
                "datum": a["datum"],
                "soort": "aflossing",
                "omschrijving": a["lening__aanvraag__referentie"],
                "aanvraag_uuid": a["lening__aanvraag__uuid"],
                "storting": None,
                "toegekend": None,
                "uitbetaald": None,
                "aflossing": a["bedrag"],
            }
        )
    volgorde = {"storting": 0, "aflossing": 1, "toekenning": 2, "uitbetaling": 3}
    for regel in regels:
        regel["soort_label"] = str(BOEKING_SOORTEN[regel["soort"]])
    regels.sort(key=lambda r: (r["datum"], volgorde[r["soort"]]), reverse=True)
    return regels[:limit] if limit else regels


# --- change history ------------------------------------------------------------------------------


def aanvraag_wijzigingen(aanvraag_ids) -> list[historie.Wijziging]:
    """Changes of the applications (already fetched through `visible_to`) and their assessments
    and attachments, newest first: for coordinators, and for privacy's right of access."""
    ids = list(aanvraag_ids)
    return historie.wijzigingen(
        Aanvraag.history.filter(id__in=ids),
        Beoordeling.history.filter(aanvraag_id__in=ids),
        Bijlage.history.filter(aanvraag_id__in=ids),
    )


# --- issue 21: the checklist for the committee, loans ---------------------------------------------


def commissie_checklist(aanvraag_id: int) -> list[dict]:
    """Every paper of the checklist with its state ("Niet ingevuld" without a row) and the day
    it was set; not who set it (the committee works pseudonymised). One query."""
    items = dict(
        ChecklistItem.objects.filter(aanvraag_id=aanvraag_id).values_list("soort", "status")
    )
    return [
        {
            "soort": soort.value,
            "label": soort.label,
            "verplicht": soort in VERPLICHT,
            "status": items.get(soort.value, ""),
            "status_label": _label(ChecklistStatus, items[soort.value])
            if soort.value in items
            else _("Niet ingevuld"),
        }
        for soort in ChecklistSoort
    ]


def leningen_met_stand(vandaag: datetime.date, leningen=None) -> list[dict]:
    """Every loan (or those of `leningen`, a queryset) with what was repaid, what is still
    owed and how far behind the plan it is on `vandaag` (noodfonds.leningen). Two queries."""
    from noodfonds import leningen as regels

    queryset = Lening.objects.all() if leningen is None else leningen
    rijen = queryset.select_related("aanvraag").annotate(
        afgelost=Coalesce(Sum("aflossingen__bedrag"), NUL, output_field=GELD)
    )
    resultaat = []
    for lening in rijen.order_by("eerste_maand", "pk"):
        resultaat.append(
            {
                "lening": lening,
                "aanvraag": lening.aanvraag,
                "afgelost": lening.afgelost,
                "openstaand": regels.openstaand(lening, afgelost_bedrag=lening.afgelost),
                "achterstand": regels.achterstand(lening, vandaag, afgelost_bedrag=lening.afgelost),
            }
        )
    return resultaat


def achterstallige_leningen(vandaag: datetime.date) -> list[dict]:
    """The loans behind their plan on `vandaag` (for the coordinator: the fund overview and
    the daily notice), oldest plan first."""
    return [
        r
        for r in leningen_met_stand(vandaag, Lening.objects.filter(kwijtgescholden_op__isnull=True))
        if r["achterstand"] > 0
    ]
