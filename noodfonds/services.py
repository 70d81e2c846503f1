"""Writes for the emergency fund. Every status change goes through `transition_aanvraag`, which
checks the table `OVERGANGEN` (allowed from-statuses and roles per action), refuses anything else
with a Dutch message (a ValidationError, as every service) while changing nothing, and logs who
did what when in `Overgang`."""

import datetime
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from netwerk.permissions import may_use_casework
from netwerk.roles import Rol, has_role, is_coordinator
from noodfonds import signals
from noodfonds.checklist import (
    al_gesignaleerd,
    signaleer_voorziening,
    validate_checklist,
    validate_voorziening,
)
from noodfonds.choices import (
    AanvraagStatus,
    Actie,
    BesluitRoute,
    BijlageSoort,
    Stem,
    UitbetaaldAan,
)
from noodfonds.models import (
    Aanvraag,
    Beoordeling,
    Bijlage,
    Crediteur,
    Fondsbudget,
    Overgang,
    Storting,
)
from noodfonds.selectors import (
    budget_saldo,
    is_belanghebbende,
    is_vastgelopen,
    is_verdeeld,
)
from noodfonds.validators import validate_bijlage
from samenvooruit.grenzen import check_date_range, check_max_length, check_max_lengths
from samenvooruit.versie import controleer_versie

S = AanvraagStatus
MAX_BEDRAG = Decimal("9999999.99")  # the amount fields' nine digits (two after the comma)
BATCH = 500  # rows per INSERT when many applications are registered at once
REFERENTIE = re.compile(r"^NF-(\d{4})-(\d+)$")
AANVRAGER, COMMISSIE, COORDINATOR = "aanvrager", "commissie", "coordinator"
BEWERKBAAR = frozenset({S.CONCEPT, S.MEER_INFORMATIE})


@dataclass(frozen=True)
class Regel:
    van: frozenset
    rollen: frozenset


OVERGANGEN: dict[str, Regel] = {
    Actie.INDIENEN: Regel(frozenset({S.CONCEPT, S.MEER_INFORMATIE}), frozenset({AANVRAGER})),
    Actie.INTREKKEN: Regel(
        frozenset({S.CONCEPT, S.INGEDIEND, S.IN_BEHANDELING, S.MEER_INFORMATIE}),
        frozenset({AANVRAGER}),
    ),
    Actie.BEOORDELEN: Regel(frozenset({S.INGEDIEND, S.IN_BEHANDELING}), frozenset({COMMISSIE})),
    # a member changes their own opinion until the decision is taken
    Actie.OORDEEL_WIJZIGEN: Regel(frozenset({S.IN_BEHANDELING}), frozenset({COMMISSIE})),
    # a split committee with no third member left: the coordinator asks both to assess again
    Actie.HERBEOORDELING: Regel(frozenset({S.IN_BEHANDELING}), frozenset({COORDINATOR})),
    Actie.MEER_INFORMATIE: Regel(
        frozenset({S.INGEDIEND, S.IN_BEHANDELING}), frozenset({COMMISSIE, COORDINATOR})
    ),
    Actie.SPOEDTOEKENNING: Regel(
        frozenset({S.INGEDIEND, S.IN_BEHANDELING}), frozenset({COORDINATOR})
    ),
    Actie.UITBETALEN: Regel(frozenset({S.TOEGEKEND}), frozenset({COORDINATOR})),
}


def euro(bedrag) -> str:
    return "€ " + f"{Decimal(bedrag):,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


# --- rules shared by the actions below and the registration workbook -------------------------
# One function per rule, raising ValidationError with a `code`, so that a caller with its own
# wording (the workbook names sheet, row and column) can tell the rules apart.


def validate_uitbetaald_bedrag(bedrag: Decimal, *, toegekend_bedrag: Decimal | None) -> None:
    """The payout-amount rule: never more than was granted."""
    if toegekend_bedrag is not None and bedrag > toegekend_bedrag:
        raise ValidationError(
            _("U kunt niet meer uitbetalen dan is toegekend (%(max)s).")
            % {"max": euro(toegekend_bedrag)},
            code="meer_dan_toegekend",
        )


def validate_uitbetaald_op(
    datum: datetime.date | None, *, besloten_op: datetime.date | None
) -> None:
    """The payout-date rule: a date, not in the future, not before the decision."""
    if datum is None or datum > timezone.localdate():
        raise ValidationError(
            _("De datum van uitbetaling kan niet in de toekomst liggen."), code="toekomst"
        )
    try:
        check_date_range(datum, key="datum", label=_("De datum van uitbetaling"))
    except ValidationError as exc:
        raise ValidationError(exc.error_dict["datum"]) from exc
    if besloten_op and datum < besloten_op:
        raise ValidationError(
            _("De datum van uitbetaling ligt vóór het besluit."), code="voor_besluit"
        )


def validate_besluit_datum(*, status: str, besloten_op: datetime.date | None) -> None:
    """A granted or paid application has the date of its decision: without it the grant counts
    in no report (the report counts a grant from its decision date)."""
    if status in (S.TOEGEKEND, S.UITBETAALD) and besloten_op is None:
        raise ValidationError(
            {
                "besloten_op": ValidationError(
                    _("Een toegekende of uitbetaalde aanvraag heeft een datum van het besluit."),
                    code="besluit_datum_nodig",
                )
            }
        )


def validate_toekenning_bedrag(bedrag, *, gevraagd_bedrag: Decimal | None) -> None:
    """The rule for the amount of a grant vote: filled in, above zero, not above the amount
    asked. Raises ValidationError keyed by `bedrag`."""
    if bedrag is None:
        raise ValidationError(
            {"bedrag": ValidationError(_("Vul het bedrag in dat u wilt toekennen."), code="leeg")}
        )
    try:
        _check_bedrag(bedrag, gevraagd_bedrag)
    except ValidationError as exc:
        raise ValidationError({"bedrag": exc.error_list}) from exc


def validate_aanvrager(*, organisatie, vertrouwenspersoon) -> None:
    """The applicant rule: the trusted person (if any) works at the applying organisation.
    Raises ValidationError keyed by `vertrouwenspersoon`."""
    if vertrouwenspersoon is None or organisatie is None:
        return
    if vertrouwenspersoon.organisatie_id != organisatie.pk:
        raise ValidationError(
            {
                "vertrouwenspersoon": ValidationError(
                    _("Deze vertrouwenspersoon werkt niet bij de aanvragende organisatie."),
                    code="andere_organisatie",
                )
            }
        )


def validate_storting_datum(datum: datetime.date) -> None:
    """The deposit-date rule: by `validate_fonds_datum`. Raises ValidationError keyed by
    `datum`."""
    validate_fonds_datum(datum, field="datum")


def validate_fonds_datum(datum: datetime.date, *, field: str) -> None:
    """The rule for a date of the fund's books (an application, a decision, a payout, a
    deposit): not before VROEGSTE_DATUM (code "te_vroeg"), not in the future (code "toekomst").
    Raises ValidationError keyed by `field`."""
    check_date_range(datum, key=field)
    if datum > timezone.localdate():
        raise ValidationError(
            {field: ValidationError(_("De datum ligt in de toekomst."), code="toekomst")}
        )


def validate_bedrag(bedrag, *, field: str) -> None:
    """An amount fits the books: from 0 to MAX_BEDRAG (code "bedrag"). Keyed by `field`."""
    if bedrag is not None and not Decimal(0) <= Decimal(bedrag) <= MAX_BEDRAG:
        raise ValidationError(
            {
                field: ValidationError(
                    _("Een bedrag ligt tussen %(min)s en %(max)s.")
                    % {"min": euro(0), "max": euro(MAX_BEDRAG)},
                    code="bedrag",
                )
            }
        )


def rollen_bij(user, aanvraag: Aanvraag) -> set[str]:
    """The roles of the transition table this user has for this application."""
    rollen = set()
    if may_use_casework(user) and Aanvraag.objects.visible_to(user).filter(pk=aanvraag.pk).exists():
        rollen.add(AANVRAGER)
    if has_role(user, Rol.FONDSCOMMISSIE) and not is_belanghebbende(user, aanvraag):
        rollen.add(COMMISSIE)
    if is_coordinator(user):
        rollen.add(COORDINATOR)
    return rollen


def allowed_acties(user, aanvraag: Aanvraag) -> set[str]:
    """The actions the table allows this user now (for showing buttons; the service decides)."""
    rollen = rollen_bij(user, aanvraag)
    return {
        actie
        for actie, regel in OVERGANGEN.items()
        if aanvraag.status in regel.van and rollen & regel.rollen
    }


@transaction.atomic
def transition_aanvraag(*, aanvraag: Aanvraag, actie: str, door, **gegevens) -> Aanvraag:
    """Carry out one action on an application (see OVERGANGEN). Locks the application row, checks
    the role and the current status, applies the action (which may create a Beoordeling, commit
    budget or record a payment), logs an Overgang and sends the event it led to (signals: a
    question, a decision, a split committee). Raises ValidationError and changes nothing when
    the action is not allowed. Returns the updated application."""
    regel = OVERGANGEN.get(actie)
    if regel is None:
        raise ValidationError(_("Onbekende actie."))
    aanvraag = Aanvraag.objects.select_for_update().get(pk=aanvraag.pk)
    _check_rol(door, aanvraag, actie, regel)
    if aanvraag.status not in regel.van:
        raise ValidationError(
            _("'%(actie)s' kan niet: de aanvraag heeft de status '%(status)s'.")
            % {"actie": _actie_label(actie), "status": aanvraag.get_status_display()}
        )
    van = aanvraag.status
    naar, bedrag, toelichting = HANDLERS[actie](aanvraag=aanvraag, door=door, **gegevens)
    aanvraag.status = naar
    aanvraag.save()
    Overgang.objects.create(
        aanvraag=aanvraag,
        actie=actie,
        van=van,
        naar=naar,
        door=door,
        bedrag=bedrag,
        toelichting=toelichting,
    )
    _send_event(aanvraag, actie, door)
    return aanvraag


def _send_event(aanvraag: Aanvraag, actie: str, door) -> None:
    """Tell whoever listens (signals) what the action led to, inside this transaction."""
    if aanvraag.status == S.MEER_INFORMATIE:
        signals.informatie_gevraagd.send(sender=Aanvraag, aanvraag=aanvraag, door=door)
    elif aanvraag.status in (S.TOEGEKEND, S.AFGEWEZEN):
        signals.aanvraag_besloten.send(sender=Aanvraag, aanvraag=aanvraag, door=door)
    elif actie in (Actie.BEOORDELEN, Actie.OORDEEL_WIJZIGEN) and is_verdeeld(aanvraag):
        signals.oordelen_verdeeld.send(sender=Aanvraag, aanvraag=aanvraag, door=door)


def _actie_label(actie):
    return Actie(actie).label


def _check_rol(door, aanvraag, actie, regel):
    rollen = rollen_bij(door, aanvraag)
    if rollen & regel.rollen:
        return
    if COMMISSIE in regel.rollen and has_role(door, Rol.FONDSCOMMISSIE):
        raise ValidationError(
            _(
                "U kunt deze aanvraag niet beoordelen: u heeft haar zelf ingediend of u "
                "begeleidt dit huishouden."
            )
        )
    raise ValidationError(
        _("U mag '%(actie)s' niet uitvoeren bij deze aanvraag.") % {"actie": _actie_label(actie)}
    )


def _required_text(value, message):
    value = (value or "").strip()
    if not value:
        raise ValidationError(message)
    return value


def _indienen(*, aanvraag, door, antwoord=""):
    check_max_length(antwoord, model=Aanvraag, field="informatieantwoord", key="antwoord")
    if not aanvraag.motivatie.strip():
        raise ValidationError(_("Vul een motivatie in voordat u de aanvraag indient."))
    if not aanvraag.gevraagd_bedrag or aanvraag.gevraagd_bedrag <= 0:
        raise ValidationError(_("Het gevraagde bedrag moet groter zijn dan nul."))
    validate_checklist(aanvraag)  # no required paper "ontbreekt" (noodfonds.checklist)
    signaleer_voorziening(aanvraag, door=door)  # refused or too slow: a policy signal, once
    if aanvraag.status == S.MEER_INFORMATIE:
        aanvraag.informatieantwoord = _required_text(
            antwoord, _("Beantwoord de vraag van de commissie voordat u opnieuw indient.")
        )
    if aanvraag.ingediend_op is None:
        # The first submission date stays: the report counts applications by it.
        aanvraag.ingediend_op = timezone.localdate()
    naar = S.IN_BEHANDELING if aanvraag.beoordelingen.exists() else S.INGEDIEND
    return naar, None, aanvraag.informatieantwoord if antwoord else ""


def _intrekken(*, aanvraag, door, toelichting=""):
    check_max_length(toelichting, model=Overgang, field="toelichting")
    return S.INGETROKKEN, None, (toelichting or "").strip()


def _beoordelen(*, aanvraag, door, stem, motivering, bedrag=None):
    stem, bedrag, motivering = _oordeel(aanvraag, stem, motivering, bedrag)
    if aanvraag.beoordelingen.filter(lid=door).exists():
        raise ValidationError(_("U heeft deze aanvraag al beoordeeld; elk lid geeft één oordeel."))
    Beoordeling.objects.create(
        aanvraag=aanvraag, lid=door, stem=stem, bedrag=bedrag, motivering=motivering
    )
    return _besluit(aanvraag), bedrag, motivering


def _oordeel_wijzigen(*, aanvraag, door, stem, motivering, bedrag=None):
    """Change the member's own opinion (the old one stays in Beoordeling's history); the
    changed opinion may decide, by the same rule as a new one."""
    stem, bedrag, motivering = _oordeel(aanvraag, stem, motivering, bedrag)
    beoordeling = aanvraag.beoordelingen.filter(lid=door).first()
    if beoordeling is None:
        raise ValidationError(_("U heeft deze aanvraag nog niet beoordeeld."))
    beoordeling.stem, beoordeling.bedrag, beoordeling.motivering = stem, bedrag, motivering
    beoordeling.save()
    return _besluit(aanvraag), bedrag, motivering


def _oordeel(aanvraag, stem, motivering, bedrag):
    """The rules of one opinion: a choice, a reasoning, and for a grant a valid amount."""
    if stem not in Stem.values:
        raise ValidationError(_("Kies toekennen of afwijzen."))
    check_max_length(motivering, model=Beoordeling, field="motivering")
    motivering = _required_text(motivering, _("Geef een motivering bij uw oordeel."))
    if stem == Stem.TOEKENNEN:
        validate_toekenning_bedrag(bedrag, gevraagd_bedrag=aanvraag.gevraagd_bedrag)
    else:
        bedrag = None
    return stem, bedrag, motivering


def _besluit(aanvraag):
    """The status the stored opinions lead to. Two agreeing members decide (four eyes); after a
    split (one each way) the third opinion makes two agreeing ones."""
    stemmen = list(aanvraag.beoordelingen.values_list("stem", "bedrag"))
    toekennen = [b for s, b in stemmen if s == Stem.TOEKENNEN]
    if len(toekennen) >= 2:
        # when the granting amounts differ, the lower counts
        _grant(aanvraag, min(toekennen), BesluitRoute.COMMISSIE, "")
        return S.TOEGEKEND
    if sum(1 for s, _b in stemmen if s == Stem.AFWIJZEN) >= 2:
        aanvraag.besloten_op = timezone.localdate()
        aanvraag.besluit_route = BesluitRoute.COMMISSIE
        return S.AFGEWEZEN
    return S.IN_BEHANDELING


def _herbeoordeling(*, aanvraag, door, toelichting=""):
    """Clear the split opinions (their history stays in Beoordeling's history) so that both
    members assess again; only when no other member can give the third opinion."""
    check_max_length(toelichting, model=Overgang, field="toelichting")
    if not is_verdeeld(aanvraag):
        raise ValidationError(
            _("Alleen bij verdeelde oordelen kunt u de commissie vragen opnieuw te beoordelen.")
        )
    if not is_vastgelopen(aanvraag):
        raise ValidationError(
            _("Een ander commissielid kan het derde oordeel nog geven; wacht daarop.")
        )
    aanvraag.beoordelingen.all().delete()
    return S.INGEDIEND, None, (toelichting or "").strip()


def _check_bedrag(bedrag, maximum, *, te_hoog=None):
    if bedrag is None:
        raise ValidationError(_("Vul een bedrag in."))
    bedrag = Decimal(bedrag)
    if bedrag <= 0:
        raise ValidationError(_("Het bedrag moet groter zijn dan nul."))
    if maximum is not None and bedrag > maximum:
        raise ValidationError(
            te_hoog
            or _("Het bedrag mag niet hoger zijn dan het gevraagde bedrag (%(max)s).")
            % {"max": euro(maximum)}
        )
    return bedrag


def _meer_informatie(*, aanvraag, door, vraag):
    check_max_length(vraag, model=Aanvraag, field="informatievraag", key="vraag")
    aanvraag.informatievraag = _required_text(vraag, _("Schrijf de vraag aan de aanvrager."))
    aanvraag.informatieantwoord = ""
    return S.MEER_INFORMATIE, None, aanvraag.informatievraag


def _spoedtoekenning(*, aanvraag, door, bedrag, toelichting):
    if not aanvraag.spoed:
        raise ValidationError(
            _("Alleen een aanvraag met spoed kan via de spoedroute worden toegekend.")
        )
    if aanvraag.aangemaakt_door_id == door.pk:
        raise ValidationError(
            _("U kunt een aanvraag die u zelf heeft gedaan niet alleen toekennen.")
        )
    check_max_length(toelichting, model=Aanvraag, field="besluit_toelichting", key="toelichting")
    toelichting = _required_text(toelichting, _("Geef de reden voor de spoedtoekenning."))
    maximum = min(Decimal(settings.SPOED_MAX_BEDRAG), aanvraag.gevraagd_bedrag)
    bedrag = _check_bedrag(
        bedrag,
        maximum,
        te_hoog=_("Via de spoedroute kunt u hoogstens %(max)s toekennen.") % {"max": euro(maximum)},
    )
    _grant(aanvraag, bedrag, BesluitRoute.SPOED, toelichting)
    return S.TOEGEKEND, bedrag, toelichting


def _grant(aanvraag, bedrag, route, toelichting):
    """Commit budget. The lock on the single Fondsbudget row serialises concurrent grants, so
    the balance read below already includes every grant committed before ours."""
    _lock_budget()
    beschikbaar = budget_saldo()["beschikbaar"]
    if bedrag > beschikbaar:
        raise ValidationError(
            _("Onvoldoende budget: beschikbaar is %(beschikbaar)s, nodig is %(nodig)s.")
            % {"beschikbaar": euro(beschikbaar), "nodig": euro(bedrag)}
        )
    aanvraag.toegekend_bedrag = bedrag
    aanvraag.besloten_op = timezone.localdate()
    aanvraag.besluit_route = route
    aanvraag.besluit_toelichting = toelichting


def _lock_budget() -> Fondsbudget:
    budget = Fondsbudget.objects.select_for_update().order_by("pk").first()
    if budget is None:
        Fondsbudget.objects.get_or_create(pk=1)
        budget = Fondsbudget.objects.select_for_update().order_by("pk").first()
    return budget


def _uitbetalen(*, aanvraag, door, bedrag, datum: datetime.date, uitbetaald_aan, via_batch=False):
    if not via_batch and Crediteur.objects.filter(aanvraag=aanvraag, batch__isnull=False).exists():
        # paid by hand as well as by the bank file would pay the creditor twice
        raise ValidationError(
            _("Deze aanvraag staat in een betaalbatch: leg de betaling vast bij de batch.")
        )
    bedrag = _check_bedrag(bedrag, None)
    validate_uitbetaald_bedrag(bedrag, toegekend_bedrag=aanvraag.toegekend_bedrag)
    if uitbetaald_aan not in UitbetaaldAan.values:
        raise ValidationError(_("Kies aan wie is uitbetaald: leverancier of bewoner."))
    validate_uitbetaald_op(datum, besloten_op=aanvraag.besloten_op)
    aanvraag.uitbetaald_bedrag = bedrag
    aanvraag.uitbetaald_op = datum
    aanvraag.uitbetaald_aan = uitbetaald_aan
    return S.UITBETAALD, bedrag, ""


HANDLERS: dict[str, Callable] = {
    Actie.INDIENEN: _indienen,
    Actie.INTREKKEN: _intrekken,
    Actie.BEOORDELEN: _beoordelen,
    Actie.OORDEEL_WIJZIGEN: _oordeel_wijzigen,
    Actie.HERBEOORDELING: _herbeoordeling,
    Actie.MEER_INFORMATIE: _meer_informatie,
    Actie.SPOEDTOEKENNING: _spoedtoekenning,
    Actie.UITBETALEN: _uitbetalen,
}


# --- applications, attachments, deposits -------------------------------------------------


AANVRAAG_VELDEN = (
    "organisatie",
    "vertrouwenspersoon",
    "huishouden",
    "woonplaats",
    "onderwerp",
    "inkomsten",
    "contact_formeel",
    "gevraagd_bedrag",
    "motivatie",
    "spoed",
    "voorziening",
    "voorziening_resultaat",
)


@transaction.atomic
def create_aanvraag(*, door, **velden) -> Aanvraag:
    """Create a draft (concept) application with a new reference, and log its creation.
    `velden` are the AANVRAAG_VELDEN; the caller has checked them against the user's scope.
    Refused (ValidationError) when they break `validate_aanvrager`."""
    aanvraag = Aanvraag(status=S.CONCEPT, aangemaakt_door=door, **_only(velden))
    _validate_aanvraag(aanvraag)
    jaar = timezone.localdate().year
    for _poging in range(10):
        aanvraag.referentie = _next_referentie(jaar)
        try:
            with transaction.atomic():
                aanvraag.save()
            break
        except IntegrityError:
            continue
    else:
        raise ValidationError(_("Er kon geen referentie worden gemaakt; probeer het opnieuw."))
    Overgang.objects.create(
        aanvraag=aanvraag, actie=Actie.AANMAKEN, van="", naar=S.CONCEPT, door=door
    )
    return aanvraag


def _validate_aanvraag(aanvraag: Aanvraag) -> None:
    validate_bedrag(aanvraag.gevraagd_bedrag, field="gevraagd_bedrag")
    check_max_lengths(Aanvraag, {"motivatie": aanvraag.motivatie})
    aanvraag.voorziening_resultaat = validate_voorziening(
        aanvraag.voorziening, aanvraag.voorziening_resultaat
    )
    validate_aanvrager(
        organisatie=aanvraag.organisatie if aanvraag.organisatie_id else None,
        vertrouwenspersoon=aanvraag.vertrouwenspersoon if aanvraag.vertrouwenspersoon_id else None,
    )


def _only(velden):
    onbekend = set(velden) - set(AANVRAAG_VELDEN)
    if onbekend:
        raise TypeError(f"unknown fields: {sorted(onbekend)}")
    return velden


def _next_referentie(jaar: int) -> str:
    prefix = f"NF-{jaar}-"
    nummers = [
        int(ref.removeprefix(prefix))
        for ref in Aanvraag.objects.filter(referentie__startswith=prefix).values_list(
            "referentie", flat=True
        )
        if ref.removeprefix(prefix).isdigit()
    ]
    return _referentie(jaar, max(nummers, default=0) + 1)


def _referentie(jaar: int, nummer: int) -> str:
    return f"NF-{jaar}-{nummer:04d}"


@transaction.atomic
def update_aanvraag(*, aanvraag: Aanvraag, door, versie: int | None = None, **velden) -> Aanvraag:
    """Change a draft, or an application sent back for more information, by the rules of
    `create_aanvraag`. Saves one row. `versie`: the version the edit form was opened at; an
    application changed since is refused with what changed (samenvooruit.versie). The steps
    (`transition_aanvraag`) change none of the fields the form shows: they leave the version."""
    aanvraag = Aanvraag.objects.select_for_update().get(pk=aanvraag.pk)
    if aanvraag.status not in BEWERKBAAR:
        raise ValidationError(
            _("Een aanvraag met de status '%(status)s' kan niet meer worden gewijzigd.")
            % {"status": aanvraag.get_status_display()}
        )
    controleer_versie(aanvraag, versie, velden=velden.keys())
    for veld, waarde in _only(velden).items():
        setattr(aanvraag, veld, waarde)
    _validate_aanvraag(aanvraag)
    aanvraag.save()
    return aanvraag


@transaction.atomic
def add_bijlage(*, aanvraag: Aanvraag, door, upload, soort: str = BijlageSoort.OFFERTE) -> Bijlage:
    """Check the file by its content and size, then store it under a random name through the
    default storage and create a Bijlage row. Only while the application can be changed."""
    aanvraag = Aanvraag.objects.select_for_update().get(pk=aanvraag.pk)
    if aanvraag.status not in BEWERKBAAR:
        raise ValidationError(
            _("Bijlagen kunnen alleen worden toegevoegd zolang de aanvraag open staat.")
        )
    content_type = validate_bijlage(upload)
    naam = (getattr(upload, "name", "") or "bijlage").rsplit("/", 1)[-1][:200]
    bijlage = Bijlage(
        aanvraag=aanvraag,
        soort=soort,
        naam=naam,
        content_type=content_type,
        grootte=upload.size,
        geupload_door=door,
    )
    bijlage.bestand.save("bijlage", upload, save=False)
    bijlage.save()
    return bijlage


@transaction.atomic
def delete_bijlage(*, bijlage: Bijlage, door) -> None:
    """Remove an attachment row and its stored file, while the application can be changed."""
    if bijlage.aanvraag.status not in BEWERKBAAR:
        raise ValidationError(
            _("Bijlagen kunnen alleen worden verwijderd zolang de aanvraag open staat.")
        )
    naam = bijlage.bestand.name
    storage = bijlage.bestand.storage
    bijlage.delete()
    transaction.on_commit(lambda: storage.delete(naam))


@transaction.atomic
def register_storting(*, door, datum, bedrag, fondsgever: str, omschrijving: str = "") -> Storting:
    """Record a deposit into the fund (one row); its date by `validate_storting_datum`."""
    validate_storting_datum(datum)
    if Decimal(bedrag) <= 0:
        raise ValidationError(_("Een storting moet groter zijn dan nul."))
    validate_bedrag(bedrag, field="bedrag")
    check_max_lengths(Storting, {"fondsgever": fondsgever, "omschrijving": omschrijving})
    Fondsbudget.objects.get_or_create(pk=1)
    return Storting.objects.create(
        datum=datum,
        bedrag=bedrag,
        fondsgever=fondsgever.strip(),
        omschrijving=omschrijving.strip(),
        vastgelegd_door=door,
    )


# --- many at once (the registration workbook) -------------------------------------------------


@transaction.atomic
def verplaats_naar_huishouden(*, van, naar, door=None, reden: str = "") -> int:
    """Moves the fund applications of household `van` to household `naar`, for a merge of the
    two (samenvoegen): the application itself stays as it is (its residence, income and
    submitter are its own). Side effects: the UPDATEs, a change-history row each by `door` with
    `reden`. Returns how many moved."""
    aanvragen = list(Aanvraag.objects.filter(huishouden=van).order_by("pk"))
    for aanvraag in aanvragen:
        aanvraag.huishouden = naar
    bulk_update_with_history(
        aanvragen,
        Aanvraag,
        ["huishouden"],
        default_user=door,
        default_change_reason=reden[:100],
        batch_size=BATCH,
    )
    return len(aanvragen)


@transaction.atomic
def register_aanvragen(*, aanvragen: list[dict]) -> list[Aanvraag]:
    """Register many applications as they stand (any status, decided and paid ones included).
    Each dict holds the Aanvraag fields by name (organisatie_id, vertrouwenspersoon_id,
    huishouden_id, ...); one without `referentie` gets the next NF-<year>-<number> of the year it
    was submitted (else this year), counting the stored references and those in `aanvragen`.
    A granted or paid one has its decision date (`validate_besluit_datum`); payouts follow
    `validate_uitbetaald_bedrag` and `validate_uitbetaald_op` (ValidationError).
    Side effect: inserts the applications. Returns them in the given order."""
    for velden in aanvragen:
        validate_besluit_datum(status=velden["status"], besloten_op=velden.get("besloten_op"))
        _validate_registered(velden)
    numbers = _highest_numbers(velden.get("referentie") for velden in aanvragen)
    objects = []
    for velden in aanvragen:
        referentie = velden.get("referentie")
        if not referentie:
            jaar = (velden.get("ingediend_op") or timezone.localdate()).year
            numbers[jaar] += 1
            referentie = _referentie(jaar, numbers[jaar])
        objects.append(
            Aanvraag(
                **{**velden, "referentie": referentie},
                voorziening_gesignaleerd=al_gesignaleerd(velden),
            )
        )
    return Aanvraag.objects.bulk_create(objects, batch_size=BATCH)


def _validate_registered(velden: dict) -> None:
    """The rules of an application as it stands: texts, dates, amounts, its payout and the
    provision asked first."""
    check_max_lengths(Aanvraag, velden)
    if "voorziening" in velden or "voorziening_resultaat" in velden:
        velden["voorziening_resultaat"] = validate_voorziening(
            velden.get("voorziening", ""), velden.get("voorziening_resultaat", "")
        )
    for field in ("ingediend_op", "besloten_op"):
        if velden.get(field) is not None:
            validate_fonds_datum(velden[field], field=field)
    for field in ("gevraagd_bedrag", "toegekend_bedrag", "uitbetaald_bedrag"):
        validate_bedrag(velden.get(field), field=field)
    bedrag, datum = velden.get("uitbetaald_bedrag"), velden.get("uitbetaald_op")
    if bedrag is not None:
        validate_uitbetaald_bedrag(bedrag, toegekend_bedrag=velden.get("toegekend_bedrag"))
    if datum is not None:
        validate_uitbetaald_op(datum, besloten_op=velden.get("besloten_op"))


def _highest_numbers(more_referenties) -> defaultdict:
    """The highest NF-<year>-<number> per year, stored or among `more_referenties`."""
    numbers = defaultdict(int)
    stored = Aanvraag.objects.filter(referentie__startswith="NF-").values_list(
        "referentie", flat=True
    )
    for referentie in [*stored, *more_referenties]:
        match = REFERENTIE.match(referentie or "")
        if match:
            jaar, nummer = int(match.group(1)), int(match.group(2))
            numbers[jaar] = max(numbers[jaar], nummer)
    return numbers
