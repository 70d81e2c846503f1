"""Pages of paying the creditor and the decision letter (issue 21). The creditor form and the
letters sit on the application's detail page (`detail_context`); payment batches have their own
pages, for the coordinator only (Betaalbatch.visible_to). The committee reaches none of it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netwerk.permissions import get_visible_or_404, role_required
from netwerk.roles import Rol
from netwerk.toegangslog import Actie as LogActie
from netwerk.toegangslog import log_access
from noodfonds import betalingen, brieven
from noodfonds.forms_betalingen import BatchForm, BetaaldForm, CrediteurForm
from noodfonds.models import Aanvraag, Besluitbrief, Betaalbatch
from samenvooruit.views import submit

casework = role_required(Rol.COORDINATOR, Rol.ORGCOORDINATOR, Rol.VERTROUWENSPERSOON)
coordinator = role_required(Rol.COORDINATOR)


def detail_context(request, aanvraag: Aanvraag, bound: dict) -> dict:
    """What the application's detail page shows of its creditor and letters."""
    crediteur = brieven._crediteur(aanvraag)
    bewerkbaar = (
        betalingen.mag_crediteur_vastleggen(request.user, aanvraag)
        and aanvraag.status in betalingen.CREDITEUR_STATUSSEN
        and not (crediteur and crediteur.batch_id and crediteur.batch.is_bevroren)
    )
    initial = (
        {"naam": crediteur.naam, "iban": crediteur.iban, "kenmerk": crediteur.kenmerk}
        if crediteur
        else None
    )
    form = bound.get("crediteur") or (CrediteurForm(initial=initial) if bewerkbaar else None)
    return {
        "crediteur": crediteur,
        "crediteur_form": form,
        "brieven": aanvraag.brieven.all(),
        "brief_maken": aanvraag.status in brieven.BESLOTEN
        and brieven.mag_brief_maken(request.user, aanvraag),
    }


def _aanvraag(request, uuid):
    return get_visible_or_404(
        Aanvraag.objects.select_related("organisatie", "vertrouwenspersoon", "huishouden"),
        request.user,
        uuid=uuid,
    )


@casework
@require_POST
def crediteur_opslaan(request, uuid):
    from noodfonds.views import _detail  # the detail page shows a refused form

    aanvraag = _aanvraag(request, uuid)
    form = CrediteurForm(request.POST)
    done, _result = submit(
        request,
        form,
        save=lambda form: betalingen.set_crediteur(
            aanvraag=aanvraag, door=request.user, **form.cleaned_data
        ),
        message=_("De crediteur is vastgelegd."),
    )
    if done:
        return redirect(aanvraag)
    return _detail(request, aanvraag, bound={"crediteur": form})


@casework
@require_POST
def besluitbrief_maken(request, uuid):
    aanvraag = _aanvraag(request, uuid)
    try:
        brieven.make_besluitbrief(aanvraag=aanvraag, door=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De besluitbrief is gemaakt. Download hem en geef hem af."))
    return redirect(aanvraag)


@login_required
def besluitbrief_download(request, uuid):
    """The letter, for whoever may see its application in casework (the committee may not:
    the letter names the creditor and the account)."""
    brief = get_object_or_404(
        Besluitbrief.objects.filter(
            aanvraag__in=Aanvraag.objects.visible_to(request.user)
        ).select_related("aanvraag"),
        uuid=uuid,
    )
    log_access(request, LogActie.GEDOWNLOAD, brief, label=brief.aanvraag.referentie)
    response = FileResponse(
        brief.bestand.open("rb"),
        as_attachment=True,
        filename=brief.bestandsnaam,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- payment batches (coordinator) -------------------------------------------------------------


@coordinator
def batch_list(request, form=None):
    context = {
        "batches": Betaalbatch.objects.visible_to(request.user),
        "form": form or BatchForm(),
        "te_betalen": betalingen.te_betalen().exists(),
    }
    return render(request, "noodfonds/batch_list.html", context)


@coordinator
@require_POST
def batch_create(request):
    form = BatchForm(request.POST)
    done, batch = submit(
        request,
        form,
        save=lambda form: betalingen.create_batch(door=request.user, **form.cleaned_data),
        message=lambda batch: _("Batch %(batch)s is gemaakt.") % {"batch": batch},
    )
    if done:
        return redirect(batch)
    return batch_list(request, form=form)


def _batch(request, uuid):
    return get_visible_or_404(Betaalbatch.objects.all(), request.user, uuid=uuid)


@coordinator
def batch_detail(request, uuid, betaald_form=None):
    batch = _batch(request, uuid)
    log_access(request, LogActie.BEKEKEN, batch, label=str(batch))
    rijen = betalingen.betalingen_van(batch)
    context = {
        "batch": batch,
        "rijen": rijen,
        "totaal": sum(c.aanvraag.toegekend_bedrag or 0 for c in rijen),
        "betaald_form": betaald_form or BetaaldForm(),
    }
    return render(request, "noodfonds/batch_detail.html", context)


@coordinator
@require_POST
def batch_download(request, uuid):
    batch = _batch(request, uuid)
    try:
        bestand, eerder = betalingen.download_batch(batch=batch, door=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(batch)
    log_access(request, LogActie.GEDOWNLOAD, batch, label=f"SEPA {batch}")
    if eerder:
        messages.warning(
            request,
            _(
                "Let op: dit bestand is al eerder gedownload. Geef het niet nog een keer aan de "
                "bank, anders betaalt u twee keer."
            ),
        )
    response = HttpResponse(bestand, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="betaalbatch-{batch}.xml"'
    response["Cache-Control"] = "private, no-store"
    return response


@coordinator
@require_POST
def batch_betaald(request, uuid):
    batch = _batch(request, uuid)
    form = BetaaldForm(request.POST)
    done, _result = submit(
        request,
        form,
        save=lambda form: betalingen.mark_batch_betaald(
            batch=batch, door=request.user, datum=form.cleaned_data["datum"]
        ),
        message=_("De batch is als betaald vastgelegd; de betalingen staan in het kasboek."),
    )
    if done:
        return redirect(batch)
    return batch_detail(request, uuid, betaald_form=form)


@coordinator
@require_POST
def batch_delete(request, uuid):
    batch = _batch(request, uuid)
    try:
        betalingen.delete_batch(batch=batch, door=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(batch)
    messages.success(request, _("De batch is verwijderd."))
    return redirect("noodfonds:batch_list")


@coordinator
@require_POST
def batch_uit(request, uuid, aanvraag):
    batch = _batch(request, uuid)
    aanvraag = get_object_or_404(
        Aanvraag.objects.visible_to(request.user), uuid=aanvraag, crediteur__batch=batch
    )
    try:
        betalingen.remove_from_batch(batch=batch, aanvraag=aanvraag, door=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De aanvraag is uit de batch gehaald."))
    return redirect(batch)
