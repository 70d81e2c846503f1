"""Many records at once (the registration workbook): set-based writes in batches, each row
checked by the same rules as the forms.

The same rules as for one record, checked for every record; the rows go in with bulk_create,
BATCH per statement, in one transaction, so a refused record leaves nothing behind."""

from collections.abc import Iterable, Iterator
from itertools import islice

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hulpvragen.choices import SignaalBron, Status
from hulpvragen.models import (
    Contactmoment,
    Doorverwijzing,
    Huishouden,
    Hulpvraag,
    Hulpvrager,
    Signaal,
    StatusWijziging,
    Toestemming,
)
from hulpvragen.services.contacten import recompute_laatste_contact
from hulpvragen.services.regels import (
    BATCH,
    check_none_anonymised,
    toestemming_organisatie,
    validate_datum_na_aanmelding,
    validate_doorverwijzing_uitkomst,
    validate_geboortejaar,
    validate_huishouden,
    validate_intake_datum,
    validate_intrekking_datum,
    validate_signaal_bron,
    validate_signaal_datum,
    validate_status_datum,
    validate_toestemming_datum,
    validate_toestemming_organisatie,
    validate_uitkomst_datum,
)
from hulpvragen.services.status import validate_uitkomst_categorie
from netwerk.services import check_inzetbaar
from samenvooruit.grenzen import check_max_length, check_max_lengths


@transaction.atomic
def register_huishoudens(*, huishoudens: list[dict]) -> list[Huishouden]:
    """Register many households with their given references. Each dict holds referentie,
    woonplaats, inkomsten, contact_formeel, organisatie_id and vertrouwenspersoon_id, and may
    hold the composition (samenstelling, aantal_kinderen) and how it came in (binnenkomst,
    doorverwezen_door_id). Side effect: inserts the households; a reference that exists already
    raises IntegrityError. Returns them in the given order, with their ids."""
    for fields in huishoudens:
        validate_huishouden(fields)
    # onboarding before the first household (the workbook's own trusted persons are exempted)
    check_inzetbaar(fields.get("vertrouwenspersoon_id") for fields in huishoudens)
    objects = [Huishouden(**fields) for fields in huishoudens]
    return Huishouden.objects.bulk_create(objects, batch_size=BATCH)


@transaction.atomic
def register_hulpvragers(*, hulpvragers: list[dict]) -> list[Hulpvrager]:
    """Add many persons to (new or stored) households. Each dict holds huishouden_id, naam,
    geslacht and geboortejaar (and may hold taal). As `add_hulpvrager`: a valid birth year, no anonymised household,
    and the first person of a household without persons becomes its main person. Side effect:
    inserts the persons. Returns them in the given order, with their ids."""
    for fields in hulpvragers:
        validate_geboortejaar(fields.get("geboortejaar"))
        check_max_lengths(Hulpvrager, fields)
    household_ids = [fields["huishouden_id"] for fields in hulpvragers]
    check_none_anonymised(household_ids)
    has_main = _with_persons(household_ids)
    objects = []
    for fields in hulpvragers:
        is_first = fields["huishouden_id"] not in has_main
        has_main.add(fields["huishouden_id"])
        objects.append(Hulpvrager(**fields, is_hoofdpersoon=is_first))
    return Hulpvrager.objects.bulk_create(objects, batch_size=BATCH)


def _with_persons(huishouden_ids: list[int]) -> set[int]:
    ids, found = list(set(huishouden_ids)), set()
    for start in range(0, len(ids), BATCH):
        found.update(
            Hulpvrager.objects.filter(huishouden_id__in=ids[start : start + BATCH])
            .values_list("huishouden_id", flat=True)
            .distinct()
        )
    return found


@transaction.atomic
def register_hulpvragen(*, hulpvragen: Iterable[dict]) -> int:
    """Register many help requests, each with its dated status history and themes. Each dict
    holds huishouden_id, hulpvrager_id, pilot_id, vertrouwenspersoon_id, intake_datum, soort,
    terugkerend, omschrijving, status, datum_afgerond, themas (ids), historie: [(datum,
    status)] or [(datum, status, uitkomst_categorie)] (a closing's own outcome category, e.g. of
    a closing before a reopening), oldest first, ending in `status`, and optionally
    uitkomst_categorie (of a closed one: on the help request and its last closing change when
    that has none of its own; "" = not recorded, allowed here for records of before the
    category). The rules of `add_hulpvraag` and `change_status`: the intake
    date, every status date (`validate_status_datum`), datum_afgerond only when closed, a known
    outcome category only when closed, no anonymised household. Side effects: inserts the help requests, their StatusWijziging
    rows and their theme links, BATCH at a time (`hulpvragen` may be a generator: only one batch
    is in memory). Returns how many were registered."""
    through, count = Hulpvraag.themas.through, 0
    for batch in _batches(hulpvragen):
        objects = [_new_hulpvraag(fields) for fields in batch]
        check_none_anonymised(o.huishouden_id for o in objects)
        _check_birth_years(objects)
        history, themes = [], []
        for fields, hulpvraag in zip(batch, Hulpvraag.objects.bulk_create(objects), strict=True):
            history += _history(hulpvraag.pk, fields["historie"], hulpvraag.uitkomst_categorie)
            themes += [through(hulpvraag_id=hulpvraag.pk, thema_id=t) for t in fields["themas"]]
        StatusWijziging.objects.bulk_create(history, batch_size=BATCH)
        through.objects.bulk_create(themes, batch_size=BATCH)
        count += len(objects)
    return count


def _batches(items: Iterable) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def _new_hulpvraag(fields: dict) -> Hulpvraag:
    intake, status, historie = fields["intake_datum"], fields["status"], fields["historie"]
    validate_intake_datum(intake)
    previous, statuses = None, set(Status)
    for datum, naar, *categorie in historie:
        if naar not in statuses:
            raise ValidationError({"naar": _("Onbekende status.")})
        validate_status_datum(datum, intake_datum=intake, vorige=previous)
        validate_uitkomst_categorie(categorie[0] if categorie else "", status=naar)
        previous = datum
    if not historie or historie[-1][1] != status:
        raise ValueError("the status history must end in the help request's status")
    afgerond = fields.get("datum_afgerond") if status == Status.AFGEROND else None
    if afgerond:
        validate_status_datum(afgerond, intake_datum=intake)
    check_max_length(fields["omschrijving"], model=Hulpvraag, field="omschrijving")
    categorie = fields.get("uitkomst_categorie") or ""
    validate_uitkomst_categorie(categorie, status=status)
    return Hulpvraag(
        huishouden_id=fields["huishouden_id"],
        hulpvrager_id=fields["hulpvrager_id"],
        pilot_id=fields["pilot_id"],
        vertrouwenspersoon_id=fields["vertrouwenspersoon_id"],
        intake_datum=intake,
        soort=fields["soort"],
        terugkerend=fields["terugkerend"],
        omschrijving=fields["omschrijving"],
        status=status,
        datum_afgerond=afgerond,
        uitkomst_categorie=categorie,
    )


def _check_birth_years(hulpvragen: list[Hulpvraag]) -> None:
    """`validate_geboortejaar` of each help request's person against its intake date."""
    jaren = dict(
        Hulpvrager.objects.filter(pk__in={h.hulpvrager_id for h in hulpvragen}).values_list(
            "pk", "geboortejaar"
        )
    )
    for hulpvraag in hulpvragen:
        validate_geboortejaar(
            jaren.get(hulpvraag.hulpvrager_id),
            intake_datum=hulpvraag.intake_datum,
            field="intake_datum",
        )


def _history(hulpvraag_id: int, historie: list, uitkomst_categorie: str) -> list[StatusWijziging]:
    """The status changes, each closing with its own outcome category; the last, when it closes
    without one of its own, with the help request's."""
    rows, van = [], ""
    for datum, naar, *categorie in historie:
        rows.append(
            StatusWijziging(
                hulpvraag_id=hulpvraag_id,
                van=van,
                naar=naar,
                datum=datum,
                uitkomst_categorie=categorie[0] if categorie else "",
            )
        )
        van = naar
    if rows and rows[-1].naar == Status.AFGEROND and not rows[-1].uitkomst_categorie:
        rows[-1].uitkomst_categorie = uitkomst_categorie
    return rows


def _help_requests(hulpvraag_ids: Iterable[int]) -> dict[int, tuple]:
    """{id: (intake_datum, huishouden_id)} of these help requests, BATCH ids per query."""
    ids, found = list(set(hulpvraag_ids)), {}
    for start in range(0, len(ids), BATCH):
        found.update(
            (pk, (intake, huishouden_id))
            for pk, intake, huishouden_id in Hulpvraag.objects.filter(
                pk__in=ids[start : start + BATCH]
            ).values_list("pk", "intake_datum", "huishouden_id")
        )
    return found


@transaction.atomic
def register_toestemmingen(*, toestemmingen: list[dict]) -> list[Toestemming]:
    """Register many consents as they stand (withdrawn ones included). Each dict holds
    huishouden_id, datum, scope, organisatie_id and ingetrokken_op (None while it holds). The
    rules of `record_toestemming` and `withdraw_toestemming`: the date
    (`validate_toestemming_datum`), a consent to share names its organisation
    (`validate_toestemming_organisatie`; a registration consent keeps none), the withdrawal date
    (`validate_intrekking_datum`), no anonymised household. Side effect: inserts them. Returns
    them in the given order, with their ids."""
    objects = []
    for fields in toestemmingen:
        validate_toestemming_datum(fields["datum"])
        validate_toestemming_organisatie(
            scope=fields["scope"], organisatie=fields["organisatie_id"]
        )
        if fields.get("ingetrokken_op") is not None:
            validate_intrekking_datum(fields["ingetrokken_op"], toestemming_datum=fields["datum"])
        organisatie_id = toestemming_organisatie(fields["scope"], fields["organisatie_id"])
        objects.append(Toestemming(**{**fields, "organisatie_id": organisatie_id}))
    check_none_anonymised(o.huishouden_id for o in objects)
    return Toestemming.objects.bulk_create(objects, batch_size=BATCH)


@transaction.atomic
def register_doorverwijzingen(*, doorverwijzingen: list[dict]) -> list[Doorverwijzing]:
    """Register many referrals as they stand (their outcome included). Each dict holds
    hulpvraag_id, organisatie_id, datum, soort, notitie, uitkomst and uitkomst_datum. The rules
    of `record_doorverwijzing` and `record_doorverwijzing_uitkomst`: the date
    (`validate_datum_na_aanmelding`), the outcome's date (`validate_uitkomst_datum`) and, with an
    outcome date, its text (`validate_doorverwijzing_uitkomst`); no anonymised household. The
    consent to share is not asked: it was asked when the referral was made, and a consent
    withdrawn since does not undo a referral (record consents with `register_toestemmingen`).
    Side effect: inserts them. Returns them in the given order, with their ids."""
    hulpvragen = _help_requests(fields["hulpvraag_id"] for fields in doorverwijzingen)
    for fields in doorverwijzingen:
        intake, _huishouden = hulpvragen[fields["hulpvraag_id"]]
        validate_datum_na_aanmelding(fields["datum"], intake_datum=intake)
        if fields.get("uitkomst_datum") is not None:
            validate_uitkomst_datum(fields["uitkomst_datum"], doorverwijzing_datum=fields["datum"])
            validate_doorverwijzing_uitkomst(fields.get("uitkomst", ""))
    check_none_anonymised(huishouden for _intake, huishouden in hulpvragen.values())
    objects = [Doorverwijzing(**fields) for fields in doorverwijzingen]
    return Doorverwijzing.objects.bulk_create(objects, batch_size=BATCH)


@transaction.atomic
def register_contactmomenten(*, contactmomenten: list[dict]) -> list[Contactmoment]:
    """Register many contact moments. Each dict holds hulpvraag_id, datum, soort, minuten and
    notitie. The rules of `log_contact`: the date (`validate_datum_na_aanmelding`), no anonymised
    household. Side effects: inserts them and keeps `laatste_contact` of their help requests
    (`recompute_laatste_contact`). Returns them in the given order, with their ids."""
    hulpvragen = _help_requests(fields["hulpvraag_id"] for fields in contactmomenten)
    for fields in contactmomenten:
        intake, _huishouden = hulpvragen[fields["hulpvraag_id"]]
        validate_datum_na_aanmelding(fields["datum"], intake_datum=intake)
    check_none_anonymised(huishouden for _intake, huishouden in hulpvragen.values())
    objects = [Contactmoment(**fields) for fields in contactmomenten]
    created = Contactmoment.objects.bulk_create(objects, batch_size=BATCH)
    ids = list(hulpvragen)
    for start in range(0, len(ids), BATCH):
        recompute_laatste_contact(ids[start : start + BATCH])
    return created


@transaction.atomic
def register_signalen(*, signalen: list[dict]) -> list[Signaal]:
    """Register many signals to policy. Each dict holds datum, thema_id, tekst, organisatie_id
    and hulpvragen (ids of the help requests that show it), optionally bron and voorziening. The
    rules of `record_signaal`: the date (`validate_signaal_datum`), source and provision
    (`validate_signaal_bron`). Side effects: inserts the signals and their links to help
    requests. Returns them in the given order, with their ids."""
    for fields in signalen:
        validate_signaal_datum(fields["datum"])
        validate_signaal_bron(
            fields.get("bron", SignaalBron.HANDMATIG),
            fields.get("voorziening", ""),
            met_hulpvraag=bool(fields.get("hulpvragen")),
        )
    objects = [
        Signaal(**{k: v for k, v in fields.items() if k != "hulpvragen"}) for fields in signalen
    ]
    created = Signaal.objects.bulk_create(objects, batch_size=BATCH)
    through = Signaal.hulpvragen.through
    links = [
        through(signaal_id=signaal.pk, hulpvraag_id=hulpvraag_id)
        for fields, signaal in zip(signalen, created, strict=True)
        for hulpvraag_id in dict.fromkeys(fields.get("hulpvragen", ()))
    ]
    through.objects.bulk_create(links, batch_size=BATCH)
    return created


@transaction.atomic
def link_signalen(*, koppelingen: list[dict]) -> list:
    """Link stored signals to more help requests that show them; each dict holds signaal_id and
    hulpvraag_id. Side effect: inserts the links (one that exists raises IntegrityError).
    Returns them in the given order."""
    through = Signaal.hulpvragen.through
    return through.objects.bulk_create(
        [through(**fields) for fields in koppelingen], batch_size=BATCH
    )
