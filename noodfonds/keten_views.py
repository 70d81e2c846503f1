"""Pages of issue 21 on an application's detail page: the papers checklist (the applicant's
side and the coordinator), and for the coordinator a grant made a loan, its repayments and its
remission. POST only; each redirects to the application, or shows the detail page again with
the refused form's message."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netwerk.roles import is_coordinator
from noodfonds import leningen, selectors
from noodfonds.checklist import OPEN, checklist_regels, zet_checklist
from noodfonds.keten_forms import AflossingForm, ChecklistForm, KwijtscheldingForm, LeningForm
from noodfonds.models import Lening
from noodfonds.services import AANVRAGER, COORDINATOR, euro, rollen_bij
from samenvooruit.views import submit


def keten_context(request, aanvraag, bound: dict) -> dict:
    """What the detail page shows of the checklist and the loan, with the forms the user may
    use now (`bound`: a refused form, shown again with its message)."""
    user = request.user
    mag_checklist = aanvraag.status in OPEN and rollen_bij(user, aanvraag) & {
        AANVRAGER,
        COORDINATOR,
    }
    context = {
        "checklist": checklist_regels(aanvraag),
        "checklist_form": bound.get("checklist")
        or (ChecklistForm(aanvraag=aanvraag) if mag_checklist else None),
        "lening": None,
    }
    lening = Lening.objects.filter(aanvraag=aanvraag).first()
    coordinator = is_coordinator(user)
    if lening is not None:
        stand = selectors.leningen_met_stand(
            timezone.localdate(), Lening.objects.filter(pk=lening.pk)
        )[0]
        context["lening"] = {
            **stand,
            "schema": leningen.aflossingsschema(
                lening.bedrag, lening.per_maand, lening.eerste_maand
            ),
            "aflossingen": lening.aflossingen.all(),
        }
        if coordinator and lening.kwijtgescholden_op is None and stand["openstaand"] > 0:
            context["aflossing_form"] = bound.get("aflossing") or AflossingForm()
            context["kwijtschelding_form"] = bound.get("kwijtschelding") or KwijtscheldingForm()
    elif coordinator and aanvraag.status in leningen.TOEGEKEND:
        context["lening_form"] = bound.get("lening") or LeningForm()
    return context


def _terug(request, aanvraag, naam, form):
    from noodfonds.views import _detail

    return _detail(request, aanvraag, bound={naam: form}, status=400)


def _aanvraag(request, uuid):
    from noodfonds.views import _aanvraag as aanvraag_of

    return aanvraag_of(request, uuid)


def checklist(request, uuid):
    aanvraag = _aanvraag(request, uuid)
    form = ChecklistForm(request.POST, aanvraag=aanvraag)
    done, _result = submit(
        request,
        form,
        save=lambda form: zet_checklist(
            aanvraag=aanvraag, door=request.user, statussen=form.statussen()
        ),
        message=_("De checklist is bijgewerkt."),
    )
    return redirect(aanvraag) if done else _terug(request, aanvraag, "checklist", form)


def lening(request, uuid):
    aanvraag = _aanvraag(request, uuid)
    form = LeningForm(request.POST)
    done, _result = submit(
        request,
        form,
        save=lambda form: leningen.maak_lening(
            aanvraag=aanvraag, door=request.user, **form.cleaned_data
        ),
        message=_("De toekenning is nu een renteloze lening."),
    )
    return redirect(aanvraag) if done else _terug(request, aanvraag, "lening", form)


def _lening_van(request, aanvraag):
    """The application's loan; None (with a message) for a gift."""
    lening = Lening.objects.filter(aanvraag=aanvraag).first()
    if lening is None:
        messages.error(request, _("Deze toekenning is een gift, geen lening."))
    return lening


def aflossing(request, uuid):
    aanvraag = _aanvraag(request, uuid)
    lening = _lening_van(request, aanvraag)
    if lening is None:
        return redirect(aanvraag)
    form = AflossingForm(request.POST)
    done, _result = submit(
        request,
        form,
        save=lambda form: leningen.boek_aflossing(
            lening=lening, door=request.user, **form.cleaned_data
        ),
        message=lambda a: _("Aflossing van %(bedrag)s geboekt.") % {"bedrag": euro(a.bedrag)},
    )
    return redirect(aanvraag) if done else _terug(request, aanvraag, "aflossing", form)


def kwijtschelden(request, uuid):
    aanvraag = _aanvraag(request, uuid)
    lening = _lening_van(request, aanvraag)
    if lening is None:
        return redirect(aanvraag)
    form = KwijtscheldingForm(request.POST)
    done, _result = submit(
        request,
        form,
        save=lambda form: leningen.scheld_kwijt(
            lening=lening, door=request.user, reden=form.cleaned_data["reden"]
        ),
        message=_("De lening is kwijtgescholden."),
    )
    if done:
        messages.info(request, _("Wat al was afgelost blijft geboekt."))
    return redirect(aanvraag) if done else _terug(request, aanvraag, "kwijtschelding", form)


checklist = require_POST(checklist)
lening = require_POST(lening)
aflossing = require_POST(aflossing)
kwijtschelden = require_POST(kwijtschelden)
