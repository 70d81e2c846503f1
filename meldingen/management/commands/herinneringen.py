"""`manage.py herinneringen [--dry-run]`: the daily run of reminders (also a periodic job,
settings.PERIODIEKE_TAKEN). Prints per user what it sends, or with --dry-run would send."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

from meldingen.services import maak_herinneringen


class Command(BaseCommand):
    help = "Maakt de herinneringen van vandaag (meldingen in de inbox)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Toon wat er verstuurd zou worden."
        )

    def handle(self, *args, dry_run=False, **options):
        meldingen = maak_herinneringen(vandaag=timezone.localdate(), dry_run=dry_run)
        per_user = defaultdict(list)
        for melding in meldingen:
            per_user[melding.ontvanger_id].append(melding)
        namen = dict(get_user_model().objects.filter(pk__in=per_user).values_list("pk", "username"))
        for user_id in sorted(per_user, key=lambda pk: namen.get(pk, "")):
            self.stdout.write(f"{namen.get(user_id, user_id)}: {len(per_user[user_id])}")
            for melding in per_user[user_id]:
                self.stdout.write(f"  - {melding.tekst}")
        werkwoord = "zou maken" if dry_run else "gemaakt"
        self.stdout.write(f"{len(meldingen)} meldingen {werkwoord} voor {len(per_user)} gebruikers")
