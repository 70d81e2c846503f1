from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RapportageConfig(AppConfig):
    name = "rapportage"
    verbose_name = _("Rapportage")

    def ready(self):
        from rapportage import tasks  # noqa: F401  (its receiver: a finished job may have written)
