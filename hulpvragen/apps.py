from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HulpvragenConfig(AppConfig):
    name = "hulpvragen"
    verbose_name = _("Hulpvragen")
