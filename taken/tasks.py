"""The tasks the worker (`manage.py db_worker`) runs. Django's task framework (the django-tasks
backport of Django 6's `django.tasks`; on Django 6 the import becomes `django.tasks`)."""

from django.core.mail import send_mail
from django.utils.module_loading import import_string
from django_tasks import task

from taken.models import Taak
from taken.services import ruim_op, voer_taak_uit


@task()
def voer_uit(taak_uuid: str) -> str:
    """One user's job (see taken.services.voer_taak_uit)."""
    taak = Taak.objects.get(uuid=taak_uuid)
    voer_taak_uit(taak)
    return taak_uuid


@task()
def periodiek(functie: str) -> None:
    """One of the periodic jobs of settings.PERIODIEKE_TAKEN (enqueued by `manage.py periodiek`)."""
    import_string(functie)()


@task()
def verstuur_email(*, onderwerp: str, tekst: str, aan: list[str]) -> int:
    """Send one e-mail from the worker (a slow or unreachable mail server never holds a web
    request). The caller decides what may be in it: never names, addresses or descriptions of
    households (docs/PRIVACY.md)."""
    return send_mail(onderwerp, tekst, None, aan)


def verlopen_downloads() -> int:
    """Periodic: downloads past their 24 hours and jobs whose worker died."""
    return ruim_op()
