from django.utils.functional import SimpleLazyObject

from meldingen.selectors import ongelezen_aantal


def ongelezen(request):
    """The unread count for the menu: one COUNT, only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"meldingen_ongelezen": 0}
    return {"meldingen_ongelezen": SimpleLazyObject(lambda: ongelezen_aantal(user))}
