"""The base of every list table in the product."""

import django_tables2 as tables
from django.conf import settings
from django.core.paginator import EmptyPage
from django.template.base import render_value_in_context
from django.templatetags.l10n import localize, unlocalize
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, strip_tags
from django.utils.safestring import mark_safe
from django_tables2.data import TableQuerysetData
from django_tables2.paginators import LazyPaginator
from django_tables2.utils import signature

# django-tables2's bootstrap5-responsive template, with the rows of the body written by
# `Table.rows_html` instead of a template context per cell.
TEMPLATE = "includes/tabel.html"

COUNT_CAP = 1_000
# Bounds of the page asked for in the address (?page=, ?per_page=): a larger page number is an
# empty page (the list shows its first page), a larger page size the largest.
MAX_PAGINA = 1_000_000
MAX_PER_PAGINA = 100


class Paginator(LazyPaginator):
    """Pages without counting every row (a COUNT(*) over a million help requests on every page
    view): a page fetches its rows plus one to know whether a next page exists. `count`, for the
    "1.234 hulpvragen" line, counts at most COUNT_CAP + 1 rows; `capped` says it stopped there
    (the page then says "meer dan 1.000": counting further costs a pass over what matches).

    The page number comes from the address, so anything can arrive: above MAX_PAGINA it is an
    empty page (django-tables2 then shows the first), so the database is never asked for an
    offset it cannot count to (the page size is kept in bounds by `Table.paginate`)."""

    def validate_number(self, number):
        number = super().validate_number(number)
        if number > MAX_PAGINA:
            raise EmptyPage("page number too large")
        return number

    @cached_property
    def count(self):
        rows = self.object_list  # a table's BoundRows; its data holds the queryset
        data = getattr(getattr(rows, "data", None), "data", rows)
        if hasattr(data, "values"):
            # only the keys: the count must not evaluate the rows' annotations
            return data.order_by().values("pk")[: COUNT_CAP + 1].count()
        return len(data[: COUNT_CAP + 1])

    @property
    def capped(self):
        return self.count > COUNT_CAP

    @property
    def shown_count(self):
        return min(self.count, COUNT_CAP)


class DateColumn(tables.Column):
    """A date as dd-mm-jjjj. django-tables2's DateColumn renders a template for every cell,
    about a tenth of a 25-row list page; this formats the date directly."""

    def render(self, value):
        return value.strftime("%d-%m-%Y")


def _has_callable(value) -> bool:
    if callable(value):
        return True
    if isinstance(value, dict):
        return any(_has_callable(v) for v in value.values())
    return False


class _CellContext:
    """What `render_value_in_context` reads of a template context: `{{ cell }}` in a template."""

    use_tz = None
    use_l10n = None
    autoescape = True


class _ColumnPlan:
    """What a column's cells share within one rendering: the arguments its render method takes
    (django-tables2 inspects the signature again for every cell), its <td> attributes when
    they do not depend on the row, and how the template would print the cell."""

    def __init__(self, table, bound_column):
        self.bound_column = bound_column
        self.render = bound_column.render
        self.args, self.kwargs_name = signature(self.render)
        self.default = bound_column.default
        self.link = bound_column.link
        self.localize = bound_column.localize
        attrs = {**table.attrs, **bound_column.column.attrs}
        self.dynamic_td = _has_callable(attrs.get("td", attrs.get("cell", {})))
        self.td = None if self.dynamic_td else self._td_open()

    def _td_open(self):
        return mark_safe(f"<td {self.bound_column.attrs['td'].as_html()}>")

    def call_render(self, row, value=None):
        """BoundRow._call_render with the signature looked at once per column."""
        kwargs = row._optional_cell_arguments(self.bound_column, value)
        if self.kwargs_name:
            content = self.render(**kwargs)
        elif all(arg in kwargs for arg in self.args):
            content = self.render(**{arg: kwargs[arg] for arg in self.args})
        else:
            content = None
        return self.link(content, **kwargs) if self.link else content

    def td_html(self, row, cell):
        if self.dynamic_td:
            # as BoundRow.items() does, for attributes computed from the record or value
            self.bound_column.current_value = cell
            self.bound_column.current_record = row.record
            opening = self._td_open()
        else:
            opening = self.td
        if self.localize is None:
            text = render_value_in_context(cell, _CellContext)
        elif self.localize:
            text = conditional_escape(localize(cell))
        else:
            text = conditional_escape(unlocalize(cell))
        return f"{opening}{text}</td>"


class Table(tables.Table):
    """A django-tables2 table whose rows keep one order when the sorted column ties.

    Sorting replaces the queryset's ordering; without a tie-breaker, rows with the same date
    or name come back in any order the database likes, so page 2 could repeat a row of page 1
    and a download could list the rows differently from the page. The primary key settles it.

    Its rows are rendered by `rows_html` (the same cells as django-tables2's template, without
    a template context per cell; a 25-row page took about 4 ms per row the generic way).
    """

    def __init__(self, *args, template_name=None, **kwargs):
        super().__init__(*args, template_name=template_name, **kwargs)
        if template_name is None and self._meta.template_name == settings.DJANGO_TABLES2_TEMPLATE:
            self.template_name = TEMPLATE
        self._label_cells()

    def _label_cells(self):
        """Every cell names its column (data-label): on a phone a row reads as a card with the
        column's name before each value (static/css/app.css). The attribute is the same in every
        row, so the cells stay on the fast path of `rows_html`."""
        for bound_column in self.columns.iterall():
            column = bound_column.column
            attrs = {**self.attrs, **column.attrs}
            td = dict(attrs.get("td", attrs.get("cell", {})))
            td["data-label"] = strip_tags(str(bound_column.header or ""))
            column.attrs = {**column.attrs, "td": td}

    def rows_html(self):
        """The <tr> of each row of the current page, as django-tables2's template writes them:
        each cell's value through the column's accessor, render method, link and default."""
        plans = [_ColumnPlan(self, column) for column in self.columns]
        for row in self.paginated_rows:
            cells = []
            for plan in plans:

                def render(_bound_column, value=None, plan=plan, row=row):
                    return plan.call_render(row, value)

                cell = row._get_and_render_with(plan.bound_column, render, plan.default)
                cells.append(plan.td_html(row, cell))
            attrs = row.attrs.as_html()
            yield mark_safe(f"<tr {attrs}>{''.join(cells)}</tr>")

    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        """The page size comes from the address too (?per_page=): kept from 1 to
        MAX_PER_PAGINA, whatever the paginator."""
        if per_page is not None:
            per_page = min(max(int(per_page), 1), MAX_PER_PAGINA)
        return super().paginate(paginator_class, per_page, page, *args, **kwargs)

    @property
    def order_by(self):
        return tables.Table.order_by.fget(self)

    @order_by.setter
    def order_by(self, value):
        tables.Table.order_by.fset(self, value)
        data = self.data
        if isinstance(data, TableQuerysetData) and data.data.query.order_by:
            data.data = data.data.order_by(*data.data.query.order_by, "pk")
