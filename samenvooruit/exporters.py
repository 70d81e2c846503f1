"""List downloads, one class per download (after pretix's list exporters). A list declares its
sheet (`title`), its columns (the header labels) and yields its rows; the base writes them
through samenvooruit.xlsx (a bold header, the formula guard on every text cell, a write-only
workbook, so memory stays the same however many rows) and returns the download. A download of
several lists (`Exporter.lists`) writes them one sheet each.

    class UserExport(ListExporter):
        title = gettext_lazy("Users")
        columns = (gettext_lazy("Username"), gettext_lazy("Joined"))

        def filename(self):
            return "users.xlsx"

        def rows(self):
            return User.objects.values_list("username", "date_joined").iterator()

    return UserExport().response()
"""

from collections.abc import Iterable, Sequence

from django.http import FileResponse
from openpyxl import Workbook

from samenvooruit.xlsx import new_workbook, write_sheet, xlsx_response


class Exporter:
    """A download: its file name and the lists it holds, written one sheet each, in order."""

    def filename(self) -> str:
        raise NotImplementedError

    def lists(self) -> Iterable["ListExporter"]:
        raise NotImplementedError

    def size(self, limit: int) -> int | None:
        """How many rows the download holds, counted up to `limit + 1` (enough to tell a small
        download from a large one), or None when unknown (then it is taken as small)."""
        return None

    def total(self) -> int | None:
        """All rows, for a progress bar; None when unknown."""
        return None

    def workbook(self, progress=None) -> Workbook:
        """The write-only workbook with every list written (all rows read). `progress(done)` is
        called as rows are written (a background job's progress bar)."""
        wb = new_workbook()
        done = 0
        for exporter in self.lists():
            if progress is None:
                exporter.write_to(wb)
                continue
            rows = _counted(exporter.rows(), progress, start=done)
            exporter.write_to(wb, rows)
            done += rows.count
        return wb

    def save(self, file, progress=None) -> None:
        """Write the workbook into `file` (a job's file: no response)."""
        self.workbook(progress).save(file)

    def response(self) -> FileResponse:
        """The download. Every row is read before it returns: a log entry written after this
        call is not in the file."""
        return xlsx_response(self.workbook(), self.filename())


class ListExporter(Exporter):
    """One list on one sheet: `title`, `columns` (lazy translations are fine; override
    `get_columns` when they depend on the data), `widths` in characters from the first column
    (none: Excel's default) and `rows()`, sequences of values in the columns' order. Rows are
    written as they come: a generator is never held in memory."""

    title = ""
    columns: Sequence = ()
    widths: Sequence[int] = ()

    def get_columns(self) -> Sequence:
        return self.columns

    def rows(self) -> Iterable[Sequence]:
        raise NotImplementedError

    def lists(self) -> Iterable["ListExporter"]:
        return [self]

    def write_to(self, wb: Workbook, rows: Iterable[Sequence] | None = None):
        """Append this list (or the given `rows` of it) to `wb` as its next sheet."""
        rows = self.rows() if rows is None else rows
        return write_sheet(wb, str(self.title), self.get_columns(), rows, self.widths)


class QuerysetList(ListExporter):
    """A list of the rows of `self.queryset`, which it can count (to tell a small download from
    a large one, and for a progress bar)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def size(self, limit):
        return self.queryset.order_by().values("pk")[: limit + 1].count()

    def total(self):
        return self.queryset.order_by().count()


class Sheet(ListExporter):
    """A list whose title, columns and rows are at hand (a download of several small lists
    builds its sheets so)."""

    def __init__(self, title, columns, rows, widths=()):
        self.title, self.columns, self._rows, self.widths = title, columns, rows, widths

    def rows(self):
        return self._rows


class _counted:
    """Rows passed through as they come, calling `progress(rows so far)` every STEP rows."""

    STEP = 500

    def __init__(self, rows, progress, *, start=0):
        self.rows, self.progress, self.start, self.count = rows, progress, start, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            if self.count % self.STEP == 0:
                self.progress(self.start + self.count)
            yield row
        self.progress(self.start + self.count)
