"""The report as the page shows it, for the page, its downloads and the worker that keeps it
warm (`rapportage.warmhouden`): one way from a user and the page's query to the report and its
trend."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import QueryDict

from netwerk.roles import Rol
from rapportage.report import build_report
from rapportage.report.forms import RapportForm
from rapportage.report.trend import build_trend

REPORT_ROLES = (Rol.COORDINATOR, Rol.ORGCOORDINATOR)


def trend_for(user, form):
    """The key figures of the last eight quarters, with the report's filters."""
    kwargs = form.report_kwargs()
    kwargs.pop("van")
    return build_trend(user=user, **kwargs)


def report_for(gebruiker_id: int, query: str):
    """The user, the report for their scope as the page would show it, and its trend. A query
    the page would refuse raises ValidationError (its Dutch messages)."""
    gebruiker = get_user_model().objects.get(pk=gebruiker_id)
    form = RapportForm(QueryDict(query), user=gebruiker)
    if not form.is_valid():
        raise ValidationError([str(e) for errors in form.errors.values() for e in errors])
    report = build_report(user=gebruiker, **form.report_kwargs())
    return gebruiker, report, trend_for(gebruiker, form)
