"""Casework's lists and their downloads, the trusted person's phone view, the coordinators'
overview, and the handover when a trusted person stops."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tables2 import RequestConfig

from hulpvragen import exports, selectors, services
from hulpvragen.forms import OverdrachtForm
from hulpvragen.lijsten import PER_PAGE, filtered_table
from hulpvragen.tables import CaseloadTable, GestoptTable, HulpvraagTable
from netwerk.models import Vertrouwenspersoon
from netwerk.permissions import get_visible_or_404, role_required
from netwerk.roles import Rol, vertrouwenspersoon_id_of
from samenvooruit.views import form_page, local_next, telling
from taken.views import download_of_taak

CASEWORK = (Rol.COORDINATOR, Rol.ORGCOORDINATOR, Rol.VERTROUWENSPERSOON)


COORDINATION = (Rol.COORDINATOR, Rol.ORGCOORDINATOR)


casework = role_required(*CASEWORK)


def _safe_next(request, default):
    return local_next(request, default)


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
