import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from opleiding.models import Cohort
from samenvooruit.tables import Table


class CohortTable(Table):
    naam = tables.Column(linkify=True)
    pilot = tables.Column(verbose_name=_("Pilot"))
    startdatum = tables.DateColumn(format="d-m-Y")
    n_deelnemers = tables.Column(verbose_name=_("Deelnemers"))
    n_afgerond = tables.Column(verbose_name=_("Afgerond"))
    n_bijeenkomsten = tables.Column(verbose_name=_("Bijeenkomsten"))

    class Meta:
        model = Cohort
        fields = ["naam", "pilot", "startdatum"]
        sequence = ["naam", "pilot", "startdatum", "n_deelnemers", "n_afgerond", "n_bijeenkomsten"]
        empty_text = _("Geen cohorten.")
        attrs = {"class": "table table-sm table-striped"}
