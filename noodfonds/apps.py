from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoodfondsConfig(AppConfig):
    name = "noodfonds"
    verbose_name = _("Noodfonds")
