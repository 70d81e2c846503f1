"""The base of every list table in the product."""

import django_tables2 as tables
from django.utils.functional import cached_property
from django_tables2.data import TableQuerysetData
from django_tables2.paginators import LazyPaginator

COUNT_CAP = 10_000


class Paginator(LazyPaginator):
    """Pages without counting every row (a COUNT(*) over a million help requests on every page
    view): a page fetches its rows plus one to know whether a next page exists. `count`, for the
    "1.234 hulpvragen" line, counts at most COUNT_CAP + 1 rows; `capped` says it stopped there
    (the page then says "meer dan 10.000")."""

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


class Table(tables.Table):
    """A django-tables2 table whose rows keep one order when the sorted column ties.

    Sorting replaces the queryset's ordering; without a tie-breaker, rows with the same date
    or name come back in any order the database likes, so page 2 could repeat a row of page 1
    and a download could list the rows differently from the page. The primary key settles it.
    """

    def paginate(self, paginator_class=Paginator, *args, **kwargs):
        return super().paginate(paginator_class, *args, **kwargs)

    @property
    def order_by(self):
        return tables.Table.order_by.fget(self)

    @order_by.setter
    def order_by(self, value):
        tables.Table.order_by.fset(self, value)
        data = self.data
        if isinstance(data, TableQuerysetData) and data.data.query.order_by:
            data.data = data.data.order_by(*data.data.query.order_by, "pk")
