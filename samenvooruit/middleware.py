"""Middleware of the base."""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

NUL = "\x00"


class GeenNulMiddleware:
    """A NUL character belongs in no address, query or form: PostgreSQL refuses it in any text
    it is given (a server error in whatever view passed it on), and no person types it. A request
    with one anywhere (the path, a query parameter or form field, their names, an uploaded file's
    name) is answered 400 before any view sees it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request):
            return HttpResponseBadRequest(
                _("Ongeldig verzoek: het adres of het formulier bevat een NUL-teken."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def has_nul(request) -> bool:
    if NUL in request.path_info or NUL in request.path:
        return True
    data = [request.GET]
    if request.method == "POST":
        data.append(request.POST)
        data.append({name: [f.name for f in files] for name, files in request.FILES.lists()})
    for query in data:
        items = query.lists() if hasattr(query, "lists") else query.items()
        for key, values in items:
            if NUL in key or any(NUL in str(value) for value in values):
                return True
    return False
