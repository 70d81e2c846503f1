"""`python manage.py exporteer FILE`: the whole registration as a registration workbook."""

from pathlib import Path

from django.core.management.base import BaseCommand

from registratie.workbook import log_export, write_registratie
from registratie.workbook.measure import measured

MAIN = ("pilots", "hulpvragen", "aanvragen")  # the three sheets every workbook has


class Command(BaseCommand):
    help = "Exporteert de hele registratie als registratiewerkmap (.xlsx), in het importformaat."

    def add_arguments(self, parser):
        parser.add_argument("bestand", help="Pad van de werkmap die wordt geschreven (.xlsx).")
        parser.add_argument(
            "--meting", action="store_true", help="Toon duur en piekgeheugen (voor docs/IMPORT.md)."
        )

    def handle(self, *args, **options):
        with measured(self.stdout if options["meting"] else None):
            self._handle(options)

    def _handle(self, options):
        path = Path(options["bestand"])
        counts = write_registratie(path)
        log_export(door=None, bestandsnaam=path.name, counts=counts, via="commando")
        self.stdout.write(
            f"Geëxporteerd naar {path}: {counts['pilots']} pilots, {counts['hulpvragen']} "
            f"hulpvragen, {counts['aanvragen']} aanvragen."
        )
        more = ", ".join(f"{n} {key}" for key, n in counts.items() if key not in MAIN)
        if more:
            self.stdout.write(f"Verder: {more}.")
