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

    def workbook(self) -> Workbook:
        """The write-only workbook with every list written (all rows read)."""
        wb = new_workbook()
        for exporter in self.lists():
            exporter.write_to(wb)
        return wb

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

    def write_to(self, wb: Workbook):
        """Append this list to `wb` as its next sheet."""
        return write_sheet(wb, str(self.title), self.get_columns(), self.rows(), self.widths)
