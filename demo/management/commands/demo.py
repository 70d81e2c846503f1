"""`python manage.py demo`: fill an empty database with a believable network and the demo logins."""

import random
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo import hulpvragen, netwerk, noodfonds, opleiding, seed, vandaag
from netwerk.models import Organisatie

# Each step is a function of ctx; later steps read what earlier ones put in ctx. The seed is the
# past (up to 2021); `vandaag` makes the current period alive, relative to today.
STEPS = [
    netwerk.build,
    seed.build,
    vandaag.pilot,
    hulpvragen.build,
    noodfonds.build,
    opleiding.build,
    vandaag.build,
]


class Command(BaseCommand):
    help = "Vult een lege database met demogegevens en de demo-logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--wachtwoord", help="Wachtwoord voor alle demo-logins (anders willekeurig)."
        )

    def handle(self, *args, **options):
        if get_user_model().objects.exists() or Organisatie.objects.exists():
            raise CommandError(
                "De database bevat al gegevens. 'demo' vult alleen een lege database; "
                "gebruik een nieuwe database (bijvoorbeeld: verwijder db.sqlite3 en migreer opnieuw)."
            )
        password = options["wachtwoord"] or secrets.token_urlsafe(9)
        ctx = {"password": password, "rng": random.Random(2021)}
        with transaction.atomic():
            for step in STEPS:
                step(ctx)
        self.stdout.write(self.style.SUCCESS("Demogegevens aangemaakt."))
        self.stdout.write(f"Wachtwoord voor alle logins: {password}")
        for username, role in ctx["logins"]:
            self.stdout.write(f"  {username:<16} {role}")
        if settings.TWEESTAPS_VERPLICHT:
            self.stdout.write(
                "Tweestapsverificatie is verplicht (TWEESTAPS_VERPLICHT): coördinatoren, "
                "organisatiecoördinatoren en commissieleden stellen die na het inloggen eerst in "
                "met een authenticator-app."
            )
