"""Drafts on the device (static/js/concept.js): what the server tells the page about them.

A form with `data-concept` keeps what is typed in the browser's localStorage, never on the
server. The server only names the owner of a draft, without saying who it is (`owner_key`: the
page removes drafts of any other key, so a shared computer never shows one user's draft to the
next), and which form was just saved (`mark_saved`, read once by the next page: that page
removes the draft of that form, only after the server stored it). The script marks the
submission of a form that keeps drafts with the field MARKER; other forms are left alone."""

from django.utils.crypto import salted_hmac

SAVED = "concepten_opgeslagen"  # session key: paths of forms saved since the last page
MARKER = "_concept"  # a submitted field: this form keeps a draft on the device


def owner_key(user) -> str:
    """A key per user that names no one: a keyed hash of the user's id (the SECRET_KEY keys it,
    so it cannot be computed back or guessed from the id)."""
    return salted_hmac("samenvooruit.concepten", str(user.pk)).hexdigest()[:20]


def mark_saved(request) -> None:
    """The form at this request's path was saved: its draft may go (on the next page shown).
    Only for a form that keeps drafts (its submission carries MARKER)."""
    if not request.POST.get(MARKER) or not hasattr(request, "session"):
        return
    saved = request.session.get(SAVED, [])
    if request.path not in saved:
        request.session[SAVED] = [*saved, request.path][-10:]


def take_saved(request) -> list[str]:
    """The paths marked by `mark_saved`, once (the page that shows them removes the drafts)."""
    if SAVED not in request.session:
        return []
    return request.session.pop(SAVED)
