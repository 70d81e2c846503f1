"""`python manage.py importeer FILE`: import a registration workbook, all or nothing."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from registratie.workbook import WorkbookError, import_workbook, summary_lines
from registratie.workbook.measure import measured


class Command(BaseCommand):
    help = (
        "Importeert een registratiewerkmap (.xlsx): alles of niets. Bij problemen staan ze allemaal "
        "op stderr, is de exitstatus niet 0 en wordt niets opgeslagen. Nieuwe personen die "
        "mogelijk al geregistreerd zijn staan als waarschuwing op stderr; die houden de import "
        "niet tegen."
    )

    def add_arguments(self, parser):
        parser.add_argument("bestand", help="Pad naar de werkmap (.xlsx).")
        parser.add_argument("--door", help="Gebruikersnaam die in het importlog komt.")
        parser.add_argument(
            "--meting", action="store_true", help="Toon duur en piekgeheugen (voor docs/IMPORT.md)."
        )

    def handle(self, *args, **options):
        with measured(self.stdout if options["meting"] else None):
            self._handle(options)

    def _handle(self, options):
        path = Path(options["bestand"])
        if not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {path}")
        door = self._user(options["door"])
        try:
            with path.open("rb") as fileobj:
                resultaat = import_workbook(
                    fileobj, door=door, bestandsnaam=path.name, via="commando", dubbelen=True
                )
        except WorkbookError as error:
            raise CommandError(str(error)) from None
        plan = resultaat.plan
        self._warnings(plan)
        if not resultaat.opgeslagen:
            for probleem in plan.problemen:
                self.stderr.write(str(probleem))
            n = len(plan.problemen)
            raise CommandError(
                ngettext(
                    "Niets geïmporteerd: %(n)s probleem gevonden.",
                    "Niets geïmporteerd: %(n)s problemen gevonden.",
                    n,
                )
                % {"n": n}
            )
        for line in summary_lines(plan, opgeslagen=True):
            self.stdout.write(line)

    def _warnings(self, plan):
        """The possible duplicates the web page's check shows (issue 23 §1), on stderr: they do
        not stop the import."""
        for waarschuwing in plan.waarschuwingen:
            self.stderr.write(str(waarschuwing))
        if n := len(plan.waarschuwingen):
            self.stderr.write(
                ngettext(
                    "%(n)s nieuwe persoon lijkt op iemand die al geregistreerd is.",
                    "%(n)s nieuwe personen lijken op iemand die al geregistreerd is.",
                    n,
                )
                % {"n": n}
            )
        if n := plan.niet_op_dubbelen_gecontroleerd:
            self.stderr.write(
                ngettext(
                    "Van %(n)s nieuwe persoon is niet nagegaan of die al geregistreerd is.",
                    "Van %(n)s nieuwe personen is niet nagegaan of ze al geregistreerd zijn.",
                    n,
                )
                % {"n": n}
            )

    def _user(self, username):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Onbekende gebruiker: {username}")
        return user
