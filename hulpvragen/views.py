"""Casework pages. Pages by role (committee members and trainers have no casework: 404), records
through `visible_to` (404 outside it), writes through `services`."""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from hulpvragen import exports, selectors, services
from hulpvragen import volledigheid as compleet
from hulpvragen.choices import GEEN_PILOT, Status
from hulpvragen.forms import (
    HUISHOUDEN_VELDEN,
    HULPVRAAG_VELDEN,
    HULPVRAGER_VELDEN,
    ContactForm,
    DoorverwijzingForm,
    HuishoudenForm,
    HulpvraagForm,
    HulpvragerForm,
    IntakeForm,
    NazorgForm,
    OverdrachtForm,
    PilotForm,
    SignaalForm,
    SignaalOpvolgingForm,
    SoortUitkomstForm,
    StatusForm,
    UitkomstForm,
    assignment_from,
)
from hulpvragen.lijsten import PER_PAGE, filtered_table
from hulpvragen.models import Huishouden, Hulpvraag, Hulpvrager, Signaal, Thema
from hulpvragen.tables import CaseloadTable, GestoptTable, HulpvraagTable
from netwerk import services as netwerk_services
from netwerk.models import Organisatie, Pilot, Vertrouwenspersoon
from netwerk.permissions import get_visible_or_404, refuse, role_required
from netwerk.roles import Rol, has_role, organisatie_id_of, vertrouwenspersoon_id_of
from netwerk.toegangslog import Actie as LogActie
from netwerk.toegangslog import log_access
from samenvooruit.views import form_page, local_next, telling
from taken.views import download_of_taak

CASEWORK = (Rol.COORDINATOR, Rol.ORGCOORDINATOR, Rol.VERTROUWENSPERSOON)
COORDINATION = (Rol.COORDINATOR, Rol.ORGCOORDINATOR)
casework = role_required(*CASEWORK)


def _safe_next(request, default):
    return local_next(request, default)


# --- lists and their downloads -------------------------------------------------------------


def _list_page(request, kind, template):
    filterset, table = filtered_table(request, kind, paginate=True)
    context = {
        "filter": filterset,
        "table": table,
        "download_url": f"{reverse(f'hulpvragen:{kind}_list_xlsx')}?{request.GET.urlencode()}",
    }
    return render(request, template, context)


@casework
def hulpvraag_list(request):
    return _list_page(request, "hulpvraag", "hulpvragen/hulpvraag_list.html")


@casework
def huishouden_list(request):
    return _list_page(request, "huishouden", "hulpvragen/huishouden_list.html")


def _list_download(request, kind, label):
    _filterset, table = filtered_table(request, kind, paginate=False)
    return download_of_taak(
        request,
        exports.LIJSTEN[kind](table.data.data),
        functie=exports.lijst_als_taak,
        parameters={
            "soort": kind,
            "gebruiker_id": request.user.pk,
            "query": request.GET.urlencode(),
        },
        titel=str(exports.LIJSTEN[kind].title),
        label=label,
    )


@casework
def hulpvraag_list_xlsx(request):
    return _list_download(request, "hulpvraag", "hulpvragen.xlsx")


@casework
def huishouden_list_xlsx(request):
    return _list_download(request, "huishouden", "huishoudens.xlsx")


# --- the trusted person's phone view and the coordinators' overview --------------------------


@role_required(Rol.VERTROUWENSPERSOON)
def mijn(request):
    """The trusted person's start page: today's work, then the households that need them."""
    dagwerk = selectors.mijn_dagwerk(request.user)
    context = {
        "tellingen": [
            telling("open", dagwerk["open"], _("open hulpvragen")),
            telling("opvolgen_vandaag", dagwerk["opvolgen_vandaag"], _("vandaag opvolgen")),
        ],
        "huishoudens": selectors.mijn_huishoudens(request.user),
        "rustig": selectors.mijn_afgesloten_aantal(request.user),
        "heeft_record": vertrouwenspersoon_id_of(request.user) is not None,
    }
    return render(request, "hulpvragen/mijn.html", context)


@role_required(*COORDINATION)
def overzicht(request):
    """The coordinators' start page: today's work in numbers, who stopped with households still
    open, the caseload, and the help requests that need attention."""
    stalled = HulpvraagTable(selectors.gesignaleerd(request.user), prefix="s-", order_by=())
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(stalled)
    caseload = CaseloadTable(selectors.caseload(request.user), prefix="c-")
    # paged: a city-wide network has thousands of trusted persons
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(caseload)
    gestopt = GestoptTable(selectors.gestopt_met_open_huishoudens(request.user), prefix="g-")
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(gestopt)
    counts = selectors.flag_counts(request.user)
    context = {
        "telling": counts,
        "tellingen": _overzicht_tellingen(request.user, counts),
        "gestopt": gestopt,
        "stalled": stalled,
        "caseload": caseload,
        "doel": settings.DOEL_HUISHOUDENS_PER_VP,
    }
    return render(request, "hulpvragen/overzicht.html", context)


def _overzicht_tellingen(user, counts):
    lijst = reverse("hulpvragen:hulpvraag_list")
    return [
        telling("open", counts["open"], _("open hulpvragen"), f"{lijst}?status=nog_in_behandeling"),
        telling("opvolgen_vandaag", selectors.opvolgen_vandaag_aantal(user), _("vandaag opvolgen")),
        telling(
            "zonder_contact",
            counts["zonder_contact"],
            _("langer dan %(n)s dagen geen contact") % {"n": settings.ZONDER_CONTACT_DAGEN},
            f"{lijst}?signalering=zonder_contact",
        ),
        telling(
            "nazorg_verlopen",
            counts["nazorg_verlopen"],
            _("opvolgdatum verstreken"),
            f"{lijst}?signalering=nazorg_verlopen",
        ),
        telling(
            "doorverwijzing_open",
            counts["doorverwijzing_open"],
            _("doorverwijzing na %(n)s dagen zonder uitkomst")
            % {"n": settings.DOORVERWIJZING_ZONDER_UITKOMST_DAGEN},
            f"{lijst}?signalering=doorverwijzing_open",
        ),
    ]


@role_required(*COORDINATION)
def overzicht_xlsx(request):
    return download_of_taak(
        request,
        exports.GesignaleerdExport(selectors.gesignaleerd(request.user)),
        functie=exports.lijst_als_taak,
        parameters={"soort": "gesignaleerd", "gebruiker_id": request.user.pk, "query": ""},
        titel=str(exports.GesignaleerdExport.title),
        label="in-beeld.xlsx",
    )


# --- handover when a trusted person stops ----------------------------------------------------


@role_required(*COORDINATION)
def overdracht(request, uuid):
    """All households of one trusted person to another in one step (the trusted person's page
    links here). Only for a trusted person the user manages: anyone else's is a 404."""
    van = get_visible_or_404(
        Vertrouwenspersoon.objects.editable_by(request.user).select_related("organisatie"),
        request.user,
        uuid=uuid,
    )
    return form_page(
        request,
        OverdrachtForm(request.POST or None, user=request.user, van=van),
        "hulpvragen/overdracht.html",
        {"van": van, **selectors.overdracht_context(van, request.user)},
        save=lambda form: services.draag_huishoudens_over(
            van=van, naar=form.cleaned_data["vertrouwenspersoon"], door=request.user
        ),
        message=lambda gedaan: (
            ngettext(
                "%(n)s huishouden overgedragen aan %(naar)s.",
                "%(n)s huishoudens overgedragen aan %(naar)s.",
                gedaan.aantal_huishoudens,
            )
            % {"n": gedaan.aantal_huishoudens, "naar": gedaan.naar}
        ),
        success_url=van,
    )


# --- intake and households -------------------------------------------------------------------


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


# --- help requests ---------------------------------------------------------------------------


def _hulpvraag(request, uuid):
    return get_visible_or_404(
        selectors.with_flags(
            Hulpvraag.objects.select_related(
                "huishouden__vertrouwenspersoon", "huishouden__organisatie", "hulpvrager", "pilot"
            )
        ),
        request.user,
        uuid=uuid,
    )


@casework
def hulpvraag_create(request, referentie):
    huishouden = _huishouden(request, referentie)
    return form_page(
        request,
        HulpvraagForm(request.POST or None, huishouden=huishouden),
        "hulpvragen/form.html",
        {"huishouden": huishouden, "titel": _("Nieuwe hulpvraag")},
        save=lambda form: _add_hulpvraag(request, huishouden, form),
        message=_("Hulpvraag toegevoegd."),
    )


def _add_hulpvraag(request, huishouden, form):
    hulpvraag = services.add_hulpvraag(
        huishouden=huishouden,
        themas=form.cleaned_data["themas"],
        door=request.user,
        **form.service_data(),
    )
    _warn_without_pilot(request, hulpvraag)
    return hulpvraag


@casework
def hulpvraag_detail(request, uuid):
    hulpvraag = _hulpvraag(request, uuid)
    log_access(request, LogActie.BEKEKEN, hulpvraag)
    context = {
        "hulpvraag": hulpvraag,
        "huishouden": hulpvraag.huishouden,
        "nazorg_form": NazorgForm(initial={"nazorg_datum": hulpvraag.nazorg_datum}),
        **selectors.hulpvraag_detail_context(hulpvraag),
        "wijzigingen": selectors.hulpvraag_wijzigingen([hulpvraag.pk])
        if has_role(request.user, Rol.COORDINATOR)
        else None,
    }
    return render(request, "hulpvragen/hulpvraag_detail.html", context)


def _hulpvraag_page(hulpvraag, titel):
    return {"huishouden": hulpvraag.huishouden, "hulpvraag": hulpvraag, "titel": titel}


@casework
def hulpvraag_edit(request, uuid):
    hulpvraag = _hulpvraag(request, uuid)
    return form_page(
        request,
        HulpvraagForm(request.POST or None, instance=hulpvraag, huishouden=hulpvraag.huishouden),
        "hulpvragen/form.html",
        _hulpvraag_page(hulpvraag, _("Hulpvraag wijzigen")),
        save=lambda form: services.update_hulpvraag(
            hulpvraag=hulpvraag,
            data=form.service_data(),
            themas=form.cleaned_data["themas"],
            versie=form.versie,
        ),
        message=_("Hulpvraag opgeslagen."),
    )


@casework
def hulpvraag_status(request, uuid):
    hulpvraag = _hulpvraag(request, uuid)
    return form_page(
        request,
        StatusForm(request.POST or None, hulpvraag=hulpvraag),
        "hulpvragen/form.html",
        _hulpvraag_page(hulpvraag, _("Status wijzigen")),
        save=lambda form: services.change_status(
            hulpvraag=hulpvraag, door=request.user, **form.cleaned_data
        ),
        message=_("Status gewijzigd."),
        success_url=hulpvraag,
    )


@casework
def hulpvraag_soort_uitkomst(request, uuid):
    """Fill in the outcome's category of a closed help request that has none (the
    completeness page links here); any other help request shows why it needs none."""
    hulpvraag = _hulpvraag(request, uuid)
    context = _hulpvraag_page(hulpvraag, _("Soort uitkomst vastleggen"))
    if hulpvraag.status != Status.AFGEROND or hulpvraag.uitkomst_categorie:
        context["toelichting"] = (
            _("De soort uitkomst is al vastgelegd: %s.")
            % hulpvraag.get_uitkomst_categorie_display()
            if hulpvraag.uitkomst_categorie and hulpvraag.status == Status.AFGEROND
            else _(
                "Deze hulpvraag is niet afgerond; de soort uitkomst leg je vast bij het afronden."
            )
        )
        return render(request, "hulpvragen/soort_uitkomst.html", context)
    return form_page(
        request,
        SoortUitkomstForm(request.POST or None),
        "hulpvragen/soort_uitkomst.html",
        context,
        save=lambda form: services.vul_soort_uitkomst_aan(hulpvraag=hulpvraag, **form.cleaned_data),
        message=_("Soort uitkomst vastgelegd."),
        success_url=_safe_next(request, hulpvraag.get_absolute_url()),
    )


@casework
def hulpvraag_contact(request, uuid):
    """Log a contact: type a short note, tap the kind of contact, done."""
    hulpvraag = _hulpvraag(request, uuid)
    next_url = _safe_next(request, hulpvraag.get_absolute_url())
    return form_page(
        request,
        ContactForm(request.POST or None),
        "hulpvragen/contact_form.html",
        {"hulpvraag": hulpvraag, "next": next_url},
        save=lambda form: services.log_contact(
            hulpvraag=hulpvraag, door=request.user, **form.cleaned_data
        ),
        message=_("Contact vastgelegd."),
        success_url=next_url,
    )


@casework
@require_POST
def hulpvraag_nazorg(request, uuid):
    hulpvraag = _hulpvraag(request, uuid)
    form = NazorgForm(request.POST)
    if form.is_valid():
        services.set_nazorg_datum(hulpvraag=hulpvraag, datum=form.cleaned_data["nazorg_datum"])
        messages.success(request, _("Opvolgdatum opgeslagen."))
    else:
        messages.error(request, _("Geen geldige datum."))
    return redirect(_safe_next(request, hulpvraag.get_absolute_url()))


@casework
def doorverwijzing_create(request, uuid):
    """A referral; the organisations that help with the request's themes are suggested, each a
    link that fills in the form (?organisatie=)."""
    hulpvraag = _hulpvraag(request, uuid)
    form = DoorverwijzingForm(
        request.POST or None, user=request.user, huishouden=hulpvraag.huishouden
    )
    if request.method == "GET" and request.GET.get("organisatie", "").isdigit():
        form.initial["organisatie"] = int(request.GET["organisatie"])
    context = _hulpvraag_page(hulpvraag, _("Doorverwijzing vastleggen"))
    context["suggesties"] = selectors.doorverwijzing_suggesties(hulpvraag, request.user)
    return form_page(
        request,
        form,
        "hulpvragen/form.html",
        context,
        save=lambda form: services.record_doorverwijzing(
            hulpvraag=hulpvraag, door=request.user, **form.cleaned_data
        ),
        message=_("Doorverwijzing vastgelegd."),
        success_url=hulpvraag,
    )


@casework
def doorverwijzing_uitkomst(request, uuid, pk):
    hulpvraag = _hulpvraag(request, uuid)
    doorverwijzing = get_object_or_404(
        hulpvraag.doorverwijzingen.select_related("organisatie"), pk=pk
    )
    titel = _("Uitkomst van doorverwijzing naar %(org)s") % {"org": doorverwijzing.organisatie}
    return form_page(
        request,
        UitkomstForm(request.POST or None, instance=doorverwijzing),
        "hulpvragen/form.html",
        _hulpvraag_page(hulpvraag, titel),
        save=lambda form: services.record_doorverwijzing_uitkomst(
            doorverwijzing=doorverwijzing, **form.cleaned_data
        ),
        message=_("Uitkomst vastgelegd."),
        success_url=hulpvraag,
    )


# --- signals ---------------------------------------------------------------------------------


@casework
def signaal_list(request):
    signalen = selectors.signaal_list(request.user)
    thema = None
    if request.GET.get("thema", "").isdigit():
        thema = Thema.objects.filter(pk=request.GET["thema"]).first()
        if thema:
            signalen = signalen.filter(thema=thema)
    context = {
        "per_thema": selectors.signalen_per_thema(request.user),
        "signalen": signalen[:200],
        "thema": thema,
    }
    return render(request, "hulpvragen/signaal_list.html", context)


@casework
def signaal_create(request):
    return form_page(
        request,
        SignaalForm(request.POST or None, user=request.user),
        "hulpvragen/form.html",
        {"titel": _("Nieuw signaal"), "zoek_hulpvragen": True},
        save=lambda form: _record_signaal(form, request.user),
        message=_("Signaal vastgelegd."),
        success_url="hulpvragen:signaal_list",
    )


def _record_signaal(form, user):
    data = form.cleaned_data
    organisatie = data.get("organisatie")
    if not has_role(user, Rol.COORDINATOR):  # only coordinators choose; others sign as their own
        organisatie = Organisatie.objects.filter(pk=organisatie_id_of(user)).first()
    return services.record_signaal(
        datum=data["datum"],
        thema=data["thema"],
        tekst=data["tekst"],
        organisatie=organisatie,
        hulpvragen=data["hulpvragen"],
        door=user,
    )


@casework
def signaal_detail(request, pk):
    """A signal with its follow-up; coordinators move it on (status and note)."""
    signaal = get_visible_or_404(
        Signaal.objects.select_related("thema", "organisatie"), request.user, pk=pk
    )
    context = {
        "signaal": signaal,
        "may_follow_up": has_role(request.user, Rol.COORDINATOR),
        "form": SignaalOpvolgingForm(signaal=signaal),
        **selectors.signaal_detail_context(signaal, request.user),
    }
    return render(request, "hulpvragen/signaal_detail.html", context)


@role_required(Rol.COORDINATOR)
def signaal_opvolgen(request, pk):
    signaal = get_visible_or_404(Signaal.objects, request.user, pk=pk)
    return form_page(
        request,
        SignaalOpvolgingForm(request.POST or None, signaal=signaal),
        "hulpvragen/form.html",
        {"titel": _("Signaal opvolgen"), "signaal": signaal},
        save=lambda form: services.volg_signaal_op(
            signaal=signaal, door=request.user, **form.cleaned_data
        ),
        message=_("Opvolging vastgelegd."),
        success_url=reverse("hulpvragen:signaal_detail", args=[signaal.pk]),
    )


@casework
def hulpvraag_zoeken(request):
    """The reference search behind the signal form's help-request field (JSON): only what the
    user may see."""
    hulpvragen = selectors.zoek_hulpvragen(request.user, request.GET.get("q", ""))
    return JsonResponse({"resultaten": [selectors.hulpvraag_label(h) for h in hulpvragen]})


# --- pilots (coordinators) -------------------------------------------------------------------


@role_required(Rol.COORDINATOR)
def pilot_list(request):
    return render(request, "hulpvragen/pilot_list.html", {"pilots": selectors.pilot_list()})


@role_required(Rol.COORDINATOR)
def pilot_form(request, pk=None):
    pilot = get_object_or_404(Pilot, pk=pk) if pk else None
    titel = _("Pilot wijzigen") if pilot else _("Nieuwe pilot")
    return form_page(
        request,
        PilotForm(request.POST or None, instance=pilot),
        "hulpvragen/form.html",
        {"titel": titel, "pilots": True},
        save=lambda form: netwerk_services.save_pilot(pilot=form.save(commit=False)),
        message=_("Pilot opgeslagen."),
        success_url="hulpvragen:pilot_list",
    )


# --- completeness: what the report would count as "Onbekend" (issue 23 §3) ----------------------


@casework
def volledigheid(request):
    """Everything in the user's scope (a coordinator the network, an organisation coordinator
    their organisation, a trusted person their own households), with the counts per
    organisation and per trusted person for those who see more than their own."""
    return _volledigheid(request, _("Volledigheid van de registratie"), {})


@casework
def volledigheid_organisatie(request, pk):
    """One organisation's records: coordinators any organisation, an organisation coordinator
    their own; nobody else (404)."""
    if not (
        has_role(request.user, Rol.COORDINATOR)
        or (has_role(request.user, Rol.ORGCOORDINATOR) and organisatie_id_of(request.user) == pk)
    ):
        refuse(Organisatie, pk=pk)
    organisatie = get_visible_or_404(Organisatie.objects.all(), request.user, pk=pk)
    titel = _("Volledigheid: %s") % organisatie.naam
    return _volledigheid(request, titel, {"organisatie_id": pk}, organisatie=organisatie)


@casework
def volledigheid_vertrouwenspersoon(request, uuid):
    """One trusted person's records (their households'): whoever may see the trusted person."""
    vp = get_visible_or_404(Vertrouwenspersoon.objects.all(), request.user, uuid=uuid)
    titel = _("Volledigheid: %s") % vp.naam
    return _volledigheid(request, titel, {"vertrouwenspersoon_id": vp.pk}, vertrouwenspersoon=vp)


def _volledigheid(request, titel, filters, *, organisatie=None, vertrouwenspersoon=None):
    user = request.user
    tellingen = compleet.tellingen(user, **filters)
    soorten = [
        {
            "soort": soort,
            "titel": titel_soort,
            "velden": [
                {"label": veld.label, "n": tellingen["per_veld"][veld.naam]}
                for veld in compleet.velden(soort)
            ],
            "n": tellingen["onvolledig"][soort],
            "alle": tellingen["alle"][soort],
            "rijen": [
                _volledigheid_rij(soort, rij) for rij in compleet.lijst(soort, user, **filters)
            ]
            if tellingen["onvolledig"][soort]
            else [],
        }
        for soort, titel_soort in (
            (compleet.HULPVRAGER, _("Hulpvragers")),
            (compleet.HUISHOUDEN, _("Huishoudens")),
            (compleet.HULPVRAAG, _("Hulpvragen")),
        )
    ]
    context = {
        "titel": titel,
        "organisatie": organisatie,
        "vertrouwenspersoon": vertrouwenspersoon,
        "tellingen": tellingen,
        "soorten": soorten,
        "limit": compleet.LIMIT,
        "per_organisatie": _per_organisatie(user, filters) if vertrouwenspersoon is None else [],
        "per_vertrouwenspersoon": (
            _per_vertrouwenspersoon(user, filters) if vertrouwenspersoon is None else []
        ),
    }
    return render(request, "hulpvragen/volledigheid.html", context)


def _volledigheid_rij(soort, rij):
    """A record's row: what it is, what it misses, and the page that fixes each."""
    if soort == compleet.HULPVRAGER:
        wat = f"{rij['huishouden__referentie']} · {rij['naam'] or _('(zonder naam)')}"
        link = reverse("hulpvragen:hulpvrager_edit", kwargs={"uuid": rij["uuid"]})
        links = {veld.naam: link for veld in rij["ontbreekt"]}
    elif soort == compleet.HUISHOUDEN:
        wat = rij["referentie"]
        link = reverse("hulpvragen:huishouden_edit", kwargs={"referentie": rij["referentie"]})
        links = {veld.naam: link for veld in rij["ontbreekt"]}
    else:
        wat = (
            f"{rij['huishouden__referentie']} · {rij['hulpvrager__naam'] or _('(zonder naam)')} · "
            f"{rij['intake_datum']:%d-%m-%Y}"
        )
        wijzigen = reverse("hulpvragen:hulpvraag_edit", kwargs={"uuid": rij["uuid"]})
        uitkomst = reverse("hulpvragen:hulpvraag_soort_uitkomst", kwargs={"uuid": rij["uuid"]})
        links = {
            veld.naam: uitkomst if veld.naam == "uitkomst" else wijzigen
            for veld in rij["ontbreekt"]
        }
    return {
        "wat": wat,
        "ontbreekt": [{"label": veld.label, "url": links[veld.naam]} for veld in rij["ontbreekt"]],
    }


MAX_GROEPEN = 100  # organisations or trusted persons listed, most incomplete records first


def _per_organisatie(user, filters):
    """Coordinators: the incomplete records per organisation (one query more for the names)."""
    if not has_role(user, Rol.COORDINATOR) or filters:
        return []
    aantallen = compleet.per_groep(user, "organisatie")
    namen = dict(
        Organisatie.objects.filter(pk__in=[k for k in aantallen if k]).values_list("pk", "naam")
    )
    rijen = [
        {
            "naam": namen.get(pk) or _("(geen organisatie)"),
            "url": reverse("hulpvragen:volledigheid_organisatie", kwargs={"pk": pk}) if pk else "",
            "n": n,
        }
        for pk, n in aantallen.items()
    ]
    return sorted(rijen, key=lambda r: (-r["n"], str(r["naam"])))[:MAX_GROEPEN]


def _per_vertrouwenspersoon(user, filters):
    """Coordinators and organisation coordinators: the incomplete records per trusted person of
    their scope (one query more for the names)."""
    if not has_role(user, Rol.COORDINATOR, Rol.ORGCOORDINATOR):
        return []
    aantallen = compleet.per_groep(user, "vertrouwenspersoon", **filters)
    namen = {
        pk: (naam, uuid)
        for pk, naam, uuid in Vertrouwenspersoon.objects.visible_to(user)
        .filter(pk__in=[k for k in aantallen if k])
        .values_list("pk", "naam", "uuid")
    }
    rijen = []
    for pk, n in aantallen.items():
        naam, uuid = namen.get(pk, (None, None))
        url = (
            reverse("hulpvragen:volledigheid_vertrouwenspersoon", kwargs={"uuid": uuid})
            if uuid
            else ""
        )
        rijen.append({"naam": naam or _("(geen vertrouwenspersoon)"), "url": url, "n": n})
    return sorted(rijen, key=lambda r: (-r["n"], str(r["naam"])))[:MAX_GROEPEN]
