"""A page in two steps, for lists whose order is computed over many rows."""

from django.db.models import QuerySet
from django.db.models.query import ModelIterable


class PagedInTwoSteps(QuerySet):
    """`in_two_steps()` makes a slice (a page) two queries: first the keys of the rows on the page
    (filter and order only, without the joins of select_related), then those rows in full. When
    the order is computed (flags, silence) the database must compute it for every candidate row
    before it knows the page; in one query it also joins every candidate to households and persons
    first. Two steps join only the page's rows (docs/PERFORMANCE.md, the coordinator's overview)."""

    _in_two_steps = False

    def in_two_steps(self):
        clone = self._chain()
        clone._in_two_steps = True
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._in_two_steps = self._in_two_steps
        return clone

    def __getitem__(self, k):
        if not (
            self._in_two_steps
            and isinstance(k, slice)
            and self._result_cache is None
            and self._iterable_class is ModelIterable
        ):
            return super().__getitem__(k)
        keys = list(self.values_list("pk", flat=True)[k])
        rows = {row.pk: row for row in self.filter(pk__in=keys).order_by()}
        return [rows[key] for key in keys]
