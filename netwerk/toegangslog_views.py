"""The access log for coordinators: search it, and download what the search found as .xlsx."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from netwerk.filters import ToegangslogFilter
from netwerk.models import Toegangslog
from netwerk.permissions import RoleRequiredMixin, role_required
from netwerk.roles import Rol
from netwerk.tables import ToegangslogTable, object_type_label
from netwerk.toegangslog import Actie, log_access
from netwerk.views import FilteredTableView
from samenvooruit.xlsx import new_workbook, write_sheet, xlsx_response

CHUNK = 2000


class ToegangslogListView(RoleRequiredMixin, FilteredTableView):
    http_method_names = ["get", "head"]  # read only: nothing on these pages changes the log
    roles = (Rol.COORDINATOR,)
    table_class = ToegangslogTable
    filterset_class = ToegangslogFilter
    template_name = "netwerk/toegangslog_list.html"
    queryset = Toegangslog.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.request.GET.urlencode()
        return context


@require_safe
@role_required(Rol.COORDINATOR)
def toegangslog_xlsx(request):
    """The filtered log, newest first, as the page shows it; the download is itself logged."""
    filterset = ToegangslogFilter(request.GET or None, queryset=Toegangslog.objects.all())
    valid = not filterset.is_bound or filterset.is_valid()
    rows = filterset.qs if valid else Toegangslog.objects.none()
    naam = f"toegangslog-{timezone.localdate():%Y-%m-%d}.xlsx"
    wb = new_workbook()
    write_sheet(wb, _("Toegangslog"), header(), toegangslog_rows(rows), widths=WIDTHS)
    log_access(request, Actie.GEDOWNLOAD, label=naam)
    return xlsx_response(wb, naam)


WIDTHS = [20, 18, 14, 14, 16, 40, 40, 24, 10, 30]


def header():
    return [
        _("Tijdstip"),
        _("Gebruiker"),
        _("Actie"),
        _("Resultaat"),
        _("Gegeven"),
        _("Referentie"),
        _("Pagina"),
        _("Adres"),
        _("Id"),
        _("Omschrijving"),
    ]


def toegangslog_rows(queryset):
    types = {}
    for e in queryset.order_by("-tijdstip", "-pk").iterator(chunk_size=CHUNK):
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
