"""The two casework lists (help requests, households) as the page shows them: scoped through
`visible_to`, filtered, sorted. The page, its download and the download as a background job (in
the worker, for the same user) all build the rows here."""

from django_tables2 import RequestConfig

from hulpvragen import selectors
from hulpvragen.filters import HuishoudenFilter, HulpvraagFilter
from hulpvragen.tables import HuishoudenTable, HulpvraagTable

PER_PAGE = 25

LISTS = {
    "hulpvraag": (selectors.hulpvraag_list, HulpvraagFilter, HulpvraagTable),
    "huishouden": (selectors.huishouden_list, HuishoudenFilter, HuishoudenTable),
}


def filtered_table(request, kind, *, paginate):
    """(filterset, table) of the list `kind` for `request`'s user and query."""
    selector, filter_class, table_class = LISTS[kind]
    queryset = selector(request.user)
    filterset = filter_class(request.GET or None, queryset=queryset, request=request)
    rows = filterset.qs if not filterset.is_bound or filterset.is_valid() else queryset.none()
    table = table_class(rows)
    RequestConfig(request, paginate={"per_page": PER_PAGE} if paginate else False).configure(table)
    return filterset, table
