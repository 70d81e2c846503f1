"""Merging two records of one household, or of one person (a double registration, found by the
duplicate check or by hand). A coordinator's repair, above the domain apps like privacy: each
domain moves its own records (`hulpvragen.services.verplaats_naar_huishouden`,
`noodfonds.services.verplaats_naar_huishouden`), so casework still never imports the fund.

What a merge decides:
- Everything of the removed household moves to the kept one: persons, help requests (with their
  status history, contacts and referrals), consents, fund applications, earlier merged
  references. The kept household keeps its own data and assignment; where it has nothing (an
  empty field, "Onbekend"), it takes the removed household's. The removed household is deleted;
  its reference leads to the kept household from then on and is never given out again; its
  change history stays (the kept household's history shows it).
- Of two persons (of one household: merge the households first) the kept one gets the help
  requests, and fills its empty fields from the other; a birth year or sex that both have and
  that differ is refused, to be corrected first (the report would otherwise change).
- The quarterly report does not change by a merge of households: every figure hangs on the help
  requests, persons and applications, which keep their own fields and pilot, whatever the
  households' pilots or organisations. A person merge changes it only where it fills in what was
  unknown (a birth year or sex).
- Each moved record gets a change-history row by the coordinator with the merge as its reason;
  the access log gets one entry, and without that entry nothing is merged. One transaction."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hulpvragen import services as hulpvragen_services
from hulpvragen.choices import Geslacht, Inkomsten, JaNeeOnbekend, Samenstelling
from hulpvragen.models import Huishouden, Hulpvrager
from netwerk.roles import is_coordinator
from netwerk.toegangslog import Actie, log_access
from noodfonds import services as noodfonds_services

# fields of a household taken from the removed one when the kept one has this value
HUISHOUDEN_ONBEKEND = {
    "adres": "",
    "postcode": "",
    "samenstelling": Samenstelling.ONBEKEND,
    "inkomsten": Inkomsten.ONBEKEND,
    "contact_formeel": JaNeeOnbekend.ONBEKEND,
    "doorverwezen_door": None,
}
PERSOON_ONBEKEND = {"naam": "", "geboortejaar": None, "telefoon": "", "taal": ""}


class SamenvoegenNietGelogd(ValidationError):
    """A merge must be accountable: without its access-log entry nothing is changed."""


@dataclass
class Samenvoeging:
    """What a merge did: the kept record, the removed one's reference, the counts moved."""

    behouden: object
    weg: str
    aantallen: dict


def _check_coordinator(door) -> None:
    if not is_coordinator(door):
        raise ValidationError(_("Alleen een coördinator voegt samen."), code="niet_toegestaan")


def _log(request, obj, door, label: str) -> None:
    if log_access(request, Actie.SAMENGEVOEGD, obj, label=label, user=door) is None:
        raise SamenvoegenNietGelogd(
            _(
                "Het samenvoegen kon niet in het toegangslog worden vastgelegd; er is niets gewijzigd."
            )
        )


def aanvulling_huishouden(behouden: Huishouden, weg: Huishouden) -> dict:
    """What the kept household takes from the removed one: the fields it has nothing in; the
    removed one's note is added below its own."""
    data = {
        veld: getattr(weg, veld)
        for veld, onbekend in HUISHOUDEN_ONBEKEND.items()
        if getattr(behouden, veld) == onbekend and getattr(weg, veld) != onbekend
    }
    if weg.notitie:
        data["notitie"] = (
            f"{behouden.notitie}\n\n{weg.referentie}: {weg.notitie}"
            if behouden.notitie
            else weg.notitie
        )
    return data


@transaction.atomic
def voeg_huishoudens_samen(
    *, behouden: Huishouden, weg: Huishouden, door, request=None
) -> Samenvoeging:
    """Merges household `weg` into `behouden` (the module's docstring says what moves and what
    stays). Only a coordinator; neither may be anonymised. Side effects: the moves, `behouden`'s
    filled-in fields, `weg` deleted (its reference kept as an old reference), change-history
    rows, one access-log entry. Both rows are locked for the transaction."""
    _check_coordinator(door)
    if behouden.pk == weg.pk:
        raise ValidationError(_("Kies twee verschillende huishoudens."), code="zelfde")
    locked = Huishouden.objects.select_for_update().in_bulk([behouden.pk, weg.pk])
    if len(locked) != 2:
        raise ValidationError(_("Een van beide huishoudens bestaat niet meer."), code="weg")
    behouden, weg = locked[behouden.pk], locked[weg.pk]
    hulpvragen_services.check_none_anonymised([behouden.pk, weg.pk])
    reden = _("Samengevoegd: %(weg)s in %(behouden)s") % {
        "weg": weg.referentie,
        "behouden": behouden.referentie,
    }
    aantallen = {
        "aanvragen": noodfonds_services.verplaats_naar_huishouden(
            van=weg, naar=behouden, door=door, reden=reden
        ),
        **hulpvragen_services.verplaats_naar_huishouden(
            van=weg, naar=behouden, door=door, reden=reden
        ),
    }
    aanvulling = aanvulling_huishouden(behouden, weg)
    if aanvulling:
        behouden._change_reason = reden[:100]
        hulpvragen_services.update_huishouden(
            huishouden=behouden, data=aanvulling, may_reassign=False, door=door
        )
    hulpvragen_services.verwijder_samengevoegd_huishouden(
        huishouden=weg, naar=behouden, door=door, reden=reden
    )
    _log(request, behouden, door, f"{weg.referentie} → {behouden.referentie}")
    return Samenvoeging(behouden=behouden, weg=weg.referentie, aantallen=aantallen)


def tegenstrijdig(behouden: Hulpvrager, weg: Hulpvrager) -> list[str]:
    """The fields the report reads that both persons have and that differ (a merge would change
    the report): the field names' labels."""
    velden = []
    if None not in (behouden.geboortejaar, weg.geboortejaar) and (
        behouden.geboortejaar != weg.geboortejaar
    ):
        velden.append(str(Hulpvrager._meta.get_field("geboortejaar").verbose_name))
    onbekend = Geslacht.ONBEKEND
    if onbekend not in (behouden.geslacht, weg.geslacht) and behouden.geslacht != weg.geslacht:
        velden.append(str(Hulpvrager._meta.get_field("geslacht").verbose_name))
    return velden


def aanvulling_persoon(behouden: Hulpvrager, weg: Hulpvrager) -> dict:
    """What the kept person takes from the removed one: the fields it has nothing in, and the
    place of main person."""
    data = {
        veld: getattr(weg, veld)
        for veld, onbekend in PERSOON_ONBEKEND.items()
        if getattr(behouden, veld) == onbekend and getattr(weg, veld) != onbekend
    }
    if behouden.geslacht == Geslacht.ONBEKEND and weg.geslacht != Geslacht.ONBEKEND:
        data["geslacht"] = weg.geslacht
    if weg.is_hoofdpersoon and not behouden.is_hoofdpersoon:
        data["is_hoofdpersoon"] = True
    return data


@transaction.atomic
def voeg_personen_samen(
    *, behouden: Hulpvrager, weg: Hulpvrager, door, request=None
) -> Samenvoeging:
    """Merges person `weg` into `behouden`, two persons of one household (the module's
    docstring). Only a coordinator. Refuses a birth year or sex that both have and that differ.
    Side effects: the help requests moved, `behouden`'s filled-in fields, `weg` deleted,
    change-history rows, one access-log entry."""
    _check_coordinator(door)
    velden = tegenstrijdig(behouden, weg)
    if velden:
        raise ValidationError(
            _(
                "Deze personen verschillen in %(velden)s. Corrigeer eerst een van beiden; dan "
                "verandert de rapportage niet door het samenvoegen."
            )
            % {"velden": ", ".join(velden)},
            code="tegenstrijdig",
        )
    reden = _("Persoon samengevoegd in huishouden %(ref)s") % {
        "ref": behouden.huishouden.referentie
    }
    n = hulpvragen_services.verplaats_naar_hulpvrager(
        van=weg, naar=behouden, door=door, reden=reden
    )
    aanvulling = aanvulling_persoon(behouden, weg)
    hulpvragen_services.verwijder_hulpvrager(hulpvrager=weg, door=door, reden=reden)
    if aanvulling:
        behouden._change_reason = reden[:100]
        hulpvragen_services.update_hulpvrager(hulpvrager=behouden, data=aanvulling)
    _log(request, behouden, door, f"{weg.uuid} → {behouden.uuid}")
    return Samenvoeging(behouden=behouden, weg=str(weg.uuid), aantallen={"hulpvragen": n})
