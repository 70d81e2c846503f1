"""The base of every list table in the product."""

import django_tables2 as tables
from django_tables2.data import TableQuerysetData


class Table(tables.Table):
    """A django-tables2 table whose rows keep one order when the sorted column ties.

    Sorting replaces the queryset's ordering; without a tie-breaker, rows with the same date
    or name come back in any order the database likes, so page 2 could repeat a row of page 1
    and a download could list the rows differently from the page. The primary key settles it.
    """

    @property
    def order_by(self):
        return tables.Table.order_by.fget(self)

    @order_by.setter
    def order_by(self, value):
        tables.Table.order_by.fset(self, value)
        data = self.data
        if isinstance(data, TableQuerysetData) and data.data.query.order_by:
            data.data = data.data.order_by(*data.data.query.order_by, "pk")
