"""The access log for coordinators: search it, and download what the search found as .xlsx."""

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from netwerk.filters import ToegangslogFilter
from netwerk.models import Toegangslog
from netwerk.permissions import RoleRequiredMixin, role_required
from netwerk.roles import Rol
from netwerk.tables import ToegangslogTable, object_type_label
from netwerk.views import FilteredTableView
from samenvooruit.exporters import QuerysetList
from taken.services import Uitkomst, achtergrondtaak, export_uitkomst
from taken.views import download_of_taak

CHUNK = 2000


class ToegangslogListView(RoleRequiredMixin, FilteredTableView):
    http_method_names = ["get", "head"]  # read only: nothing on these pages changes the log
    roles = (Rol.COORDINATOR,)
    table_class = ToegangslogTable
    filterset_class = ToegangslogFilter
    template_name = "privacy/toegangslog_list.html"
    queryset = Toegangslog.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.request.GET.urlencode()
        return context


def _gefilterd(query: QueryDict):
    filterset = ToegangslogFilter(query or None, queryset=Toegangslog.objects.all())
    valid = not filterset.is_bound or filterset.is_valid()
    return ToegangslogExport(filterset.qs if valid else Toegangslog.objects.none())


@require_safe
@role_required(Rol.COORDINATOR)
def toegangslog_xlsx(request):
    """The filtered log, newest first, as the page shows it; the download is itself logged (after
    the file is written, so not in it). A large one is a background job."""
    return download_of_taak(
        request,
        _gefilterd(request.GET),
        functie=toegangslog_als_taak,
        parameters={"query": request.GET.urlencode()},
        titel=str(ToegangslogExport.title),
    )


@achtergrondtaak
def toegangslog_als_taak(*, voortgang, query: str) -> Uitkomst:
    return export_uitkomst(_gefilterd(QueryDict(query)), voortgang)


class ToegangslogExport(QuerysetList):
    title = gettext_lazy("Toegangslog")
    columns = (
        gettext_lazy("Tijdstip"),
        gettext_lazy("Gebruiker"),
        gettext_lazy("Actie"),
        gettext_lazy("Resultaat"),
        gettext_lazy("Gegeven"),
        gettext_lazy("Referentie"),
        gettext_lazy("Pagina"),
        gettext_lazy("Adres"),
        gettext_lazy("Id"),
        gettext_lazy("Omschrijving"),
    )
    widths = (20, 18, 14, 14, 16, 40, 40, 24, 10, 30)

    def filename(self):
        return f"toegangslog-{timezone.localdate():%Y-%m-%d}.xlsx"

    def rows(self):
        types = {}
        for e in self.queryset.order_by("-tijdstip", "-pk").iterator(chunk_size=CHUNK):
            if e.object_type not in types:
                types[e.object_type] = object_type_label(e.object_type) if e.object_type else ""
            yield [
                timezone.localtime(e.tijdstip),
                e.gebruikersnaam,
                e.get_actie_display(),
                e.get_resultaat_display(),
                types[e.object_type],
                e.object_ref,
                e.view,
                e.pad,
                e.object_id,
                e.omschrijving,
            ]
