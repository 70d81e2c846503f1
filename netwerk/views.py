import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from netwerk import services
from netwerk.filters import GebruikerFilter, OrganisatieFilter, VertrouwenspersoonFilter
from netwerk.forms import (
    GebruikerCreateForm,
    GebruikerUpdateForm,
    InwerkenForm,
    OrganisatieForm,
    VertrouwenspersoonForm,
    WachtwoordForm,
)
from netwerk.models import Organisatie, Vertrouwenspersoon
from netwerk.permissions import RoleRequiredMixin, get_visible_or_404, role_required
from netwerk.roles import Rol, has_role, organisatie_id_of, startpagina
from netwerk.selectors import (
    gebruikers_for_list,
    gebruikers_visible_to,
    inlogstatus,
    inwerkstatus,
)
from netwerk.tables import GebruikerTable, OrganisatieTable, VertrouwenspersoonTable
from samenvooruit.views import form_page

logger = logging.getLogger(__name__)
PER_PAGE = 25
BEHEERDERS = (Rol.COORDINATOR, Rol.ORGCOORDINATOR)


class Inloggen(LoginView):
    """Django's login; without a ?next= of its own (or with the one the site's root adds, which
    asks for nothing in particular) a user lands on their role's start page (roles.startpagina),
    a user without a role on LOGIN_REDIRECT_URL."""

    def get_redirect_url(self):
        url = super().get_redirect_url()
        return "" if url == resolve_url(settings.LOGIN_REDIRECT_URL) else url

    def get_default_redirect_url(self):
        user = self.request.user
        return resolve_url(startpagina(user) or settings.LOGIN_REDIRECT_URL)


@login_required
def home(request):
    """The site's root (LOGIN_REDIRECT_URL, the brand in the menu): there is no page of tiles;
    every role goes on to its start page (roles.STARTPAGINAS), where today's work is. A user
    without a role is told to ask for one (templates/home.html)."""
    start = startpagina(request.user)
    if start:
        return redirect(start)
    return render(request, "home.html")


class FilteredTableView(SingleTableMixin, FilterView):
    """A filtered, paginated table; subclasses give the scoped queryset."""

    table_pagination = {"per_page": PER_PAGE}

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "request": self.request}

    def get_context_data(self, **kwargs):
        # Filters beyond the search box fold away on a phone, unless one is in use.
        in_use = {k for k, v in self.request.GET.items() if v} & set(self.filterset.filters)
        return {**super().get_context_data(**kwargs), "filters_active": bool(in_use - {"q"})}


# Social map -------------------------------------------------------------------------------


class OrganisatieListView(LoginRequiredMixin, FilteredTableView):
    table_class = OrganisatieTable
    filterset_class = OrganisatieFilter
    template_name = "netwerk/organisatie_list.html"

    def get_queryset(self):
        return Organisatie.objects.visible_to(self.request.user).prefetch_related("themas")


@login_required
def organisatie_detail(request, pk):
    organisatie = get_visible_or_404(
        Organisatie.objects.prefetch_related("themas"), request.user, pk=pk
    )
    personen = Vertrouwenspersoon.objects.visible_to(request.user).filter(organisatie=organisatie)
    context = {
        "organisatie": organisatie,
        "personen": personen,
        "may_edit": has_role(request.user, Rol.COORDINATOR),
    }
    return render(request, "netwerk/organisatie_detail.html", context)


@role_required(Rol.COORDINATOR)
def organisatie_create(request):
    return _organisatie_form(request, None)


@role_required(Rol.COORDINATOR)
def organisatie_update(request, pk):
    return _organisatie_form(
        request, get_object_or_404(Organisatie.objects.visible_to(request.user), pk=pk)
    )


def _organisatie_form(request, organisatie):
    return form_page(
        request,
        OrganisatieForm(request.POST or None, instance=organisatie),
        "netwerk/organisatie_form.html",
        {"object": organisatie},
        save=lambda form: services.save_organisatie(
            organisatie=form.save(commit=False),
            versie=form.versie,
            themas=form.cleaned_data["themas"],
        ),
        message=lambda org: _("Organisatie %(naam)s is opgeslagen.") % {"naam": org.naam},
    )


# Trusted persons --------------------------------------------------------------------------


class VertrouwenspersoonListView(RoleRequiredMixin, FilteredTableView):
    roles = (*BEHEERDERS, Rol.VERTROUWENSPERSOON)
    table_class = VertrouwenspersoonTable
    filterset_class = VertrouwenspersoonFilter
    template_name = "netwerk/vertrouwenspersoon_list.html"

    def get_queryset(self):
        return Vertrouwenspersoon.objects.visible_to(self.request.user).select_related(
            "organisatie"
        )


@login_required
def vertrouwenspersoon_detail(request, uuid):
    persoon = get_visible_or_404(
        Vertrouwenspersoon.objects.select_related("organisatie", "user"), request.user, uuid=uuid
    )
    may_edit = Vertrouwenspersoon.objects.editable_by(request.user).filter(pk=persoon.pk).exists()
    context = {
        "persoon": persoon,
        "may_edit": may_edit,
        "inwerken": inwerkstatus(persoon),
        "may_inwerken": has_role(request.user, Rol.COORDINATOR),
    }
    return render(request, "netwerk/vertrouwenspersoon_detail.html", context)


@role_required(*BEHEERDERS)
def vertrouwenspersoon_create(request):
    return _vertrouwenspersoon_form(request, None)


@role_required(*BEHEERDERS)
def vertrouwenspersoon_update(request, uuid):
    editable = Vertrouwenspersoon.objects.editable_by(request.user)
    return _vertrouwenspersoon_form(request, get_object_or_404(editable, uuid=uuid))


def _vertrouwenspersoon_form(request, persoon):
    user = request.user
    if not has_role(user, Rol.COORDINATOR) and not organisatie_id_of(user):
        raise Http404  # an organisation coordinator without organisation manages no one
    return form_page(
        request,
        VertrouwenspersoonForm(request.POST or None, instance=persoon, user=user),
        "netwerk/vertrouwenspersoon_form.html",
        {"object": persoon},
        save=lambda form: services.save_vertrouwenspersoon(
            vertrouwenspersoon=form.save(commit=False), versie=form.versie
        ),
        message=lambda vp: _("Vertrouwenspersoon %(naam)s is opgeslagen.") % {"naam": vp.naam},
    )


@role_required(Rol.COORDINATOR)
def vertrouwenspersoon_inwerken(request, uuid):
    """The coordinator records the onboarding before a first household (issue 22 §3)."""
    persoon = get_visible_or_404(Vertrouwenspersoon.objects, request.user, uuid=uuid)
    return form_page(
        request,
        InwerkenForm(request.POST or None, instance=persoon),
        "netwerk/vertrouwenspersoon_inwerken.html",
        {"object": persoon, "inwerken": inwerkstatus(persoon)},
        save=lambda form: services.save_inwerken(
            persoon=persoon,
            door=request.user,
            vog_datum=form.cleaned_data["vog_datum"],
            geheimhouding_datum=form.cleaned_data["geheimhouding_datum"],
            vrijstelling_reden=form.cleaned_data["vrijstelling_reden"],
            versie=form.versie,
        ),
        message=lambda vp: _("Inwerken van %(naam)s is opgeslagen.") % {"naam": vp.naam},
    )


# Logins -----------------------------------------------------------------------------------


class GebruikerListView(RoleRequiredMixin, FilteredTableView):
    """Coordinators: every login. Organisation coordinators: their trusted persons' logins."""

    roles = BEHEERDERS
    table_class = GebruikerTable
    filterset_class = GebruikerFilter
    template_name = "netwerk/gebruiker_list.html"

    def get_queryset(self):
        return gebruikers_for_list(self.request.user)


def _gebruiker_or_404(request, uuid):
    return get_object_or_404(
        gebruikers_visible_to(request.user).select_related("profiel__organisatie"),
        profiel__uuid=uuid,
    )


@role_required(*BEHEERDERS)
def gebruiker_detail(request, uuid):
    gebruiker = _gebruiker_or_404(request, uuid)
    context = {
        "gebruiker": gebruiker,
        "rollen": [Rol(g.name).label for g in gebruiker.groups.filter(name__in=Rol.values)],
        "persoon": Vertrouwenspersoon.objects.filter(user=gebruiker).first(),
        **inlogstatus(gebruiker),
    }
    return render(request, "netwerk/gebruiker_detail.html", context)


def _service_kwargs(form):
    data = form.cleaned_data
    return {
        "rollen": [Rol(r) for r in data.get("rollen") or []],
        "organisatie": data.get("organisatie"),
        "vertrouwenspersoon": data.get("vertrouwenspersoon"),
        "first_name": data.get("first_name", ""),
        "last_name": data.get("last_name", ""),
        "email": data.get("email", ""),
    }


@role_required(*BEHEERDERS)
def gebruiker_create(request):
    return form_page(
        request,
        GebruikerCreateForm(request.POST or None, door=request.user),
        "netwerk/gebruiker_form.html",
        save=lambda form: services.create_gebruiker(
            door=request.user,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password1"],
            **_service_kwargs(form),
        ),
        message=lambda gebruiker: _("Login %(naam)s is aangemaakt.") % {"naam": gebruiker},
        success_url=lambda gebruiker: reverse(
            "netwerk:gebruiker_detail", kwargs={"uuid": gebruiker.profiel.uuid}
        ),
    )


@role_required(*BEHEERDERS)
def gebruiker_update(request, uuid):
    gebruiker = _gebruiker_or_404(request, uuid)
    return form_page(
        request,
        GebruikerUpdateForm(request.POST or None, instance=gebruiker, door=request.user),
        "netwerk/gebruiker_form.html",
        {"gebruiker": gebruiker},
        save=lambda form: services.update_gebruiker(
            door=request.user, gebruiker=gebruiker, **_service_kwargs(form)
        ),
        message=lambda gebruiker: _("Login %(naam)s is opgeslagen.") % {"naam": gebruiker},
        success_url=reverse("netwerk:gebruiker_detail", kwargs={"uuid": uuid}),
    )


@role_required(*BEHEERDERS)
def gebruiker_wachtwoord(request, uuid):
    gebruiker = _gebruiker_or_404(request, uuid)

    def save(form):
        form.save()
        if gebruiker.pk == request.user.pk:
            update_session_auth_hash(request, gebruiker)  # stay logged in after one's own change
        return gebruiker

    return form_page(
        request,
        WachtwoordForm(gebruiker, request.POST or None),
        "netwerk/gebruiker_wachtwoord.html",
        {"gebruiker": gebruiker},
        save=save,
        message=_("Het nieuwe wachtwoord van %(naam)s is ingesteld.") % {"naam": gebruiker},
        success_url=reverse("netwerk:gebruiker_detail", kwargs={"uuid": uuid}),
    )


def _set_actief(request, uuid, actief):
    gebruiker = _gebruiker_or_404(request, uuid)
    try:
        services.set_gebruiker_actief(door=request.user, gebruiker=gebruiker, actief=actief)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = (
            _("Login %(naam)s is geactiveerd.") if actief else _("Login %(naam)s is geblokkeerd.")
        )
        messages.success(request, text % {"naam": gebruiker})
    return redirect("netwerk:gebruiker_detail", uuid=uuid)


@role_required(*BEHEERDERS)
@require_POST
def gebruiker_deactiveer(request, uuid):
    return _set_actief(request, uuid, actief=False)


@role_required(*BEHEERDERS)
@require_POST
def gebruiker_activeer(request, uuid):
    return _set_actief(request, uuid, actief=True)


@role_required(*BEHEERDERS)
@require_POST
def gebruiker_ontgrendel(request, uuid):
    """Lift a lockout after failed logins, before the cool-off ends."""
    gebruiker = _gebruiker_or_404(request, uuid)
    aantal = services.unlock_gebruiker(door=request.user, gebruiker=gebruiker)
    logger.info("%s unlocked login %s (%s attempt records)", request.user, gebruiker, aantal)
    messages.success(
        request,
        _("Login %(naam)s is ontgrendeld: de mislukte inlogpogingen zijn gewist.")
        % {"naam": gebruiker},
    )
    return redirect("netwerk:gebruiker_detail", uuid=uuid)


@role_required(*BEHEERDERS)
@require_POST
def gebruiker_tweestaps_reset(request, uuid):
    """A lost phone: remove the login's two-factor, so it is set up again at the next login."""
    gebruiker = _gebruiker_or_404(request, uuid)
    services.reset_tweestaps(door=request.user, gebruiker=gebruiker)
    logger.info("%s reset two-factor of login %s", request.user, gebruiker)
    messages.success(
        request,
        _("De tweestapsverificatie van %(naam)s is gereset.") % {"naam": gebruiker},
    )
    return redirect("netwerk:gebruiker_detail", uuid=uuid)
