"""Privacy pages of a household: consent (casework roles that may see the household), and for
coordinators only the right-of-access download and the anonymisation (other roles get 404,
anonymous users the login page)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hulpvragen import services as hulpvragen_services
from hulpvragen.forms import ToestemmingForm
from hulpvragen.models import Huishouden
from netwerk.models import Vertrouwenspersoon
from netwerk.permissions import get_visible_or_404, role_required
from netwerk.roles import Rol
from netwerk.toegangslog import Actie, log_access
from opleiding.models import Deelname
from privacy import inzage, services
from samenvooruit.views import form_page
from taken.views import als_taak

casework = role_required(Rol.COORDINATOR, Rol.ORGCOORDINATOR, Rol.VERTROUWENSPERSOON)
coordinator = role_required(Rol.COORDINATOR)


def _huishouden(request, referentie):
    return get_visible_or_404(Huishouden.objects.all(), request.user, referentie=referentie)


# --- consent -------------------------------------------------------------------------------------


@casework
def toestemming_create(request, referentie):
    huishouden = _huishouden(request, referentie)
    form = ToestemmingForm(request.POST or None, user=request.user)
    return form_page(
        request,
        form,
        "hulpvragen/form.html",
        {"huishouden": huishouden, "titel": _("Toestemming vastleggen")},
        save=lambda f: hulpvragen_services.record_toestemming(
            huishouden=huishouden, door=request.user, **f.cleaned_data
        ),
        message=_("Toestemming vastgelegd."),
        success_url=huishouden,
    )


@casework
@require_POST
def toestemming_intrekken(request, referentie, pk):
    huishouden = _huishouden(request, referentie)
    toestemming = get_object_or_404(huishouden.toestemmingen, pk=pk)
    try:
        hulpvragen_services.withdraw_toestemming(toestemming=toestemming, door=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De intrekking van de toestemming is vastgelegd."))
    return redirect(huishouden)


# --- right of access -----------------------------------------------------------------------------


@coordinator
def inzage_vertrouwenspersoon(request, uuid):
    """The right-of-access file of a trusted person (their onboarding, claims and allowances):
    small, so at once."""
    persoon = get_visible_or_404(Vertrouwenspersoon.objects.all(), request.user, uuid=uuid)
    log_access(request, Actie.GEDOWNLOAD, persoon, label="inzage")
    return inzage.VertrouwenspersoonInzageExport(persoon).response()


@coordinator
def inzage_deelname(request, uuid):
    """The right-of-access file of a candidate of the training (not a trusted person yet: a
    trusted person's enrolments are in their own file). Small, so at once."""
    deelname = get_visible_or_404(
        Deelname.objects.filter(vertrouwenspersoon__isnull=True), request.user, uuid=uuid
    )
    log_access(request, Actie.GEDOWNLOAD, deelname, label="inzage")
    return inzage.DeelnameInzageExport(deelname).response()


@coordinator
def inzage_xlsx(request, referentie):
    huishouden = _huishouden(request, referentie)
    return als_taak(
        request,
        functie=inzage.inzage_als_taak,
        parameters={"gebruiker_id": request.user.pk, "referentie": huishouden.referentie},
        titel=_("Inzage %(ref)s") % {"ref": huishouden.referentie},
        obj=huishouden,
        label="inzage",
    )


# --- anonymisation -------------------------------------------------------------------------------


class AnonimiserenForm(forms.Form):
    """The second confirmation: tick that it cannot be undone and type the reference."""

    begrepen = forms.BooleanField(
        label=gettext_lazy("Ik begrijp dat dit niet ongedaan kan worden gemaakt."),
        error_messages={"required": gettext_lazy("Bevestig dat u dit begrijpt.")},
    )
    referentie = forms.CharField(label=gettext_lazy("Typ de referentie van het huishouden"))

    def __init__(self, *args, huishouden, **kwargs):
        super().__init__(*args, **kwargs)
        self.huishouden = huishouden
        self.fields["referentie"].help_text = gettext_lazy("Ter controle: %(ref)s") % {
            "ref": huishouden.referentie
        }

    def clean_referentie(self):
        value = self.cleaned_data["referentie"].strip()
        if value.upper() != self.huishouden.referentie.upper():
            raise ValidationError(_("Dit is niet de referentie van dit huishouden."))
        return value


@coordinator
def anonimiseren(request, referentie):
    huishouden = _huishouden(request, referentie)
    form = AnonimiserenForm(request.POST or None, huishouden=huishouden)
    context = {
        "huishouden": huishouden,
        "n_personen": huishouden.personen.count(),
        "n_hulpvragen": huishouden.hulpvragen.count(),
        "n_aanvragen": huishouden.aanvragen.count(),
    }
    return form_page(
        request,
        form,
        "privacy/anonimiseren.html",
        context,
        save=lambda f: services.anonymise_huishouden(
            huishouden=huishouden, door=request.user, request=request
        ),
        message=_("Huishouden %(ref)s is geanonimiseerd.") % {"ref": huishouden.referentie},
        success_url=huishouden,
    )
