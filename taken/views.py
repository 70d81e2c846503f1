"""The user's own jobs: the "Bezig met ..." page with its progress bar, its status as JSON for
that bar, the file, "Opnieuw proberen" and "Mijn downloads". Only the user who started a job
reaches any of these (`Taak.objects.visible_to`); every file fetched is in the access log."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netwerk.permissions import get_visible_or_404
from netwerk.toegangslog import Actie as LogActie
from netwerk.toegangslog import log_access
from taken import services
from taken.models import Taak, TaakStatus
from taken.selectors import resterend, taken_van


def download_of_taak(request, exporter, *, functie, parameters: dict, titel: str, label=None):
    """A list download as it should be: at most TAKEN_DIRECT_MAX_RIJEN rows come at once (and
    are logged here, after the file is written: a download of the access log does not hold its
    own entry); a larger one becomes a job of this user (its file logged when fetched) and the
    user lands on its progress page."""
    if (exporter.size(settings.TAKEN_DIRECT_MAX_RIJEN) or 0) <= settings.TAKEN_DIRECT_MAX_RIJEN:
        response = exporter.response()
        log_access(request, LogActie.GEDOWNLOAD, label=label or exporter.filename())
        return response
    taak = services.start_taak(
        eigenaar=request.user, functie=functie, titel=titel, parameters=parameters
    )
    return redirect("taken:detail", uuid=taak.uuid)


def als_taak(request, *, functie, parameters: dict, titel: str, obj=None, label=None):
    """A file that is always made in the background (one household's right-of-access file, the
    report's workbook): the request is logged now, naming the record it is about (the job's
    file is logged again when fetched), and the user lands on the job's progress page."""
    log_access(request, LogActie.GEDOWNLOAD, obj, label=label)
    taak = services.start_taak(
        eigenaar=request.user, functie=functie, titel=titel, parameters=parameters
    )
    return redirect("taken:detail", uuid=taak.uuid)


@login_required
def mijn_downloads(request):
    return render(request, "taken/mijn.html", {"taken": taken_van(request.user)})


@login_required
def taak_detail(request, uuid):
    taak = get_visible_or_404(Taak.objects, request.user, uuid=uuid)
    context = {
        "taak": taak,
        "resterend": resterend(taak),
        "herhaalbaar": services.herhaalbaar(taak),
    }
    return render(request, "taken/taak_detail.html", context)


@login_required
def taak_status(request, uuid):
    taak = get_visible_or_404(Taak.objects, request.user, uuid=uuid)
    seconden = resterend(taak)
    return JsonResponse(
        {
            "status": taak.status,
            "status_label": taak.get_status_display(),
            "gedaan": taak.gedaan,
            "totaal": taak.totaal,
            "procent": taak.procent,
            "resterend_s": None if seconden is None else round(seconden),
            "melding": taak.melding,
            "bestand": reverse("taken:download", args=[taak.uuid])
            if taak.status == TaakStatus.KLAAR and taak.bestand
            else None,
        }
    )


@login_required
def taak_bestand(request, uuid):
    taak = get_visible_or_404(Taak.objects, request.user, uuid=uuid)
    if taak.status != TaakStatus.KLAAR or not taak.bestand or taak.verloopt_op < timezone.now():
        raise Http404
    log_access(request, LogActie.GEDOWNLOAD, taak, label=taak.bestandsnaam)
    return FileResponse(taak.bestand.open("rb"), as_attachment=True, filename=taak.bestandsnaam)


@login_required
@require_POST
def taak_opnieuw(request, uuid):
    taak = get_visible_or_404(Taak.objects, request.user, uuid=uuid)
    try:
        nieuw = services.start_opnieuw(taak=taak)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
        return redirect("taken:detail", uuid=taak.uuid)
    messages.success(request, _("De taak is opnieuw gestart."))
    return redirect("taken:detail", uuid=nieuw.uuid)
