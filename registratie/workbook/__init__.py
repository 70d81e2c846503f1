"""The registration workbook (DOMAIN.md, "Moving data in and out"): template, import, export.

- `read_plan(file)`: check a workbook completely, store nothing (the web page's preview).
- `import_workbook(file, door=..., bestandsnaam=...)`: check, then store all of it or nothing.
- `write_registratie(target, template=False)`: the empty template or the export.
"""

from registratie.workbook.exporter import build_workbook, log_export, write_registratie
from registratie.workbook.importer import Resultaat, import_workbook
from registratie.workbook.parse import Probleem
from registratie.workbook.reader import Plan, WorkbookError, read_plan
from registratie.workbook.summary import summary_lines

__all__ = [
    "Plan",
    "Probleem",
    "Resultaat",
    "WorkbookError",
    "build_workbook",
    "import_workbook",
    "log_export",
    "read_plan",
    "summary_lines",
    "write_registratie",
]
