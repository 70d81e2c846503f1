"""Right to erasure and retention (AVG art. 17 and 5(1)(e)).

`anonymise_huishouden` is the one way personal data of a household goes: the coordinator's page
and the retention command (`manage.py bewaartermijn`) both call it. Names, contact details,
free text and attachments go; the statistical fields (birth year, sex, residence, income,
kinds, statuses, dates, amounts, themes, referrals' organisations) stay, so every report keeps
its numbers. The change history of the records is wiped too (it holds the old values), and so
is the admin's log text for them. One transaction: a failure half-way stores nothing; files
are removed from storage only after the commit. `apply_bewaartermijn` anonymises what is past
the retention period: households, fund applications, training measurement notes and the
training's candidates who never became a trusted person."""

import datetime
import logging
from dataclasses import dataclass, field

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from hulpvragen import selectors as casework_selectors
from hulpvragen.models import (
    Contactmoment,
    Doorverwijzing,
    Huishouden,
    Hulpvraag,
    Hulpvrager,
    StatusWijziging,
)
from netwerk.toegangslog import Actie, log_access
from noodfonds.models import (
    Aanvraag,
    Beoordeling,
    Besluitbrief,
    Betaalbatch,
    Bijlage,
    ChecklistItem,
    Crediteur,
    Lening,
    Overgang,
)
from privacy import selectors

logger = logging.getLogger(__name__)

GEANONIMISEERD = "[geanonimiseerd]"
REDEN = "Geanonimiseerd"


class AnonimiseringNietGelogd(ValidationError):
    """Erasure must be accountable: without its access-log entry nothing is changed. (A
    ValidationError like every refusal of a service, named so the retention run can tell it.)"""


def _scrub(field_name):
    """An update expression: the placeholder where there was text, empty where there was none."""
    return Case(When(**{field_name: ""}, then=Value("")), default=Value(GEANONIMISEERD))


# Anonymising changes what the edit forms show: the version goes up, so a form opened before is
# refused after it (samenvooruit.versie).
NIEUWE_VERSIE = {"versie": F("versie") + 1}


# --- anonymisation -------------------------------------------------------------------------------


def _anonymise_aanvragen(aanvragen, bijlage_namen: list[str]) -> None:
    """Free text of fund applications, their assessments and steps goes; attachments (rows and,
    after the commit, files) are deleted; so are creditors' details and decision letters. Amounts, dates, statuses and choices stay."""
    ids = list(aanvragen.values_list("pk", flat=True))
    bijlagen = Bijlage.objects.filter(aanvraag_id__in=ids)
    bijlage_namen += [b.bestand.name for b in bijlagen if b.bestand]
    bijlage_ids = list(bijlagen.values_list("pk", flat=True))
    bijlagen.delete()
    velden = ["motivatie", "besluit_toelichting", "informatievraag", "informatieantwoord"]
    Aanvraag.objects.filter(pk__in=ids).update(
        **{v: _scrub(v) for v in velden}, geanonimiseerd_op=timezone.now(), **NIEUWE_VERSIE
    )
    Beoordeling.objects.filter(aanvraag_id__in=ids).update(motivering=_scrub("motivering"))
    Overgang.objects.filter(aanvraag_id__in=ids).update(toelichting=_scrub("toelichting"))
    Aanvraag.history.filter(id__in=ids).delete()
    Beoordeling.history.filter(aanvraag_id__in=ids).delete()
    Bijlage.history.filter(aanvraag_id__in=ids).delete()
    # issue 21: the checklist keeps its state, not its history (who ticked what when); a
    # loan keeps its amounts, not the reason of its remission (free text)
    ChecklistItem.history.filter(aanvraag_id__in=ids).delete()
    Lening.objects.filter(aanvraag_id__in=ids).update(
        kwijtschelding_reden=_scrub("kwijtschelding_reden")
    )
    Lening.history.filter(aanvraag_id__in=ids).delete()
    _scrub_admin_log(Bijlage, bijlage_ids)
    _anonymise_betalingen(ids, bijlage_namen)
    for aanvraag in Aanvraag.objects.filter(pk__in=ids):
        aanvraag._change_reason = REDEN  # one history entry records the anonymisation
        aanvraag.save()


def _anonymise_betalingen(ids, bestand_namen: list[str]) -> None:
    """The creditor's name, IBAN and reference go (amounts and dates of the payment stay);
    the decision letters (rows and, after the commit, files) are deleted; a payment batch
    that paid one of these applications loses its stored SEPA file (it holds the names and
    IBANs): its rows and totals stay."""
    Betaalbatch.objects.filter(betalingen__aanvraag_id__in=ids).update(bestand="")
    Crediteur.objects.filter(aanvraag_id__in=ids).update(
        naam=GEANONIMISEERD, iban="", kenmerk=_scrub("kenmerk")
    )
    Crediteur.history.filter(aanvraag_id__in=ids).delete()
    brieven = Besluitbrief.objects.filter(aanvraag_id__in=ids)
    bestand_namen += [b.bestand.name for b in brieven if b.bestand]
    brieven.delete()


def _scrub_admin_log(model, ids) -> None:
    """The admin's log names a record by its str(), which for a person is their name."""
    if not ids:
        return
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(i) for i in ids],
    ).update(object_repr=GEANONIMISEERD)


def _anonymise_personen(huishouden) -> None:
    """Each person gets a neutral, distinct name (`Persoon 1`, ...: the registration workbook
    tells persons of one household apart by name); phone and language go."""
    personen = list(huishouden.personen.order_by("-is_hoofdpersoon", "pk"))
    for nummer, persoon in enumerate(personen, start=1):
        Hulpvrager.objects.filter(pk=persoon.pk).update(
            naam=f"Persoon {nummer}", telefoon="", taal="", **NIEUWE_VERSIE
        )
    _scrub_admin_log(Hulpvrager, [p.pk for p in personen])


def _anonymise_casework(huishouden) -> None:
    hv_ids = selectors.hulpvraag_ids_ooit(huishouden)
    # the households merged into this one: their history holds its persons' old data too
    hh_ids = [huishouden.pk, *casework_selectors.samengevoegde_ids(huishouden)]
    Huishouden.objects.filter(pk=huishouden.pk).update(
        adres="", postcode="", notitie="", **NIEUWE_VERSIE
    )
    _anonymise_personen(huishouden)
    Hulpvraag.objects.filter(pk__in=hv_ids).update(
        omschrijving=_scrub("omschrijving"), uitkomst=_scrub("uitkomst"), **NIEUWE_VERSIE
    )
    StatusWijziging.objects.filter(hulpvraag_id__in=hv_ids).update(notitie=_scrub("notitie"))
    Contactmoment.objects.filter(hulpvraag_id__in=hv_ids).update(notitie=_scrub("notitie"))
    Doorverwijzing.objects.filter(hulpvraag_id__in=hv_ids).update(
        notitie=_scrub("notitie"), uitkomst=_scrub("uitkomst")
    )
    Huishouden.history.filter(id__in=hh_ids).delete()
    Hulpvrager.history.filter(huishouden_id__in=hh_ids).delete()
    Hulpvraag.history.filter(Q(id__in=hv_ids) | Q(huishouden_id__in=hh_ids)).delete()
    Contactmoment.history.filter(hulpvraag_id__in=hv_ids).delete()
    Doorverwijzing.history.filter(hulpvraag_id__in=hv_ids).delete()


def _delete_files_after_commit(namen: list[str]) -> None:
    def delete():
        for naam in namen:
            try:
                default_storage.delete(naam)
            except Exception:  # the rows are gone; an orphan file must be noticed and removed
                logger.exception("Bijlage %s kon niet uit de opslag worden verwijderd.", naam)

    transaction.on_commit(delete)


def _log(request, obj, door, label):
    if log_access(request, Actie.GEANONIMISEERD, obj, label=label, user=door) is None:
        raise AnonimiseringNietGelogd(
            gettext(
                "Het anonimiseren kon niet in het toegangslog worden vastgelegd; "
                "er is niets gewijzigd."
            )
        )


@transaction.atomic
def anonymise_huishouden(
    *,
    huishouden: Huishouden,
    door: AbstractBaseUser | None = None,
    request: HttpRequest | None = None,
    reden: str = "",
) -> Huishouden:
    """Anonymise one household, its persons, help requests (with status notes, contacts and
    referrals) and its fund applications (with assessments, steps and attachments). Marks the
    household `geanonimiseerd_op` (the first time), wipes the change history of those records
    (one new entry records the anonymisation) and writes the access log (`door`, or the
    request's user; `reden` e.g. "bewaartermijn"). Irreversible. Running it again is harmless."""
    huishouden = Huishouden.objects.select_for_update().get(pk=huishouden.pk)
    bijlage_namen: list[str] = []
    _anonymise_casework(huishouden)
    Aanvraag.history.filter(huishouden_id=huishouden.pk).delete()  # also of ones moved since
    _anonymise_aanvragen(huishouden.aanvragen.all(), bijlage_namen)
    huishouden.refresh_from_db()
    huishouden.geanonimiseerd_op = huishouden.geanonimiseerd_op or timezone.now()
    huishouden._change_reason = REDEN
    huishouden.save()
    _log(request, huishouden, door, reden or "anonimiseren")
    _delete_files_after_commit(bijlage_namen)
    return huishouden


@transaction.atomic
def anonymise_aanvraag(
    *,
    aanvraag: Aanvraag,
    door: AbstractBaseUser | None = None,
    request: HttpRequest | None = None,
    reden: str = "",
) -> Aanvraag:
    """Anonymise one fund application on its own (retention of an application whose household
    is still being helped, or that has no household): its texts and attachments go."""
    bijlage_namen: list[str] = []
    _anonymise_aanvragen(Aanvraag.objects.filter(pk=aanvraag.pk), bijlage_namen)
    aanvraag.refresh_from_db()
    _log(request, aanvraag, door, reden or "anonimiseren")
    _delete_files_after_commit(bijlage_namen)
    return aanvraag


# --- retention -----------------------------------------------------------------------------------


@dataclass
class Bewaarresultaat:
    grens: datetime.date
    huishoudens: list[str] = field(default_factory=list)
    aanvragen: list[str] = field(default_factory=list)
    metingen: int = 0
    kandidaten: int = 0
    bonnen: int = 0
    fouten: list[str] = field(default_factory=list)


def apply_bewaartermijn(
    *, vandaag: datetime.date | None = None, dry_run: bool = False
) -> Bewaarresultaat:
    """Anonymise everything past the retention period (settings.BEWAARTERMIJN_MAANDEN): the
    households, then the fund applications not already covered, then the measurement notes of
    finished cohorts and the names and contact details of their candidates who never became a
    trusted person (the organisation, dates, attendance and scores stay, without a name). Each household and application in its own transaction: one failure is
    reported and the rest goes on. `dry_run` only lists. Idempotent: what is done is skipped."""
    vandaag = vandaag or timezone.localdate()
    result = Bewaarresultaat(grens=selectors.grens(vandaag))
    huishoudens = list(selectors.huishoudens_voorbij_bewaartermijn(vandaag))
    hh_ids = {hh.pk for hh in huishoudens}
    aanvragen = [
        a
        for a in selectors.aanvragen_voorbij_bewaartermijn(vandaag)
        if a.huishouden_id not in hh_ids
    ]
    metingen = selectors.metingen_voorbij_bewaartermijn(vandaag)
    for hh in huishoudens:
        _run(result.huishoudens, result.fouten, hh.referentie, dry_run, anonymise_huishouden, hh)
    for aanvraag in aanvragen:
        _run(
            result.aanvragen,
            result.fouten,
            aanvraag.referentie,
            dry_run,
            anonymise_aanvraag,
            aanvraag,
        )
    result.metingen = metingen.count() if dry_run else metingen.update(toelichting="")
    kandidaten = selectors.kandidaten_voorbij_bewaartermijn(vandaag, geanonimiseerd=GEANONIMISEERD)
    result.kandidaten = (
        kandidaten.count()
        if dry_run
        else kandidaten.update(
            kandidaat_naam=GEANONIMISEERD, kandidaat_telefoon="", kandidaat_email=""
        )
    )
    bonnen = selectors.bonnen_voorbij_bewaartermijn(vandaag)
    result.bonnen = bonnen.count() if dry_run else _verwijder_bonnen(bonnen)
    return result


@transaction.atomic
def _verwijder_bonnen(bonnen) -> int:
    """Remove the receipts' files (after the commit) and mark the claims; returns how many."""
    namen = list(bonnen.values_list("bon", flat=True))
    aantal = bonnen.update(bon="", bon_verwijderd_op=timezone.now())
    _delete_files_after_commit(namen)
    return aantal


def _run(done, fouten, referentie, dry_run, service, obj):
    if dry_run:
        done.append(referentie)
        return
    kwarg = "huishouden" if isinstance(obj, Huishouden) else "aanvraag"
    try:
        service(**{kwarg: obj, "reden": "bewaartermijn"})
    except Exception as exc:
        logger.exception("Bewaartermijn: %s niet geanonimiseerd", referentie)
        melding = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        fouten.append(f"{referentie}: {melding}")
    else:
        done.append(referentie)
