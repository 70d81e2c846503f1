from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpleidingConfig(AppConfig):
    name = "opleiding"
    verbose_name = _("Opleiding")
