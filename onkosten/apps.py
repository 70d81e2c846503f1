from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnkostenConfig(AppConfig):
    name = "onkosten"
    verbose_name = _("Onkosten")
