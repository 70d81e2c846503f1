"""Consent, contacts, referrals and signals."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from hulpvragen.choices import SignaalBron, SignaalStatus, ToestemmingScope
from hulpvragen.models import (
    Contactmoment,
    Doorverwijzing,
    Huishouden,
    Hulpvraag,
    Signaal,
    SignaalOpvolging,
    Thema,
    Toestemming,
)
from hulpvragen.services.regels import (
    check_not_anonymised,
    today,
    toestemming_organisatie,
    validate_contact_minuten,
    validate_datum_na_aanmelding,
    validate_doorverwijzing_uitkomst,
    validate_intrekking_datum,
    validate_nazorg_datum,
    validate_signaal_bron,
    validate_signaal_datum,
    validate_toestemming_datum,
    validate_toestemming_organisatie,
    validate_uitkomst_datum,
)
from hulpvragen.services.status import set_nazorg_datum
from netwerk.models import Organisatie
from samenvooruit.grenzen import check_max_length, check_max_lengths


def actieve_toestemmingen(huishouden: Huishouden):
    return huishouden.toestemmingen.filter(ingetrokken_op__isnull=True)


def registratie_ingetrokken(huishouden: Huishouden) -> bool:
    """Consent for the registration was given and is now withdrawn (none active any more)."""
    registratie = huishouden.toestemmingen.filter(scope=ToestemmingScope.REGISTRATIE)
    return registratie.exists() and not registratie.filter(ingetrokken_op__isnull=True).exists()


def deelt_met(huishouden: Huishouden, organisatie: Organisatie) -> bool:
    """May the household's data go to `organisatie`? Yes with an active consent to share with
    it, or when it is the household's own partner organisation (the registration covers that)."""
    if huishouden.organisatie_id and huishouden.organisatie_id == organisatie.pk:
        return True
    return (
        actieve_toestemmingen(huishouden)
        .filter(scope=ToestemmingScope.DELEN, organisatie=organisatie)
        .exists()
    )


@transaction.atomic
def record_toestemming(
    *,
    huishouden: Huishouden,
    scope: str,
    datum: datetime.date,
    door=None,
    organisatie: Organisatie | None = None,
) -> Toestemming:
    """Record a consent: for the registration, or to share data with one named organisation.
    An active consent of the same scope (and organisation) is not recorded twice."""
    check_not_anonymised(huishouden.pk)
    validate_toestemming_datum(datum)
    validate_toestemming_organisatie(scope=scope, organisatie=organisatie)
    organisatie = toestemming_organisatie(scope, organisatie)
    if actieve_toestemmingen(huishouden).filter(scope=scope, organisatie=organisatie).exists():
        raise ValidationError(_("Deze toestemming is al vastgelegd en niet ingetrokken."))
    return Toestemming.objects.create(
        huishouden=huishouden,
        datum=datum,
        scope=scope,
        organisatie=organisatie,
        vastgelegd_door=door,
    )


def withdraw_toestemming(
    *, toestemming: Toestemming, door=None, datum: datetime.date | None = None
) -> Toestemming:
    """Record that a consent was withdrawn (on `datum`, default today, by `door`). The record
    stays: it shows what was allowed when. Referrals after it need a new consent."""
    datum = datum or today()
    if toestemming.ingetrokken_op:
        raise ValidationError(_("Deze toestemming is al ingetrokken."))
    validate_intrekking_datum(datum, toestemming_datum=toestemming.datum)
    toestemming.ingetrokken_op = datum
    toestemming.ingetrokken_door = door
    toestemming.save(update_fields=["ingetrokken_op", "ingetrokken_door"])
    return toestemming


@transaction.atomic
def log_contact(
    *,
    hulpvraag: Hulpvraag,
    soort: str,
    datum: datetime.date | None = None,
    minuten: int | None = None,
    notitie: str = "",
    door=None,
    nazorg_datum: datetime.date | None = None,
) -> Contactmoment:
    """Record a contact moment and keep the help request's `laatste_contact` (on the given
    instance too); optionally set the next follow-up date of the help request."""
    check_not_anonymised(hulpvraag.huishouden_id)
    datum = datum or today()
    validate_datum_na_aanmelding(datum, intake_datum=hulpvraag.intake_datum)
    validate_contact_minuten(minuten)
    check_max_length(notitie, model=Contactmoment, field="notitie")
    validate_nazorg_datum(nazorg_datum)
    contact = Contactmoment.objects.create(
        hulpvraag=hulpvraag, datum=datum, minuten=minuten, soort=soort, notitie=notitie, door=door
    )
    recompute_laatste_contact([hulpvraag.pk])
    hulpvraag.refresh_from_db(fields=["laatste_contact"])
    if nazorg_datum:
        set_nazorg_datum(hulpvraag=hulpvraag, datum=nazorg_datum)
    return contact


@transaction.atomic
def update_contact(*, contact: Contactmoment, data: dict) -> Contactmoment:
    """Change a contact moment (the date rules of `log_contact`) and keep the help request's
    `laatste_contact`."""
    hulpvraag = contact.hulpvraag
    check_not_anonymised(hulpvraag.huishouden_id)
    validate_contact_minuten(data.get("minuten"))
    check_max_lengths(Contactmoment, data)
    for name, value in data.items():
        setattr(contact, name, value)
    validate_datum_na_aanmelding(contact.datum, intake_datum=hulpvraag.intake_datum)
    contact.save()
    recompute_laatste_contact([hulpvraag.pk])
    return contact


@transaction.atomic
def delete_contact(*, contact: Contactmoment) -> None:
    """Remove a contact moment; the help request's `laatste_contact` falls back to the one before."""
    hulpvraag_id = contact.hulpvraag_id
    contact.delete()
    recompute_laatste_contact([hulpvraag_id])


def recompute_laatste_contact(hulpvraag_ids: Iterable[int] | None = None) -> int:
    """Set Hulpvraag.laatste_contact to the date of its latest contact moment, for these help
    requests (all when None). The contact services call it; so must every write that adds, moves
    or removes contacts in bulk (bulk_create, queryset updates). Returns how many it updated."""
    latest = (
        Contactmoment.objects.filter(hulpvraag=OuterRef("pk"))
        .order_by("-datum")
        .values("datum")[:1]
    )
    hulpvragen = Hulpvraag.objects.all()
    if hulpvraag_ids is not None:
        hulpvragen = hulpvragen.filter(pk__in=hulpvraag_ids)
    return hulpvragen.update(laatste_contact=Subquery(latest))


@transaction.atomic
def record_doorverwijzing(
    *,
    hulpvraag: Hulpvraag,
    organisatie: Organisatie,
    soort: str,
    datum: datetime.date | None = None,
    notitie: str = "",
    door=None,
    toestemming_vastleggen: bool = False,
) -> Doorverwijzing:
    """Record a referral to a formal agency (in reports: formal involvement). A referral shares
    the household's data, so it needs consent to share with that organisation: an active
    consent, or `toestemming_vastleggen` (the person agreed just now), which records that consent
    on the referral's date in the same transaction. Without either: ValidationError."""
    check_not_anonymised(hulpvraag.huishouden_id)
    datum = datum or today()
    validate_datum_na_aanmelding(datum, intake_datum=hulpvraag.intake_datum)
    check_max_length(notitie, model=Doorverwijzing, field="notitie")
    huishouden = hulpvraag.huishouden
    if not deelt_met(huishouden, organisatie):
        if not toestemming_vastleggen:
            raise ValidationError(
                {
                    "toestemming_vastleggen": _(
                        "Er is geen toestemming om gegevens van dit huishouden te delen met "
                        "%(org)s. Vraag de hulpvrager eerst om toestemming en vink die hieronder "
                        "aan, of kies een organisatie waarvoor al toestemming is."
                    )
                    % {"org": organisatie}
                }
            )
        record_toestemming(
            huishouden=huishouden,
            scope=ToestemmingScope.DELEN,
            organisatie=organisatie,
            datum=datum,
            door=door,
        )
    return Doorverwijzing.objects.create(
        hulpvraag=hulpvraag, organisatie=organisatie, soort=soort, datum=datum, notitie=notitie
    )


def record_doorverwijzing_uitkomst(
    *, doorverwijzing: Doorverwijzing, uitkomst: str, uitkomst_datum: datetime.date | None = None
) -> Doorverwijzing:
    """Record what a referral led to; clears the 'referral without outcome' flag."""
    check_not_anonymised(doorverwijzing.hulpvraag.huishouden_id)
    uitkomst_datum = uitkomst_datum or today()
    validate_uitkomst_datum(uitkomst_datum, doorverwijzing_datum=doorverwijzing.datum)
    validate_doorverwijzing_uitkomst(uitkomst)
    check_max_length(uitkomst, model=Doorverwijzing, field="uitkomst")
    doorverwijzing.uitkomst = uitkomst
    doorverwijzing.uitkomst_datum = uitkomst_datum
    doorverwijzing.save(update_fields=["uitkomst", "uitkomst_datum"])
    return doorverwijzing


@transaction.atomic
def record_signaal(
    *,
    datum: datetime.date,
    thema: Thema,
    tekst: str,
    organisatie: Organisatie | None = None,
    hulpvragen: Iterable[Hulpvraag] = (),
    door=None,
    bron: str = SignaalBron.HANDMATIG,
    voorziening: str = "",
) -> Signaal:
    """A signal to policy with its theme and (optionally) the help requests that show it; the
    emergency fund's (bron noodfonds) names the public provision and never a help request."""
    validate_signaal_datum(datum)
    hulpvragen = list(hulpvragen)
    validate_signaal_bron(bron, voorziening, met_hulpvraag=bool(hulpvragen))
    check_max_length(tekst, model=Signaal, field="tekst")
    signaal = Signaal.objects.create(
        datum=datum,
        thema=thema,
        tekst=tekst,
        organisatie=organisatie,
        aangemaakt_door=door,
        bron=bron,
        voorziening=voorziening,
    )
    signaal.hulpvragen.set(hulpvragen)
    return signaal


@transaction.atomic
def volg_signaal_op(*, signaal: Signaal, status: str, notitie: str, door=None) -> SignaalOpvolging:
    """One step in a signal's follow-up: its new status (or the same, to add a note) with a
    note, kept as a SignaalOpvolging beside the earlier ones. Raises ValidationError without a
    note or with an unknown status."""
    if status not in SignaalStatus.values:
        raise ValidationError({"status": _("Kies een status.")})
    if not (notitie or "").strip():
        raise ValidationError({"notitie": _("Schrijf een notitie bij de opvolging.")})
    check_max_length(notitie.strip(), model=SignaalOpvolging, field="notitie")
    signaal = Signaal.objects.select_for_update().get(pk=signaal.pk)
    opvolging = SignaalOpvolging.objects.create(
        signaal=signaal, van=signaal.status, naar=status, notitie=notitie.strip(), door=door
    )
    signaal.status = status
    signaal.save(update_fields=["status"])
    return opvolging
