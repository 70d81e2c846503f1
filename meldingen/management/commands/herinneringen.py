"""`manage.py herinneringen [--dry-run]`: the daily run of reminders (also a periodic job,
settings.PERIODIEKE_TAKEN). Prints per user the notices it makes and the e-mail it sends (the
digest is enqueued for the worker; "direct" ones go when the notices are stored), or with
--dry-run would make and send: then nothing is stored, enqueued or sent."""

from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

from meldingen.models import EmailKeuze
from meldingen.services import dagelijkse_run

# Operator output stays Dutch (README, Languages).
KEUZE_TEKST = {EmailKeuze.DIRECT: "direct", EmailKeuze.DAGELIJKS: "dagelijks overzicht"}


class Command(BaseCommand):
    help = "Maakt de herinneringen van vandaag (meldingen in de inbox) en verstuurt de e-mails."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Toon wat er verstuurd zou worden."
        )

    def handle(self, *args, dry_run=False, **options):
        verslag = dagelijkse_run(vandaag=timezone.localdate(), dry_run=dry_run)
        per_user = defaultdict(list)
        for melding in verslag.meldingen:
            per_user[melding.ontvanger_id].append(melding)
        users = set(per_user) | set(verslag.emails)
        namen = dict(get_user_model().objects.filter(pk__in=users).values_list("pk", "username"))
        for user_id in sorted(users, key=lambda pk: namen.get(pk, "")):
            self.stdout.write(f"{namen.get(user_id, user_id)}: {len(per_user[user_id])}")
            for melding in per_user[user_id]:
                self.stdout.write(f"  - {melding.tekst}")
            if user_id in verslag.emails:
                keuze, aantal = verslag.emails[user_id]
                woord = "melding" if aantal == 1 else "meldingen"
                self.stdout.write(f"  e-mail ({KEUZE_TEKST[keuze]}): {aantal} {woord}")
        werkwoord = "zou maken" if dry_run else "gemaakt"
        self.stdout.write(
            f"{len(verslag.meldingen)} meldingen {werkwoord} voor {len(per_user)} gebruikers"
        )
        status = "niet verstuurd (dry-run)" if dry_run else "in de wachtrij van de worker"
        self.stdout.write(f"e-mail aan {len(verslag.emails)} gebruikers, {status}")
        werkwoord = "zou verwijderen" if dry_run else "verwijderd"
        self.stdout.write(
            f"{verslag.opgeruimd} oude meldingen {werkwoord} "
            f"(ouder dan {settings.MELDINGEN_BEWAAR_DAGEN} dagen)"
        )
