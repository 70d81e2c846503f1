"""The base's pages, and the one write path every edit page of the apps goes through."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from samenvooruit import concepten
from samenvooruit.forms import apply_service_errors


def local_next(request, default: str) -> str:
    """The `next` of the request (POST, else GET) when it is a path on this site, else
    `default`. Only a path: `redirect` would take any other word for the name of a view."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and not target.startswith("//")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return default


@require_POST
def sessie_verlengen(request):
    """ "Blijf ingelogd": this request writes the session, so the idle logout starts counting
    again. Asked by the page's script (static/js/sessie.js, Accept: application/json) it answers
    the seconds until the new logout, or 401 when the session already ended (the page then goes
    to the login, what was typed kept on the device); a plain form post goes back to `next`."""
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not request.user.is_authenticated:
        if wants_json:
            return JsonResponse({"seconden": 0}, status=401)
        return redirect_to_login(_safe_next(request))
    request.session.modified = True
    if wants_json:
        return JsonResponse({"seconden": settings.SESSION_COOKIE_AGE})
    return redirect(_safe_next(request))


def _safe_next(request) -> str:
    """The posted `next` when it is a path on this site (`local_next`: `redirect` would take any
    other word for the name of a view), else the page after login."""
    target = request.POST.get("next", "")
    if target.startswith("/") and local_next(request, "") == target:
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def telling(naam: str, aantal, label: str, url: str | None = None) -> dict:
    """One count on a start page (templates/includes/tellingen.html): `naam` names it for tests
    and styles, `label` says what is counted, `url` (optional) lists what is counted."""
    return {"naam": naam, "aantal": aantal, "label": label, "url": url}


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


# --- form -> service -> message -> redirect ------------------------------------------------------


def submit(request, form, *, save: Callable[[Any], Any], message) -> tuple[bool, Any]:
    """Validate a bound `form`, then call `save(form)` (a service call) and add the success
    `message` (text, or a function of what `save` returned). Returns (True, what `save` returned),
    or (False, None) when the form or the service refused: a service's ValidationError is then on
    the form, next to the field it names, and nothing was stored (services are atomic)."""
    if not form.is_valid():
        return False, None
    try:
        result = save(form)
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return False, None
    concepten.mark_saved(request)  # the next page removes this form's draft from the device
    messages.success(request, message(result) if callable(message) else message)
    return True, result


def save_form(form):
    """`save` for a ModelForm whose record carries no rule beyond the form's own checks: Django's
    way, the form saves it (a service is for writes with rules or more than one record)."""
    return form.save()


def form_page(
    request,
    form,
    template: str,
    context: dict | None = None,
    *,
    save: Callable[[Any], Any],
    message,
    success_url=None,
):
    """An edit page: GET shows `form` in `template`; a POST goes through `submit` and, when it
    succeeds, redirects to `success_url` (a URL, a URL name, a record, or a function of what `save`
    returned), by default to what `save` returned. A refused POST shows the page again with the
    messages on the form."""
    if request.method == "POST":
        done, result = submit(request, form, save=save, message=message)
        if done:
            target = success_url if success_url is not None else result
            return redirect(target(result) if callable(target) else target)
    return render(request, template, {"form": form, **(context or {})})
