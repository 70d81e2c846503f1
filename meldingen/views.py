"""The inbox: own notices only; opening one marks it read and leads to its record, if the
recipient may still see it (else a 404, like any record out of scope)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from meldingen import selectors, services
from meldingen.forms import VoorkeurForm
from meldingen.models import Melding
from netwerk.permissions import get_visible_or_404
from samenvooruit.views import form_page

PER_PAGINA = 25


@login_required
def inbox(request):
    pagina = Paginator(selectors.inbox(request.user), PER_PAGINA).get_page(request.GET.get("page"))
    return render(request, "meldingen/inbox.html", {"pagina": pagina})


@login_required
def open_melding(request, uuid):
    melding = get_visible_or_404(Melding.objects, request.user, uuid=uuid)
    link = selectors.bestemming(request.user, melding)
    if link is None:
        raise Http404
    services.markeer_gelezen(melding=melding, moment=timezone.now())
    return redirect(link)


@login_required
@require_POST
def alles_gelezen(request):
    services.alles_gelezen(user=request.user, moment=timezone.now())
    return redirect("meldingen:inbox")


@login_required
def voorkeur(request):
    """The user's own choice for e-mail about notices (direct, daily digest, none)."""
    form = VoorkeurForm(request.POST or None, instance=selectors.voorkeur_van(request.user))
    return form_page(
        request,
        form,
        "meldingen/voorkeur.html",
        {"email_adres": request.user.email},
        save=lambda form: services.wijzig_voorkeur(
            user=request.user, email=form.cleaned_data["email"], taal=form.cleaned_data["taal"]
        ),
        message=_("Uw keuze voor e-mail is opgeslagen."),
        success_url="meldingen:inbox",
    )
