"""The report's background work: keeping the reports people open warm (`warmhouden`)."""

from django.dispatch import receiver
from django_tasks import task
from django_tasks.signals import task_finished

from rapportage import warmhouden


@task()
def warm_houden_taak() -> int:
    return warmhouden.warm_houden()


@receiver(task_finished)
def na_een_taak(sender, task_result, **kwargs):
    """A job of the worker may have written (an import, a merge, the retention run)."""
    if task_result.task.func is not warm_houden_taak.func:
        warmhouden.na_schrijven()
