"""Help requests, signals, pilots (coordinators), and completeness: what the report would count as
"Onbekend" (issue 23 §3)."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hulpvragen import selectors, services
from hulpvragen import volledigheid as compleet
from hulpvragen.choices import Status
from hulpvragen.forms import (
    ContactForm,
    DoorverwijzingForm,
    HulpvraagForm,
    NazorgForm,
    PilotForm,
    SignaalForm,
    SignaalOpvolgingForm,
    SoortUitkomstForm,
    StatusForm,
    UitkomstForm,
)
from hulpvragen.models import Hulpvraag, Signaal, Thema
from hulpvragen.views.huishoudens import _huishouden, _warn_without_pilot
from hulpvragen.views.lijsten import _safe_next, casework
from netwerk import services as netwerk_services
from netwerk.models import Organisatie, Pilot, Vertrouwenspersoon
from netwerk.permissions import get_visible_or_404, refuse, role_required
from netwerk.roles import Rol, has_role, organisatie_id_of
from netwerk.toegangslog import Actie as LogActie
from netwerk.toegangslog import log_access
from samenvooruit.views import form_page


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
