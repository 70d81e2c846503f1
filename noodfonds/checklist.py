"""The papers checklist and the public provision asked first (issue 21, points 1 and 2). The
rules live here once; `services._indienen` calls `validate_checklist` and `signaleer_voorziening`
when an application is submitted, the form and the registration workbook call the others.

Rules
- Required papers (`VERPLICHT`): identity seen, income statement, quote or invoice. A required
  paper marked "ontbreekt" refuses the submission, naming the papers. A paper not filled in
  (no row) does not block: applications made or imported before the checklist keep working;
  the committee sees "niet ingevuld".
- Bank statement and other are never required; "ontbreekt" there is information only.
- The provision: empty (not recorded, older applications), "niet gevraagd" (result: niet van
  toepassing), or bijzondere bijstand / another provision with its result (toegekend,
  afgewezen, te traag).
- A provision refused ("afgewezen") or too slow ("te traag") becomes, once, an anonymous policy
  signal (`hulpvragen.Signaal` with source noodfonds and the provision; its organisation is the
  applying organisation, never the household or a help request)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hulpvragen.choices import SignaalBron
from hulpvragen.services import record_signaal
from netwerk.models import Thema
from noodfonds.choices import (
    AanvraagStatus,
    ChecklistSoort,
    ChecklistStatus,
    Voorziening,
    VoorzieningResultaat,
)
from noodfonds.models import Aanvraag, ChecklistItem

S = AanvraagStatus
VERPLICHT = (ChecklistSoort.IDENTITEIT, ChecklistSoort.INKOMEN, ChecklistSoort.OFFERTE)
# the checklist can be brought up to date until the decision
OPEN = frozenset({S.CONCEPT, S.INGEDIEND, S.IN_BEHANDELING, S.MEER_INFORMATIE})
SIGNALEREN = frozenset({VoorzieningResultaat.AFGEWEZEN, VoorzieningResultaat.TE_TRAAG})
# the theme of the fund's policy signals (made once, by name)
SIGNAAL_THEMA = "Voorliggende voorzieningen"


def ontbrekende_stukken(aanvraag: Aanvraag) -> list[str]:
    """The labels of the required papers marked "ontbreekt", in the checklist's order."""
    ontbreekt = set(
        aanvraag.checklist.filter(
            soort__in=VERPLICHT, status=ChecklistStatus.ONTBREEKT
        ).values_list("soort", flat=True)
    )
    return [str(ChecklistSoort(s).label) for s in VERPLICHT if s in ontbreekt]


def validate_checklist(aanvraag: Aanvraag) -> None:
    """The submission rule: no required paper "ontbreekt" (code "stukken_ontbreken")."""
    ontbreekt = ontbrekende_stukken(aanvraag)
    if ontbreekt:
        raise ValidationError(
            _(
                "U kunt de aanvraag nog niet indienen: deze verplichte stukken ontbreken: %(stukken)s."
            )
            % {"stukken": ", ".join(ontbreekt)},
            code="stukken_ontbreken",
        )


def validate_checklist_status(soort: str, status: str) -> None:
    if soort not in ChecklistSoort.values:
        raise ValidationError(_("Onbekend stuk op de checklist."), code="onbekend_stuk")
    if status and status not in ChecklistStatus.values:
        raise ValidationError(
            _("Kies bij '%(stuk)s': ontvangen, niet nodig of ontbreekt.")
            % {"stuk": ChecklistSoort(soort).label},
            code="checklist_status",
        )


@transaction.atomic
def zet_checklist(*, aanvraag: Aanvraag, door, statussen: dict[str, str]) -> list[ChecklistItem]:
    """Set the checklist's papers ({soort: status}; "" clears one: not filled in). Only the
    papers whose status changes get `door` and now; the others keep who set them and when.
    Allowed to the applicant's side (who may see the application as casework) and the
    coordinator, until the decision. Raises ValidationError and changes nothing otherwise.
    Returns the checklist as it is now."""
    from noodfonds.services import AANVRAGER, COORDINATOR, rollen_bij

    aanvraag = Aanvraag.objects.select_for_update().get(pk=aanvraag.pk)
    if not rollen_bij(door, aanvraag) & {AANVRAGER, COORDINATOR}:
        raise ValidationError(_("U mag de checklist van deze aanvraag niet wijzigen."))
    if aanvraag.status not in OPEN:
        raise ValidationError(
            _(
                "De checklist kan niet meer worden gewijzigd: de aanvraag heeft de status '%(status)s'."
            )
            % {"status": aanvraag.get_status_display()}
        )
    for soort, status in statussen.items():
        validate_checklist_status(soort, status)
    bestaand = {item.soort: item for item in aanvraag.checklist.all()}
    nu = timezone.now()
    for soort, status in statussen.items():
        item = bestaand.get(soort)
        if not status:
            if item is not None:
                item.delete()
            continue
        if item is None:
            ChecklistItem.objects.create(
                aanvraag=aanvraag, soort=soort, status=status, door=door, op=nu
            )
        elif item.status != status:
            item.status, item.door, item.op = status, door, nu
            item.save()
    return list(aanvraag.checklist.all())


def checklist_regels(aanvraag: Aanvraag, *, met_wie: bool = True) -> list[dict]:
    """The checklist to show: every paper in order, with its status ("" = not filled in),
    whether it is required, and (with `met_wie`, never for the committee) who set it."""
    items = {item.soort: item for item in aanvraag.checklist.select_related("door")}
    regels = []
    for soort in ChecklistSoort:
        item = items.get(soort.value)
        regel = {
            "soort": soort.value,
            "label": soort.label,
            "verplicht": soort in VERPLICHT,
            "status": item.status if item else "",
            "status_label": item.get_status_display() if item else _("Niet ingevuld"),
            "op": item.op if item else None,
        }
        if met_wie:
            regel["door"] = str(item.door) if item and item.door else ""
        regels.append(regel)
    return regels


# --- the public provision -----------------------------------------------------------------------


def validate_voorziening(voorziening: str, resultaat: str) -> str:
    """The provision rule (see the module); returns the result to store ("niet gevraagd" gets
    "niet van toepassing"). Raises ValidationError keyed by `voorziening_resultaat`."""
    if voorziening and voorziening not in Voorziening.values:
        raise ValidationError(
            {"voorziening": ValidationError(_("Kies een voorliggende voorziening."))}
        )
    if resultaat and resultaat not in VoorzieningResultaat.values:
        raise ValidationError(
            {"voorziening_resultaat": ValidationError(_("Kies het resultaat van de voorziening."))}
        )
    if not voorziening:
        if resultaat:
            raise ValidationError(
                {
                    "voorziening_resultaat": ValidationError(
                        _("Kies eerst of een voorliggende voorziening is gevraagd."),
                        code="resultaat_zonder_voorziening",
                    )
                }
            )
        return ""
    if voorziening == Voorziening.NIET_GEVRAAGD:
        if resultaat not in ("", VoorzieningResultaat.NIET_VAN_TOEPASSING):
            raise ValidationError(
                {
                    "voorziening_resultaat": ValidationError(
                        _("Er is geen voorziening gevraagd: het resultaat is niet van toepassing."),
                        code="niet_gevraagd",
                    )
                }
            )
        return VoorzieningResultaat.NIET_VAN_TOEPASSING
    if resultaat in ("", VoorzieningResultaat.NIET_VAN_TOEPASSING):
        raise ValidationError(
            {
                "voorziening_resultaat": ValidationError(
                    _(
                        "Vul in wat de voorliggende voorziening opleverde: toegekend, afgewezen "
                        "of te traag."
                    ),
                    code="resultaat_nodig",
                )
            }
        )
    return resultaat


def signaal_tekst(aanvraag: Aanvraag) -> str:
    """The signal's text: the provision, its result and the application's subject; no name,
    no reference, no amount (nothing that leads back to the household)."""
    return _(
        "Voorliggende voorziening %(voorziening)s: %(resultaat)s. Daarom is het noodfonds "
        "gevraagd (onderwerp: %(onderwerp)s)."
    ) % {
        "voorziening": Voorziening(aanvraag.voorziening).label.lower(),
        "resultaat": VoorzieningResultaat(aanvraag.voorziening_resultaat).label.lower(),
        "onderwerp": aanvraag.get_onderwerp_display(),
    }


def signaal_thema() -> Thema:
    """The theme of the fund's signals (made the first time it is needed; the registration
    workbook's import of a fund signal into an empty database makes it too)."""
    thema, _nieuw = Thema.objects.get_or_create(naam=SIGNAAL_THEMA)
    return thema


def al_gesignaleerd(velden: dict) -> bool:
    """An application registered as it stands (the registration workbook) that was submitted
    with a provision afgewezen or te traag: its policy signal was made at that submission and
    comes with the workbook's signals, so a later submission (after the committee asked for
    more information) makes no second one."""
    return (
        velden.get("ingediend_op") is not None and velden.get("voorziening_resultaat") in SIGNALEREN
    )


def signaleer_voorziening(aanvraag: Aanvraag, *, door) -> bool:
    """At a submission (inside its transaction): a provision afgewezen or te traag, not
    signalled before, becomes one anonymous policy signal. Returns whether one was made."""
    if aanvraag.voorziening_gesignaleerd or aanvraag.voorziening_resultaat not in SIGNALEREN:
        return False
    record_signaal(
        datum=timezone.localdate(),
        thema=signaal_thema(),
        tekst=signaal_tekst(aanvraag),
        organisatie=aanvraag.organisatie,
        door=door,
        bron=SignaalBron.NOODFONDS,
        voorziening=aanvraag.voorziening,
    )
    aanvraag.voorziening_gesignaleerd = True
    return True


@transaction.atomic
def register_checklists(*, items: list[dict]) -> list[ChecklistItem]:
    """Register checklist papers as they stand (the registration workbook): each dict holds
    aanvraag_id, soort and status; no one set them (door and op: the import). Refused
    (ValidationError) with an unknown paper or state."""
    for item in items:
        validate_checklist_status(item["soort"], item["status"])
    return ChecklistItem.objects.bulk_create(
        [ChecklistItem(**item) for item in items], batch_size=500
    )
