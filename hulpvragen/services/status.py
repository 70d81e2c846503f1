"""Help requests and their status: the only place a status changes (`change_status`, which keeps
the dated history the reports read), the outcome, the follow-up date."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hulpvragen.choices import Status, UitkomstCategorie
from hulpvragen.models import Huishouden, Hulpvraag, Hulpvrager, StatusWijziging, Thema
from hulpvragen.services.regels import (
    _invalid,
    check_not_anonymised,
    pilot_for,
    today,
    validate_geboortejaar,
    validate_intake_datum,
    validate_nazorg_datum,
    validate_status_datum,
)
from netwerk.models import Pilot
from samenvooruit.grenzen import check_max_length, check_max_lengths
from samenvooruit.versie import controleer_versie


@transaction.atomic
def add_hulpvraag(
    *,
    huishouden: Huishouden,
    hulpvrager: Hulpvrager,
    intake_datum: datetime.date,
    soort: str,
    themas: Iterable[Thema] = (),
    terugkerend: str = "",
    omschrijving: str = "",
    pilot: Pilot | None = None,
    nazorg_datum: datetime.date | None = None,
    door=None,
) -> Hulpvraag:
    """A new help request of `huishouden`, with its initial StatusWijziging (nog in behandeling)
    on the intake date. The pilot defaults to the one whose dates hold the intake date; the
    trusted person is the household's."""
    check_not_anonymised(huishouden.pk)
    validate_intake_datum(intake_datum)
    if hulpvrager.huishouden_id != huishouden.pk:
        raise ValidationError({"hulpvrager": _("Deze persoon hoort niet bij dit huishouden.")})
    validate_geboortejaar(hulpvrager.geboortejaar, intake_datum=intake_datum, field="intake_datum")
    validate_nazorg_datum(nazorg_datum)
    check_max_length(omschrijving, model=Hulpvraag, field="omschrijving")
    hulpvraag = Hulpvraag.objects.create(
        huishouden=huishouden,
        hulpvrager=hulpvrager,
        pilot=pilot or pilot_for(intake_datum),
        intake_datum=intake_datum,
        soort=soort,
        terugkerend=terugkerend,
        omschrijving=omschrijving,
        status=Status.NOG_IN_BEHANDELING,
        vertrouwenspersoon_id=huishouden.vertrouwenspersoon_id,
        nazorg_datum=nazorg_datum,
    )
    hulpvraag.themas.set(themas)
    StatusWijziging.objects.create(
        hulpvraag=hulpvraag,
        van="",
        naar=Status.NOG_IN_BEHANDELING,
        datum=intake_datum,
        door=door,
    )
    return hulpvraag


# A help request's own fields: all but `laatste_contact`, which belongs to its contacts.
_OWN_FIELDS = [
    f.name
    for f in Hulpvraag._meta.concrete_fields
    if not f.primary_key and f.name != "laatste_contact"
]


def save_hulpvraag(*, hulpvraag: Hulpvraag) -> Hulpvraag:
    """Save an existing help request's own fields. `laatste_contact` is kept by the contact
    services (`recompute_laatste_contact`): an instance read before a contact was logged must not
    write its old copy back. Every full save of a help request goes through here."""
    hulpvraag.save(update_fields=_OWN_FIELDS)
    return hulpvraag


@transaction.atomic
def update_hulpvraag(
    *, hulpvraag: Hulpvraag, data: dict, themas=None, versie: int | None = None
) -> Hulpvraag:
    """Edit the descriptive fields. The intake date may move only while it stays on or before
    every status change (the initial entry moves with it), contact and referral (the report
    counts formal involvement from the referrals dated inside its window, exact only because no
    referral is dated before its help request's intake: rapportage.report.categories). `versie`: the version
    the edit form was opened at; a help request changed since is refused with what changed
    (samenvooruit.versie.controleer_versie)."""
    check_not_anonymised(hulpvraag.huishouden_id)
    controleer_versie(hulpvraag, versie, velden=data.keys())
    intake = data.get("intake_datum", hulpvraag.intake_datum)
    validate_intake_datum(intake)
    hulpvrager = data.get("hulpvrager")
    if hulpvrager is not None and hulpvrager.huishouden_id != hulpvraag.huishouden_id:
        raise ValidationError({"hulpvrager": _("Deze persoon hoort niet bij dit huishouden.")})
    geboortejaar = (hulpvrager or hulpvraag.hulpvrager).geboortejaar
    validate_geboortejaar(geboortejaar, intake_datum=intake, field="intake_datum")
    validate_nazorg_datum(data.get("nazorg_datum"))
    check_max_lengths(Hulpvraag, data)
    history = list(hulpvraag.statushistorie.order_by("datum", "pk"))
    later = [w.datum for w in history[1:]] + list(
        hulpvraag.contactmomenten.order_by()
        .values_list("datum", flat=True)
        .union(hulpvraag.doorverwijzingen.order_by().values_list("datum", flat=True))
    )
    if later and intake > min(later):
        raise ValidationError(
            {
                "intake_datum": _(
                    "De datum van aanmelding kan niet na een latere statuswijziging, "
                    "contactmoment of doorverwijzing liggen (%(datum)s)."
                )
                % {"datum": min(later).strftime("%d-%m-%Y")}
            }
        )
    if history and history[0].datum != intake:
        history[0].datum = intake
        history[0].save(update_fields=["datum"])
    for name, value in data.items():
        setattr(hulpvraag, name, value)
    if "pilot" in data and data["pilot"] is None:
        hulpvraag.pilot = pilot_for(intake)
    save_hulpvraag(hulpvraag=hulpvraag)
    if themas is not None:
        hulpvraag.themas.set(themas)
    return hulpvraag


def check_uitkomst(naar: str, uitkomst: str | None, uitkomst_categorie: str | None = None) -> None:
    """Closing a help request needs its outcome: what did the help bring, in words and as one
    of the categories the report counts (`UitkomstCategorie`). Any other change needs neither;
    a category not in the list is refused always."""
    errors = {}
    if uitkomst_categorie and uitkomst_categorie not in UitkomstCategorie.values:
        errors["uitkomst_categorie"] = _("Onbekende soort uitkomst.")
    if naar == Status.AFGEROND:
        if not (uitkomst or "").strip():
            errors["uitkomst"] = _("Beschrijf de uitkomst bij het afronden.")
        if not uitkomst_categorie:
            errors["uitkomst_categorie"] = _("Kies bij het afronden de soort uitkomst.")
    if errors:
        raise ValidationError(errors)


def validate_uitkomst_categorie(categorie: str, *, status: str) -> None:
    """An outcome category (`UitkomstCategorie`) belongs to a closed help request only; "" (not
    recorded) always passes (records of before the category; the registration workbook).
    Raises ValidationError keyed by `uitkomst_categorie`, with a code per rule."""
    if not categorie:
        return
    if categorie not in UitkomstCategorie.values:
        raise _invalid("uitkomst_categorie", _("Onbekende soort uitkomst."), "onbekend")
    if status != Status.AFGEROND:
        raise _invalid(
            "uitkomst_categorie",
            _("Een soort uitkomst hoort bij een afgeronde hulpvraag."),
            "niet_afgerond",
        )


@transaction.atomic
def change_status(
    *,
    hulpvraag: Hulpvraag,
    naar: str,
    datum: datetime.date | None = None,
    door=None,
    notitie: str = "",
    uitkomst: str | None = None,
    uitkomst_categorie: str | None = None,
) -> StatusWijziging:
    """Change the status of a help request on `datum` (default today): writes a StatusWijziging
    (van, naar, datum, door, notitie, and when closing the outcome's category) and updates
    hulpvraag.status, datum_afgerond and, when closing, uitkomst and uitkomst_categorie. The date
    may be back-dated, but never lies in the future, before the intake or before the latest
    recorded change (the history stays in order). Closing needs an outcome and its category
    (check_uitkomst): `uitkomst` and `uitkomst_categorie`, or the help request's own for each
    that is None."""
    check_not_anonymised(hulpvraag.huishouden_id)
    check_max_length(notitie, model=StatusWijziging, field="notitie")
    check_max_length(uitkomst, model=Hulpvraag, field="uitkomst")
    datum = datum or today()
    # Lock the row and read the current status fresh: two changes at once stay in order.
    locked = Hulpvraag.objects.select_for_update().get(pk=hulpvraag.pk)
    hulpvraag.status = locked.status
    if naar not in Status.values:
        raise ValidationError({"naar": _("Onbekende status.")})
    if naar == hulpvraag.status:
        raise ValidationError({"naar": _("De hulpvraag heeft deze status al.")})
    last = hulpvraag.statushistorie.order_by("-datum", "-pk").first()
    validate_status_datum(
        datum, intake_datum=hulpvraag.intake_datum, vorige=last.datum if last else None
    )
    if uitkomst_categorie is None:
        uitkomst_categorie = locked.uitkomst_categorie
    check_uitkomst(naar, locked.uitkomst if uitkomst is None else uitkomst, uitkomst_categorie)
    closing = naar == Status.AFGEROND
    wijziging = StatusWijziging.objects.create(
        hulpvraag=hulpvraag,
        van=hulpvraag.status,
        naar=naar,
        datum=datum,
        door=door,
        notitie=notitie,
        uitkomst_categorie=uitkomst_categorie if closing else "",
    )
    hulpvraag.status = naar
    hulpvraag.datum_afgerond = datum if closing else None
    if closing and uitkomst is not None:
        hulpvraag.uitkomst = uitkomst
    if closing:
        hulpvraag.uitkomst_categorie = uitkomst_categorie
    hulpvraag.save(update_fields=["status", "datum_afgerond", "uitkomst", "uitkomst_categorie"])
    return wijziging


@transaction.atomic
def vul_soort_uitkomst_aan(*, hulpvraag: Hulpvraag, uitkomst_categorie: str) -> Hulpvraag:
    """Record the outcome's category of a help request that was closed without one (before the
    category existed, or imported so): on the help request and on the change that closed it,
    so the report's outcome table counts it from then on (hulpvragen.volledigheid lists what
    misses it). Only for a closed help request whose category is not recorded yet; another
    category later goes through reopening and closing (`change_status`). Raises
    ValidationError keyed by `uitkomst_categorie`."""
    check_not_anonymised(hulpvraag.huishouden_id)
    locked = Hulpvraag.objects.select_for_update().get(pk=hulpvraag.pk)
    if locked.status != Status.AFGEROND:
        raise _invalid(
            "uitkomst_categorie",
            _("Een soort uitkomst hoort bij een afgeronde hulpvraag."),
            "niet_afgerond",
        )
    if locked.uitkomst_categorie:
        raise _invalid(
            "uitkomst_categorie", _("De soort uitkomst is al vastgelegd."), "al_vastgelegd"
        )
    if uitkomst_categorie not in UitkomstCategorie.values:
        raise _invalid("uitkomst_categorie", _("Kies de soort uitkomst."), "onbekend")
    last = locked.statushistorie.order_by("-datum", "-pk").first()
    if last is not None and last.naar == Status.AFGEROND and not last.uitkomst_categorie:
        last.uitkomst_categorie = uitkomst_categorie
        last.save(update_fields=["uitkomst_categorie"])
    hulpvraag.uitkomst_categorie = uitkomst_categorie
    hulpvraag.save(update_fields=["uitkomst_categorie"])
    return hulpvraag


@transaction.atomic
def set_nazorg_datum(*, hulpvraag: Hulpvraag, datum: datetime.date | None) -> Hulpvraag:
    """Set (or clear) the follow-up date by `validate_nazorg_datum`. The edit form shows it, so
    the version goes up: an edit form opened before is refused after it (samenvooruit.versie)."""
    check_not_anonymised(hulpvraag.huishouden_id)
    validate_nazorg_datum(datum)
    controleer_versie(hulpvraag, None)
    hulpvraag.nazorg_datum = datum
    hulpvraag.save(update_fields=["nazorg_datum", "versie"])
    return hulpvraag
