"""Paying the creditor (issue 21, point 4): the creditor of a granted application, payment
batches and their SEPA credit transfer file (pain.001.001.03, which Dutch banks accept).

The ledger rule (noodfonds.selectors.budget_saldo): a grant lowers the available balance on the
day of the decision (granted-not-yet-paid); paying moves the amount from "granted, open" to
"paid" and leaves the available balance as it is. So marking a batch paid books each payment
through the one payout step (`transition_aanvraag`, action UITBETALEN, paid to the supplier)
and no money is counted twice. A batch itself books nothing.

Who: the trusted person (or anyone in the application's casework scope) and the coordinator
record the creditor; the coordinator (no separate treasurer role) makes batches, downloads the
file and marks the batch paid. The committee never sees a creditor or an IBAN.

Amounts are whole cents (int) from the moment they leave the database; names and references
are transliterated to the SEPA character set (Latin letters, digits, `/ - ? : ( ) . , ' +`
and space)."""

import datetime
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import iban as stdnum_iban
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from text_unidecode import unidecode

from netwerk.roles import is_coordinator
from noodfonds.choices import AanvraagStatus, Actie, UitbetaaldAan
from noodfonds.models import SEPA_KENMERK, SEPA_NAAM, Aanvraag, Betaalbatch, Crediteur
from noodfonds.services import AANVRAGER, rollen_bij, transition_aanvraag
from samenvooruit.grenzen import check_date_range

S = AanvraagStatus
PAIN = "pain.001.001.03"
# The creditor may be recorded until the money goes: before the decision too (the trusted person
# knows the landlord when applying), never once the batch that pays it was downloaded.
CREDITEUR_STATUSSEN = frozenset(
    {S.CONCEPT, S.INGEDIEND, S.IN_BEHANDELING, S.MEER_INFORMATIE, S.TOEGEKEND}
)
NIET_SEPA = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")
AANHALINGSTEKENS = re.compile(r"[\"„“”«»‹›]")


# --- rules ------------------------------------------------------------------------------------


def sepa_tekst(tekst: str, maximum: int) -> str:
    """`tekst` in the SEPA character set: accents and other scripts transliterated (é → e,
    ß → ss), `&` as `+`, quotation marks and every other character left out, runs of spaces as one; at most
    `maximum` characters."""
    tekst = unidecode(AANHALINGSTEKENS.sub("", tekst or "")).replace("&", "+")
    tekst = NIET_SEPA.sub("", tekst)
    return " ".join(tekst.split())[:maximum].strip()


def in_centen(bedrag) -> int:
    """An amount in euros (Decimal or text with at most two decimals) as whole cents."""
    centen = Decimal(bedrag) * 100
    if centen != centen.to_integral_value():
        raise ValidationError(_("Een bedrag heeft hoogstens twee cijfers achter de komma."))
    return int(centen)


def validate_iban(waarde: str) -> str:
    """The IBAN without spaces, in capitals, checked by python-stdnum (country, length, check
    digits). Raises ValidationError keyed by `iban` with a Dutch message: code "controlegetal"
    when only the check digits are wrong (a typing error), "iban" otherwise."""
    compact = stdnum_iban.compact(waarde or "")
    if not compact:
        raise _iban_fout(_("Vul het IBAN van de crediteur in."), "leeg")
    if compact.startswith("NL") and len(compact) != 18:
        raise _iban_fout(
            _("Een Nederlands IBAN heeft 18 tekens; dit nummer heeft er %(n)s.")
            % {"n": len(compact)},
            "iban",
        )
    try:
        return stdnum_iban.validate(compact)
    except InvalidChecksum:
        if not _klopt_zonder_controlegetal(compact):
            raise _iban_fout(
                _(
                    "Dit is geen geldig IBAN. Een IBAN begint met de landcode, zoals NL91ABNA0417164300."
                ),
                "iban",
            ) from None
        raise _iban_fout(
            _(
                "Dit IBAN klopt niet: het controlegetal is onjuist. Kijk of u een cijfer of "
                "letter verkeerd heeft overgenomen."
            ),
            "controlegetal",
        ) from None
    except StdnumError:
        raise _iban_fout(
            _(
                "Dit is geen geldig IBAN. Een IBAN begint met de landcode, zoals NL91ABNA0417164300."
            ),
            "iban",
        ) from None


def _klopt_zonder_controlegetal(compact: str) -> bool:
    """Whether the number is a valid IBAN once its two check digits are right: then only the
    check digits (a typing error) are wrong."""
    try:
        stdnum_iban.validate(compact[:2] + stdnum_iban.calc_check_digits(compact) + compact[4:])
    except (StdnumError, ValueError):
        return False
    return True


def _iban_fout(bericht, code):
    return ValidationError({"iban": ValidationError(bericht, code=code)})


def validate_crediteur(*, naam: str, iban: str, kenmerk: str = "") -> dict:
    """The creditor rules shared by the form, the service and the registration workbook:
    returns the cleaned `naam`, `iban`, `kenmerk` or raises ValidationError keyed by field."""
    fouten = {}
    naam = (naam or "").strip()
    kenmerk = (kenmerk or "").strip()
    if not naam:
        fouten["naam"] = _("Vul de naam van de crediteur in.")
    elif len(naam) > SEPA_NAAM:
        fouten["naam"] = _("Een naam voor de bank heeft hoogstens %(max)s tekens.") % {
            "max": SEPA_NAAM
        }
    elif not sepa_tekst(naam, SEPA_NAAM):
        fouten["naam"] = _("Schrijf de naam van de crediteur in letters en cijfers.")
    if len(kenmerk) > SEPA_KENMERK:
        fouten["kenmerk"] = _("Een betalingskenmerk heeft hoogstens %(max)s tekens.") % {
            "max": SEPA_KENMERK
        }
    try:
        iban = validate_iban(iban)
    except ValidationError as exc:
        fouten.update(exc.message_dict)
    if fouten:
        raise ValidationError(fouten)
    return {"naam": naam, "iban": iban, "kenmerk": kenmerk}


def mag_crediteur_vastleggen(user, aanvraag: Aanvraag) -> bool:
    """The trusted person's side (the application's casework scope) or the coordinator."""
    return is_coordinator(user) or AANVRAGER in rollen_bij(user, aanvraag)


# --- the creditor -----------------------------------------------------------------------------


@transaction.atomic
def set_crediteur(
    *, aanvraag: Aanvraag, door, naam: str, iban: str, kenmerk: str = ""
) -> Crediteur:
    """Record or change whom the fund pays for this application. Refused (ValidationError,
    nothing changed) for a user outside the application's scope, for a closed application and
    once the batch that pays it was downloaded. Side effect: one Crediteur row (with history)."""
    aanvraag = Aanvraag.objects.select_for_update().get(pk=aanvraag.pk)
    if not mag_crediteur_vastleggen(door, aanvraag):
        raise ValidationError(_("U mag de crediteur van deze aanvraag niet vastleggen."))
    if aanvraag.status not in CREDITEUR_STATUSSEN:
        raise ValidationError(
            _("Bij een aanvraag met de status '%(status)s' legt u geen crediteur meer vast.")
            % {"status": aanvraag.get_status_display()}
        )
    gegevens = validate_crediteur(naam=naam, iban=iban, kenmerk=kenmerk)
    crediteur = Crediteur.objects.filter(aanvraag=aanvraag).select_related("batch").first()
    if crediteur and crediteur.batch and crediteur.batch.is_bevroren:
        raise ValidationError(
            _("De betaling staat in batch %(batch)s die al is gedownload; de crediteur ligt vast.")
            % {"batch": crediteur.batch}
        )
    crediteur = crediteur or Crediteur(aanvraag=aanvraag)
    for veld, waarde in gegevens.items():
        setattr(crediteur, veld, waarde)
    crediteur.vastgelegd_door = door
    crediteur.save()
    return crediteur


@transaction.atomic
def register_crediteuren(*, crediteuren: list[dict]) -> list[Crediteur]:
    """The creditors of many applications at once (the registration workbook), each dict with
    `aanvraag_id`, `naam`, `iban`, `kenmerk`, each by `validate_crediteur` (ValidationError).
    Side effect: inserts the rows."""
    rows = [
        Crediteur(aanvraag_id=c["aanvraag_id"], **validate_crediteur(**_zonder_id(c)))
        for c in crediteuren
    ]
    return Crediteur.objects.bulk_create(rows, batch_size=500)


def _zonder_id(c: dict) -> dict:
    return {k: v for k, v in c.items() if k != "aanvraag_id"}


# --- batches ----------------------------------------------------------------------------------


def _check_coordinator(door):
    if not is_coordinator(door):
        raise ValidationError(_("Alleen de coördinator maakt en betaalt betaalbatches."))


def te_betalen():
    """Granted applications with a creditor that no batch holds yet: what a new batch can pay."""
    return (
        Aanvraag.objects.filter(
            status=S.TOEGEKEND, crediteur__isnull=False, crediteur__batch__isnull=True
        )
        .select_related("crediteur")
        .order_by("besloten_op", "referentie")
    )


@transaction.atomic
def create_batch(*, door, aanvragen, uitvoerdatum: datetime.date) -> Betaalbatch:
    """A new open batch paying these granted applications (each with a creditor, in no other
    batch). `uitvoerdatum`: the date the bank should pay, today or later (within a year).
    Side effects: a Betaalbatch row, the creditors linked to it."""
    _check_coordinator(door)
    _check_uitvoerdatum(uitvoerdatum)
    ids = [a.pk for a in aanvragen]
    if not ids:
        raise ValidationError(_("Kies minstens één toegekende aanvraag om te betalen."))
    crediteuren = list(
        Crediteur.objects.select_for_update().filter(aanvraag_id__in=ids).select_related("aanvraag")
    )
    bruikbaar = [c for c in crediteuren if c.batch_id is None and c.aanvraag.status == S.TOEGEKEND]
    if len(bruikbaar) != len(set(ids)):
        goed = {c.aanvraag_id for c in bruikbaar}
        refs = sorted(a.referentie for a in Aanvraag.objects.filter(pk__in=set(ids) - goed))
        raise ValidationError(
            _(
                "Deze aanvragen kunnen niet in een batch: %(refs)s. Een batch betaalt alleen "
                "toegekende aanvragen met een crediteur die nog in geen batch staan."
            )
            % {"refs": ", ".join(refs)}
        )
    nummer = (Betaalbatch.objects.aggregate(m=Max("nummer"))["m"] or 0) + 1
    batch = Betaalbatch.objects.create(
        nummer=nummer, uitvoerdatum=uitvoerdatum, aangemaakt_door=door
    )
    Crediteur.objects.filter(pk__in=[c.pk for c in bruikbaar]).update(batch=batch)
    return batch


def _check_uitvoerdatum(datum):
    vandaag = timezone.localdate()
    if datum is None or datum < vandaag:
        raise ValidationError(
            {
                "uitvoerdatum": _(
                    "De uitvoerdatum is vandaag of later: de bank betaalt niet terug in de tijd."
                )
            }
        )
    check_date_range(datum, key="uitvoerdatum")
    if datum > vandaag + datetime.timedelta(days=365):
        raise ValidationError(
            {"uitvoerdatum": _("De uitvoerdatum ligt hoogstens een jaar vooruit.")}
        )


def _lock(batch: Betaalbatch) -> Betaalbatch:
    return Betaalbatch.objects.select_for_update().get(pk=batch.pk)


def _check_open(batch: Betaalbatch):
    if batch.is_bevroren:
        raise ValidationError(
            _("Batch %(batch)s is al gedownload en kan niet meer veranderen.") % {"batch": batch}
        )


@transaction.atomic
def remove_from_batch(*, batch: Betaalbatch, aanvraag: Aanvraag, door) -> None:
    """Take one application out of an open batch (it can go in a later one)."""
    _check_coordinator(door)
    batch = _lock(batch)
    _check_open(batch)
    Crediteur.objects.filter(batch=batch, aanvraag=aanvraag).update(batch=None)


@transaction.atomic
def delete_batch(*, batch: Betaalbatch, door) -> None:
    """Remove an open batch; its applications are free for another."""
    _check_coordinator(door)
    batch = _lock(batch)
    _check_open(batch)
    batch.betalingen.update(batch=None)
    batch.delete()


def betalingen_van(batch: Betaalbatch) -> list[Crediteur]:
    return list(batch.betalingen.select_related("aanvraag").order_by("aanvraag__referentie", "pk"))


def totaal_centen(batch: Betaalbatch) -> int:
    return sum(in_centen(c.aanvraag.toegekend_bedrag or 0) for c in betalingen_van(batch))


def _bestand(batch: Betaalbatch, betalingen: list[Crediteur]) -> tuple[str, str]:
    """The pain.001.001.03 file made by sepaxml (which validates it against the schema it
    ships), and its message id."""
    from sepaxml import SepaTransfer

    config = {
        "name": sepa_tekst(settings.NOODFONDS_REKENING_NAAM, SEPA_NAAM),
        "IBAN": stdnum_iban.compact(settings.NOODFONDS_REKENING_IBAN),
        "batch": True,
        "currency": "EUR",
    }
    if settings.NOODFONDS_REKENING_BIC:
        config["BIC"] = settings.NOODFONDS_REKENING_BIC
    sepa = SepaTransfer(config, schema=PAIN, clean=False)
    sepa.msg_id = f"NFOOST-{batch}-{timezone.now():%Y%m%d%H%M%S}"[:35]
    for crediteur in betalingen:
        aanvraag = crediteur.aanvraag
        omschrijving = " ".join(
            filter(None, [sepa_tekst(crediteur.kenmerk, 100), aanvraag.referentie])
        )
        sepa.add_payment(
            {
                "name": sepa_tekst(crediteur.naam, SEPA_NAAM),
                "IBAN": crediteur.iban,
                "amount": in_centen(aanvraag.toegekend_bedrag),
                "execution_date": batch.uitvoerdatum,
                "description": sepa_tekst(omschrijving, SEPA_KENMERK),
                "endtoend_id": aanvraag.referentie,
            }
        )
    return sepa.export(validate=True).decode("utf-8"), sepa.msg_id


@transaction.atomic
def download_batch(*, batch: Betaalbatch, door) -> tuple[str, bool]:
    """The batch's SEPA file and whether it had been downloaded before. The first download
    makes the file, stores it and freezes the batch; every later one returns the stored file
    unchanged (the caller warns: the bank must not get it twice)."""
    _check_coordinator(door)
    batch = _lock(batch)
    eerder = batch.is_bevroren
    if not eerder:
        betalingen = betalingen_van(batch)
        if not betalingen:
            raise ValidationError(_("Deze batch is leeg: er valt niets te betalen."))
        niet = [
            c.aanvraag.referentie
            for c in betalingen
            if c.aanvraag.status != S.TOEGEKEND or not c.iban  # an anonymised creditor
        ]
        if niet:
            raise ValidationError(
                _(
                    "Niet (meer) toegekend of zonder crediteur: %(refs)s. Haal deze aanvragen "
                    "uit de batch."
                )
                % {"refs": ", ".join(niet)}
            )
        batch.bestand, batch.bericht_id = _bestand(batch, betalingen)
        batch.gedownload_op, batch.gedownload_door = timezone.now(), door
    elif not batch.bestand:
        raise ValidationError(
            _("Het bestand van deze batch is niet meer beschikbaar (gegevens geanonimiseerd).")
        )
    batch.downloads += 1
    batch.save()
    return batch.bestand, eerder


@transaction.atomic
def mark_batch_betaald(*, batch: Betaalbatch, door, datum: datetime.date) -> Betaalbatch:
    """The bank carried out the file: each application of the batch is paid to its creditor
    on `datum` (through the payout step, which books the ledger: see the module's docstring).
    Only a downloaded, unpaid batch; all or nothing."""
    _check_coordinator(door)
    batch = _lock(batch)
    if not batch.is_bevroren:
        raise ValidationError(_("Download eerst het betaalbestand en laat de bank het uitvoeren."))
    if batch.betaald_op:
        raise ValidationError(_("Batch %(batch)s is al als betaald vastgelegd.") % {"batch": batch})
    for crediteur in betalingen_van(batch):
        transition_aanvraag(
            aanvraag=crediteur.aanvraag,
            actie=Actie.UITBETALEN,
            door=door,
            bedrag=crediteur.aanvraag.toegekend_bedrag,
            datum=datum,
            uitbetaald_aan=UitbetaaldAan.LEVERANCIER,
            via_batch=True,
        )
    batch.betaald_op, batch.betaald_door = datum, door
    batch.save()
    return batch
