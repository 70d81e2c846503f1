from django.conf import settings
from django.utils.functional import SimpleLazyObject

from samenvooruit import concepten
from samenvooruit.sessies import seconds_left


def sessie(request):
    """What the page's scripts need about the login (static/js/sessie.js, concept.js): the
    drafts' owner key, the forms just saved, and the seconds until the idle logout."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "concept_eigenaar": SimpleLazyObject(lambda: concepten.owner_key(user)),
        "concepten_opgeslagen": SimpleLazyObject(lambda: " ".join(concepten.take_saved(request))),
        "sessie_seconden": SimpleLazyObject(
            lambda: str(seconds_left(request.session, age=settings.SESSION_COOKIE_AGE))
        ),
        "sessie_waarschuwing_seconden": settings.SESSIE_WAARSCHUWING_SECONDEN,
    }
