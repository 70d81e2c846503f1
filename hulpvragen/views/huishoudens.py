"""The intake and the household pages."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hulpvragen import exports, selectors, services
from hulpvragen.choices import GEEN_PILOT
from hulpvragen.forms import (
    HUISHOUDEN_VELDEN,
    HULPVRAAG_VELDEN,
    HULPVRAGER_VELDEN,
    HuishoudenForm,
    HulpvragerForm,
    IntakeForm,
    assignment_from,
)
from hulpvragen.models import Huishouden, Hulpvraag, Hulpvrager
from hulpvragen.views.lijsten import casework
from netwerk.permissions import get_visible_or_404
from netwerk.roles import Rol, has_role
from netwerk.toegangslog import Actie as LogActie
from netwerk.toegangslog import log_access
from samenvooruit.views import form_page

# The duplicate check before a new household or person is saved: a valid form is first checked
# (services.controleer_dubbelen); when that finds something the page comes back with what it
# found above the form, nothing saved, and the user saves after all with "Toch opslaan" (the
# form posted again with DUBBEL_GECONTROLEERD, which skips the check), or leaves the page.
DUBBEL_GECONTROLEERD = "dubbel_gecontroleerd"


def _dubbelcontrole(request, form, gegevens):
    """The check's finding to show before saving, or None: save now (nothing found, the form is
    not valid, or the user chose to save after seeing the finding)."""
    if request.method != "POST" or request.POST.get(DUBBEL_GECONTROLEERD) or not form.is_valid():
        return None
    controle = services.controleer_dubbelen(door=request.user, request=request, **gegevens())
    return controle if controle.iets_gevonden else None


def _na_controle(request, huishouden, hulpvrager):
    """After saving in spite of the check: the coordinators hear of it when it looks like a
    household the user may not see."""
    if request.POST.get(DUBBEL_GECONTROLEERD):
        services.meld_dubbel_opgeslagen(
            huishouden=huishouden, hulpvrager=hulpvrager, door=request.user
        )


def _warn_without_pilot(request, hulpvraag: Hulpvraag) -> None:
    """A help request that no pilot covers counts in the report under "Geen pilot": say so
    (non-blocking; a coordinator may add a pilot for the period, hulpvragen:pilot_create)."""
    if hulpvraag.pilot_id is None:
        messages.warning(
            request,
            _(
                "Er loopt geen pilot op de datum van aanmelding (%(datum)s): deze hulpvraag telt "
                "in de rapportage onder '%(kolom)s'. Een coördinator kan een pilot voor deze "
                "periode aanmaken."
            )
            % {"datum": f"{hulpvraag.intake_datum:%d-%m-%Y}", "kolom": GEEN_PILOT},
        )


@casework
def intake(request):
    form = IntakeForm(request.POST or None, user=request.user)
    controle = _dubbelcontrole(
        request,
        form,
        lambda: {
            "naam": form.cleaned_data["naam"],
            "geboortejaar": form.cleaned_data["geboortejaar"],
            "telefoon": form.cleaned_data["telefoon"],
            "postcode": form.cleaned_data["postcode"],
        },
    )
    if controle is not None:
        return render(
            request,
            "hulpvragen/intake.html",
            {"form": form, "controle": controle, "max_hints": services.MAX_HINTS_PER_UUR},
        )

    def save(form):
        huishouden = _register_intake(request, form)
        _warn_without_pilot(request, huishouden.hulpvragen.get())
        return huishouden

    return form_page(
        request,
        form,
        "hulpvragen/intake.html",
        save=save,
        message=lambda huishouden: (
            _("Intake vastgelegd als %(ref)s.") % {"ref": huishouden.referentie}
        ),
    )


@transaction.atomic
def _register_intake(request, form):
    user = request.user
    vp, org = assignment_from(form, user)
    data = form.cleaned_data
    huishouden = services.register_intake(
        huishouden=form.section(HUISHOUDEN_VELDEN),
        hulpvrager=form.section(HULPVRAGER_VELDEN),
        hulpvraag=form.section([f for f in HULPVRAAG_VELDEN if f != "themas"]),
        themas=data["themas"],
        toestemming_datum=data["toestemming_datum"],
        toestemming_scope=data["toestemming_scope"],
        vertrouwenspersoon=vp,
        organisatie=org,
        door=user,
    )
    _na_controle(request, huishouden, huishouden.personen.get())
    return huishouden


def _huishouden(request, referentie):
    return get_visible_or_404(
        Huishouden.objects.select_related("vertrouwenspersoon", "organisatie", "doorverwezen_door"),
        request.user,
        referentie=referentie,
    )


@casework
def huishouden_detail(request, referentie):
    if not Huishouden.objects.filter(referentie=referentie).exists():
        # a household merged into another: its reference leads there (within the user's scope)
        nu = selectors.samengevoegd_in(referentie)
        if nu is not None:
            return redirect(_huishouden(request, nu.referentie))
    huishouden = _huishouden(request, referentie)
    log_access(request, LogActie.BEKEKEN, huishouden)
    hulpvragen = selectors.with_flags(
        huishouden.hulpvragen.select_related("hulpvrager", "pilot")
    ).order_by("-intake_datum", "-pk")
    context = {
        "huishouden": huishouden,
        "personen": huishouden.personen.all(),
        "hulpvragen": hulpvragen,
        "toestemmingen": huishouden.toestemmingen.select_related(
            "organisatie", "vastgelegd_door", "ingetrokken_door"
        ),
        "registratie_ingetrokken": services.registratie_ingetrokken(huishouden),
        "wijzigingen": selectors.huishouden_wijzigingen(huishouden)
        if has_role(request.user, Rol.COORDINATOR)
        else None,
    }
    return render(request, "hulpvragen/huishouden_detail.html", context)


@casework
def huishouden_edit(request, referentie):
    huishouden = _huishouden(request, referentie)
    return form_page(
        request,
        HuishoudenForm(request.POST or None, instance=huishouden, user=request.user),
        "hulpvragen/form.html",
        {"huishouden": huishouden, "titel": _("Huishouden wijzigen")},
        # a new trusted person or organisation passes the service's guard against a forged
        # reassignment (services.check_assignment_in_scope), not only the form's choices
        save=lambda form: services.update_huishouden(
            huishouden=huishouden,
            data=form.cleaned_data,
            may_reassign=selectors.may_reassign(request.user),
            door=request.user,
            versie=form.versie,
        ),
        message=_("Huishouden opgeslagen."),
    )


@casework
def huishouden_xlsx(request, referentie):
    huishouden = _huishouden(request, referentie)
    log_access(request, LogActie.GEDOWNLOAD, huishouden, label="dossier")
    return exports.DossierExport(huishouden).response()


@casework
def hulpvrager_create(request, referentie):
    huishouden = _huishouden(request, referentie)
    form = HulpvragerForm(request.POST or None)
    context = {"huishouden": huishouden, "titel": _("Persoon toevoegen")}
    controle = _dubbelcontrole(
        request,
        form,
        lambda: {
            "naam": form.cleaned_data["naam"],
            "geboortejaar": form.cleaned_data["geboortejaar"],
            "telefoon": form.cleaned_data["telefoon"],
            "postcode": huishouden.postcode,
        },
    )
    if controle is not None:
        context.update(form=form, controle=controle, max_hints=services.MAX_HINTS_PER_UUR)
        return render(request, "hulpvragen/form.html", context)
    return form_page(
        request,
        form,
        "hulpvragen/form.html",
        context,
        save=lambda form: _add_hulpvrager(request, huishouden, form),
        message=_("Persoon toegevoegd."),
        success_url=huishouden,
    )


@transaction.atomic
def _add_hulpvrager(request, huishouden, form):
    persoon = services.add_hulpvrager(huishouden=huishouden, **form.cleaned_data)
    _na_controle(request, huishouden, persoon)
    return persoon


@casework
def hulpvrager_edit(request, uuid):
    persoon = get_visible_or_404(
        Hulpvrager.objects.select_related("huishouden"), request.user, uuid=uuid
    )
    if request.method == "GET":  # the person's only page: it shows their details
        log_access(request, LogActie.BEKEKEN, persoon)
    return form_page(
        request,
        HulpvragerForm(request.POST or None, instance=persoon),
        "hulpvragen/form.html",
        {"huishouden": persoon.huishouden, "titel": _("Persoon wijzigen")},
        save=lambda form: services.update_hulpvrager(
            hulpvrager=persoon, data=form.cleaned_data, versie=form.versie
        ),
        message=_("Persoon opgeslagen."),
        success_url=persoon.huishouden,
    )
