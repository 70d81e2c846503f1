"""`python manage.py sjabloon FILE`: the empty registration workbook with drop-downs and Toelichting."""

from pathlib import Path

from django.core.management.base import BaseCommand

from registratie.workbook import write_registratie


class Command(BaseCommand):
    help = "Schrijft het lege sjabloon van de registratiewerkmap (.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("bestand", help="Pad van het sjabloon dat wordt geschreven (.xlsx).")

    def handle(self, *args, **options):
        path = Path(options["bestand"])
        write_registratie(path, template=True)
        self.stdout.write(f"Sjabloon geschreven: {path}")
