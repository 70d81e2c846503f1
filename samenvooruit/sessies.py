"""The session engine (SESSION_ENGINE): Django's database sessions, refreshed at most once a
minute.

SESSION_SAVE_EVERY_REQUEST makes every request push the session's expiry SESSION_IDLE_MINUTEN
further (the idle timeout), which costs an UPDATE and a COMMIT on every page. A request that
changed nothing in the session now writes it only when a minute or more has passed since it was
last written; a request that changed something (login, messages, ...) still writes at once.
The idle logout stays exact to the minute: the stored expiry is never more than a minute behind
the last request, so a session ends between SESSION_IDLE_MINUTEN - 1 and SESSION_IDLE_MINUTEN
minutes after its last request, never later."""

import time

from django.contrib.sessions.backends import db

REFRESH_SECONDS = 60
SAVED_AT = "_bewaard_om"  # when the session was last written (seconds since the epoch)


class SessionStore(db.SessionStore):
    def save(self, must_create=False):
        if not must_create and not self.modified and self._refreshed_recently():
            return
        self[SAVED_AT] = int(time.time())
        super().save(must_create=must_create)

    def _refreshed_recently(self) -> bool:
        saved_at = self._get_session().get(SAVED_AT)
        return saved_at is not None and 0 <= time.time() - saved_at < REFRESH_SECONDS


def seconds_left(session, *, age: int) -> int:
    """How many seconds the logged-in session of this request has before the idle logout, as the
    page's warning counts them (`age`: SESSION_COOKIE_AGE). A request that writes the session
    (it changed, or its last write is a minute old) pushes the end `age` seconds from now; one
    that does not leaves the end where the last write put it. Never more than the truth: the
    page warns a little early rather than too late."""
    saved_at = session.get(SAVED_AT)
    if session.modified or saved_at is None:
        return age
    elapsed = time.time() - saved_at
    if not 0 <= elapsed < REFRESH_SECONDS:
        return age
    return max(0, int(saved_at + age - time.time()))
