from django.core.management.base import BaseCommand

from taken.periodiek import plan_periodieke_taken


class Command(BaseCommand):
    help = "Zet de periodieke taken die aan de beurt zijn in de wachtrij (cron, elke 5 minuten)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="laat zien, verander niets")

    def handle(self, *args, dry_run=False, **options):
        for naam, periode, gepland in plan_periodieke_taken(dry_run=dry_run):
            if dry_run:
                wat = "zou worden ingepland" if gepland else "al ingepland"
                self.stdout.write(f"{naam} ({periode}): {wat}")
            elif gepland:
                self.stdout.write(f"{naam} ({periode}): ingepland")
            else:
                self.stdout.write(f"{naam} ({periode}): al ingepland")
