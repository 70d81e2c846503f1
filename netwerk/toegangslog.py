"""The access log's one entry point: `log_access(request, actie, obj)`.

Views call it for every view of a record's detail, every download and export, and services for
every anonymisation. The middleware below writes every refused access (`AccessRefused`, raised
by `get_visible_or_404` and `require_role`) and, as a safety net, any download that was sent
without an entry. Writing the log never breaks the page it is written for: a failing write is
reported to the `samenvooruit.toegangslog` logger instead."""

import logging

from django.db import transaction

from netwerk.models import Toegangslog, ToegangslogActie, ToegangslogResultaat
from netwerk.permissions import AccessRefused

logger = logging.getLogger("samenvooruit.toegangslog")

Actie = ToegangslogActie
Resultaat = ToegangslogResultaat


def reference_of(obj) -> str:
    """The pseudonymous name of a record: its referentie, else its uuid, else its primary key."""
    for attr in ("referentie", "uuid"):
        value = getattr(obj, attr, None)
        if value:
            return str(value)
    return str(obj.pk)


def _entry(request, actie, obj, label, resultaat, user) -> Toegangslog:
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    match = getattr(request, "resolver_match", None)
    entry = Toegangslog(
        gebruiker=user,
        gebruikersnaam=user.get_username() if user is not None else "",
        actie=actie,
        resultaat=resultaat,
        view=match.view_name if match else "",
        pad=request.path[:500] if request is not None else "",
        omschrijving=(label or "")[:200],
    )
    if obj is not None:
        entry.object_type = obj._meta.label_lower
        entry.object_id = str(obj.pk)
        entry.object_ref = reference_of(obj)[:64]
    return entry


def log_access(
    request,
    actie: str,
    obj=None,
    *,
    label: str | None = None,
    resultaat: str = Resultaat.TOEGESTAAN,
    user=None,
) -> Toegangslog | None:
    """Append one entry to the access log and return it, or None when the write failed.

    `request` may be None (management commands); pass `user` then if someone acted. `obj` is
    the record concerned; `label` says what was downloaded when there is no single record
    (e.g. a file name). Never put a person's name in `label`.

    The insert runs in its own savepoint, so on PostgreSQL a failing write does not poison
    the caller's transaction; the failure is logged with its traceback and the page goes on."""
    if request is not None and actie == Actie.GEDOWNLOAD:
        request._toegangslog_download = True  # the middleware's safety net then stays quiet
    try:
        with transaction.atomic():
            entry = _entry(request, actie, obj, label, resultaat, user)
            entry.save()
            return entry
    except Exception:
        logger.exception("Toegangslog niet geschreven (actie %s, %r)", actie, obj)
        return None


class ToegangslogMiddleware:
    """Writes refused accesses, and downloads whose view wrote no entry itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _is_download(response) and not getattr(request, "_toegangslog_download", False):
            # No file name as label: an uploaded file's name can hold a person's name.
            log_access(request, Actie.GEDOWNLOAD)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, AccessRefused):
            log_access(request, Actie.GEWEIGERD, exception.obj, resultaat=Resultaat.GEWEIGERD)
        return None  # Django answers the 404 as always


def _is_download(response) -> bool:
    return response.status_code == 200 and response.get("Content-Disposition", "").startswith(
        "attachment"
    )
