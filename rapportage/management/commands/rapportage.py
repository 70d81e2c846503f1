"""`python manage.py rapportage --peildatum D [--van D] (--xlsx FILE | --json | --pdf FILE)`: the
quarterly report for scheduled runs, over all data (an operator's command, like a coordinator's
view)."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rapportage.report import build_report, report_json
from rapportage.report.excel import report_workbook
from rapportage.report.pdf import report_pdf
from rapportage.report.trend import build_trend

DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y")


def parse_datum(value: str, option: str) -> datetime.date:
    """JJJJ-MM-DD (or DD-MM-JJJJ); anything else stops the command with exit status 2."""
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise CommandError(
        _(
            "Ongeldige datum voor %(optie)s: '%(waarde)s'. Gebruik JJJJ-MM-DD, bijvoorbeeld 2021-03-01."
        )
        % {"optie": option, "waarde": value},
        returncode=2,
    )


class Command(BaseCommand):
    help = (
        "Maakt de kwartaalrapportage (de acht tabellen en de kerncijfers) op een peildatum, "
        "als Excel-werkmap (--xlsx), als JSON (--json) of als PDF (--pdf)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--peildatum", required=True, help="Peildatum, JJJJ-MM-DD.")
        parser.add_argument("--van", help="Startdatum (optioneel), JJJJ-MM-DD.")
        output = parser.add_mutually_exclusive_group(required=True)
        output.add_argument("--xlsx", metavar="BESTAND", help="Schrijf de Excel-werkmap hierheen.")
        output.add_argument("--json", action="store_true", help="Druk de tabellen af als JSON.")
        output.add_argument("--pdf", metavar="BESTAND", help="Schrijf de PDF hierheen.")

    def handle(self, *args, **options):
        peildatum = parse_datum(options["peildatum"], "--peildatum")
        van = parse_datum(options["van"], "--van") if options["van"] else None
        if van and van > peildatum:
            raise CommandError(
                _("De startdatum (--van %(van)s) ligt na de peildatum (%(peildatum)s).")
                % {"van": van.isoformat(), "peildatum": peildatum.isoformat()},
                returncode=2,
            )
        report = build_report(user=None, peildatum=peildatum, van=van)
        if options["json"]:
            data = report_json(report)
            data.pop("bereik", None)
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
            return
        trend = build_trend(user=None, peildatum=peildatum)
        if options["pdf"]:
            bestand = options["pdf"]
            door = _("beheerder (manage.py rapportage)")
            with open(bestand, "wb") as f:
                f.write(report_pdf(report, door=door, trend=trend))
        else:
            bestand = options["xlsx"]
            report_workbook(report, trend=trend).save(bestand)
        self.stdout.write(
            _("Rapportage op peildatum %(peildatum)s geschreven naar %(bestand)s.")
            % {"peildatum": f"{peildatum:%d-%m-%Y}", "bestand": bestand}
        )
