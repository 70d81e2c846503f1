import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from noodfonds.models import Aanvraag
from noodfonds.services import euro
from samenvooruit.tables import Table


class AanvraagTable(Table):
    referentie = tables.Column(
        verbose_name=_("Referentie"), linkify=lambda record: record.get_absolute_url()
    )
    ingediend_op = tables.DateColumn(format="d-m-Y", verbose_name=_("Ingediend"))
    huishouden = tables.Column(accessor="huishouden__referentie", verbose_name=_("Huishouden"))
    onderwerp = tables.Column(verbose_name=_("Onderwerp"))
    gevraagd_bedrag = tables.Column(verbose_name=_("Gevraagd"), attrs={"td": {"class": "text-end"}})
    toegekend_bedrag = tables.Column(
        verbose_name=_("Toegekend"), attrs={"td": {"class": "text-end"}}
    )
    status = tables.Column(verbose_name=_("Status"))
    spoed = tables.BooleanColumn(verbose_name=_("Spoed"), yesno="✔,")
    vertrouwenspersoon = tables.Column(
        accessor="vertrouwenspersoon__naam", verbose_name=_("Vertrouwenspersoon")
    )
    organisatie = tables.Column(accessor="organisatie__naam", verbose_name=_("Organisatie"))

    class Meta:
        model = Aanvraag
        fields = []
        empty_text = _("Geen aanvragen gevonden.")
        attrs = {"class": "table table-sm table-striped align-middle"}

    def render_gevraagd_bedrag(self, value):
        return euro(value)

    def render_toegekend_bedrag(self, value):
        return euro(value)
