"""Moving records: merging two records of one person or household (the `samenvoegen` app above
this one calls these), and handing a stopped trusted person's households over."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from hulpvragen import selectors, signals
from hulpvragen.choices import Status
from hulpvragen.models import (
    Huishouden,
    Hulpvraag,
    Hulpvrager,
    OudeReferentie,
    Overdracht,
    Toestemming,
)
from hulpvragen.services.regels import (
    BATCH,
    _invalid,
    check_assignment_in_scope,
    check_none_anonymised,
    check_not_anonymised,
    today,
)
from netwerk.models import Vertrouwenspersoon
from netwerk.services import check_inzetbaar
from samenvooruit.versie import verhoog_versies


def _history_args(door, reden: str) -> dict:
    # the history column holds 100 characters
    return {"default_user": door, "default_change_reason": reden[:100], "batch_size": BATCH}


@transaction.atomic
def verplaats_naar_huishouden(
    *, van: Huishouden, naar: Huishouden, door=None, reden: str = ""
) -> dict[str, int]:
    """Moves everything casework holds of household `van` to `naar`, for a merge: its persons
    (`naar` keeps its own main person; without one, `van`'s stays the main person), its help
    requests with their status history, contacts and referrals (the open ones follow `naar`'s
    trusted person, as at a reassignment; closed ones keep theirs), its consents and the
    references merged into it before. Neither may be anonymised. Side effects: the UPDATEs, a
    change-history row for each moved record by `door` with `reden`. `van` is left empty
    (`verwijder_samengevoegd_huishouden`). Returns the counts moved per kind."""
    if van.pk == naar.pk:
        raise ValidationError(_("Kies twee verschillende huishoudens."), code="zelfde")
    check_none_anonymised([van.pk, naar.pk])
    history = _history_args(door, reden)
    heeft_hoofdpersoon = naar.personen.filter(is_hoofdpersoon=True).exists()
    personen = list(van.personen.order_by("pk"))
    for persoon in personen:
        persoon.huishouden = naar
        persoon.is_hoofdpersoon = persoon.is_hoofdpersoon and not heeft_hoofdpersoon
    bulk_update_with_history(personen, Hulpvrager, ["huishouden", "is_hoofdpersoon"], **history)
    hulpvragen = list(van.hulpvragen.order_by("pk"))
    for hulpvraag in hulpvragen:
        hulpvraag.huishouden = naar
        if hulpvraag.status != Status.AFGEROND:
            hulpvraag.vertrouwenspersoon = naar.vertrouwenspersoon
    bulk_update_with_history(hulpvragen, Hulpvraag, ["huishouden", "vertrouwenspersoon"], **history)
    toestemmingen = list(van.toestemmingen.order_by("pk"))
    for toestemming in toestemmingen:
        toestemming.huishouden = naar
    bulk_update_with_history(toestemmingen, Toestemming, ["huishouden"], **history)
    van.oude_referenties.update(huishouden=naar)
    return {
        "personen": len(personen),
        "hulpvragen": len(hulpvragen),
        "toestemmingen": len(toestemmingen),
    }


@transaction.atomic
def verwijder_samengevoegd_huishouden(
    *, huishouden: Huishouden, naar: Huishouden, door=None, reden: str = ""
) -> OudeReferentie:
    """Removes a household that a merge emptied (every app moved its records to `naar` first):
    its reference becomes an old reference of `naar`, so its page leads there and the reference
    is never given out again; its change history stays. Refuses (ValidationError) while anything
    still refers to it. Side effects: the OudeReferentie, the DELETE with its history row."""
    if any(
        related.exists()
        for related in (
            huishouden.personen,
            huishouden.hulpvragen,
            huishouden.toestemmingen,
            huishouden.oude_referenties,
        )
    ):
        raise ValidationError(
            _("Dit huishouden heeft nog personen, hulpvragen of toestemmingen."), code="niet_leeg"
        )
    oud = OudeReferentie.objects.create(
        referentie=huishouden.referentie,
        huishouden=naar,
        huishouden_id_oud=huishouden.pk,
        door=door,
    )
    huishouden._history_user = door
    huishouden._change_reason = reden[:100]
    try:
        with transaction.atomic():
            huishouden.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("Er verwijzen nog gegevens naar huishouden %(ref)s.")
            % {"ref": huishouden.referentie},
            code="verwezen",
        ) from exc
    return oud


@transaction.atomic
def verplaats_naar_hulpvrager(
    *, van: Hulpvrager, naar: Hulpvrager, door=None, reden: str = ""
) -> int:
    """Moves the help requests of person `van` to `naar`, a person of the same household, for a
    merge. Side effects: the UPDATEs, a change-history row each by `door` with `reden`. Returns
    how many moved."""
    if van.pk == naar.pk:
        raise ValidationError(_("Kies twee verschillende personen."), code="zelfde")
    if van.huishouden_id != naar.huishouden_id:
        raise ValidationError(
            _(
                "Deze personen horen bij verschillende huishoudens: voeg eerst de huishoudens samen."
            ),
            code="ander_huishouden",
        )
    check_not_anonymised(naar.huishouden_id)
    hulpvragen = list(van.hulpvragen.order_by("pk"))
    for hulpvraag in hulpvragen:
        hulpvraag.hulpvrager = naar
    bulk_update_with_history(hulpvragen, Hulpvraag, ["hulpvrager"], **_history_args(door, reden))
    return len(hulpvragen)


@transaction.atomic
def verwijder_hulpvrager(*, hulpvrager: Hulpvrager, door=None, reden: str = "") -> None:
    """Removes a person without help requests (after a merge moved them). Side effects: the
    DELETE with its history row. Refuses while help requests still name the person."""
    check_not_anonymised(hulpvrager.huishouden_id)
    hulpvrager._history_user = door
    hulpvrager._change_reason = reden[:100]
    try:
        with transaction.atomic():
            hulpvrager.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("Er staan nog hulpvragen op naam van deze persoon."), code="verwezen"
        ) from exc


def check_overdracht(*, van: Vertrouwenspersoon, naar: Vertrouwenspersoon, door) -> None:
    """The rules of a handover: `door` may hand `van`'s households over
    (selectors.may_hand_over), and `naar` is another trusted person who still works and whom
    `door` may assign a household to (check_assignment_in_scope: the forms offer only those, a
    forged request is refused all the same). Raises ValidationError keyed by `vertrouwenspersoon`
    (the form's field for `naar`)."""
    if not selectors.may_hand_over(door, van):
        raise ValidationError(
            _("U mag de huishoudens van %(van)s niet overdragen.") % {"van": van},
            code="niet_toegestaan",
        )
    if naar.pk == van.pk:
        raise _invalid(
            "vertrouwenspersoon",
            _("Kies een andere vertrouwenspersoon dan %(van)s.") % {"van": van},
            "zelfde",
        )
    if Vertrouwenspersoon.objects.filter(selectors.is_gestopt(today()), pk=naar.pk).exists():
        raise _invalid(
            "vertrouwenspersoon",
            _("%(naar)s is gestopt: kies een vertrouwenspersoon die nog actief is.")
            % {"naar": naar},
            "gestopt",
        )
    # the organisation follows the new trusted person, as at an intake
    check_assignment_in_scope(door=door, vertrouwenspersoon=naar, organisatie=None)
    check_inzetbaar([naar])  # onboarding before the first household


@transaction.atomic
def draag_huishoudens_over(
    *, van: Vertrouwenspersoon, naar: Vertrouwenspersoon, door
) -> Overdracht:
    """Hand every household of `van` that `door` may see (anonymised ones excepted: nothing of
    them changes) to `naar` in one step, after `check_overdracht`. Side effects: the households
    go to `naar` and `naar`'s organisation and their open help requests follow (as
    `update_huishouden` does); each changed household and help request gets a history row by
    `door` with the handover as its change reason; one Overdracht is inserted and sent as an
    event (signals.huishoudens_overgedragen: the notices tell both trusted persons). Refuses
    (nothing stored) when `van` has no such household."""
    check_overdracht(van=van, naar=naar, door=door)
    huishoudens = list(
        Huishouden.objects.visible_to(door)
        .filter(vertrouwenspersoon=van, geanonimiseerd_op__isnull=True)
        .select_for_update()
        .order_by("pk")
    )
    if not huishoudens:
        raise ValidationError(
            _("%(van)s heeft geen huishoudens om over te dragen.") % {"van": van},
            code="geen_huishoudens",
        )
    history = {
        "default_user": door,
        # the history column holds 100 characters
        "default_change_reason": (
            _("Overdracht van %(van)s aan %(naar)s") % {"van": van, "naar": naar}
        )[:100],
        "batch_size": BATCH,
    }
    # the edit form shows the assignment: a form opened before the handover is refused after it
    verhoog_versies(huishoudens)
    for huishouden in huishoudens:
        huishouden.vertrouwenspersoon = naar
        huishouden.organisatie = naar.organisatie
    bulk_update_with_history(
        huishoudens, Huishouden, ["vertrouwenspersoon", "organisatie", "versie"], **history
    )
    hulpvragen = list(
        Hulpvraag.objects.filter(
            huishouden__in=[h.pk for h in huishoudens], status__in=selectors.OPEN_STATUSES
        ).order_by("pk")
    )
    for hulpvraag in hulpvragen:
        hulpvraag.vertrouwenspersoon = naar
    bulk_update_with_history(hulpvragen, Hulpvraag, ["vertrouwenspersoon"], **history)
    overdracht = Overdracht.objects.create(
        van=van, naar=naar, door=door, aantal_huishoudens=len(huishoudens)
    )
    signals.huishoudens_overgedragen.send(sender=Overdracht, overdracht=overdracht, door=door)
    return overdracht
