"""`python manage.py bewaartermijn [--dry-run]`: anonymise what is past the retention period
(settings.BEWAARTERMIJN_MAANDEN). Idempotent, meant to run daily from cron (README)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from privacy.services import apply_bewaartermijn


class Command(BaseCommand):
    help = (
        "Anonimiseert huishoudens waarvan alle hulpvragen langer dan de bewaartermijn geleden "
        "zijn afgesloten, noodfondsaanvragen die langer geleden zijn afgehandeld, de "
        "toelichtingen bij metingen en de gegevens van kandidaten van afgelopen opleidingen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Laat alleen zien wat geanonimiseerd zou worden; verandert niets.",
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        result = apply_bewaartermijn(dry_run=dry_run)
        self.stdout.write(
            _("Bewaartermijn %(maanden)d maanden: alles wat vóór %(grens)s is afgesloten.")
            % {"maanden": settings.BEWAARTERMIJN_MAANDEN, "grens": f"{result.grens:%d-%m-%Y}"}
        )
        if dry_run:
            self.stdout.write(_("Proefdraai (--dry-run): er wordt niets gewijzigd."))
        self._regel(
            _("Huishoudens te anonimiseren") if dry_run else _("Huishoudens geanonimiseerd"),
            result.huishoudens,
        )
        self._regel(
            _("Noodfondsaanvragen te anonimiseren")
            if dry_run
            else _("Noodfondsaanvragen geanonimiseerd"),
            result.aanvragen,
        )
        self.stdout.write(
            (
                _("Toelichtingen bij metingen te wissen: %(n)d")
                if dry_run
                else _("Toelichtingen bij metingen gewist: %(n)d")
            )
            % {"n": result.metingen}
        )
        self.stdout.write(
            (
                _("Kandidaten van de opleiding te anonimiseren: %(n)d")
                if dry_run
                else _("Kandidaten van de opleiding geanonimiseerd: %(n)d")
            )
            % {"n": result.kandidaten}
        )
        self.stdout.write(
            (
                _("Bonnen van declaraties te verwijderen: %(n)d")
                if dry_run
                else _("Bonnen van declaraties verwijderd: %(n)d")
            )
            % {"n": result.bonnen}
        )
        if result.fouten:
            for fout in result.fouten:
                self.stderr.write(_("Mislukt: %(fout)s") % {"fout": fout})
            raise CommandError(
                _("%(n)d keer mislukt; de rest is wel verwerkt.") % {"n": len(result.fouten)}
            )

    def _regel(self, label, referenties):
        self.stdout.write(f"{label}: {len(referenties)}")
        for referentie in referenties:
            self.stdout.write(f"  {referentie}")
