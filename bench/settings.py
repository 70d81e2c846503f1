"""Settings for the benchmark and the load test: production settings (DEBUG off, Argon2, sessions
in the database) with what a loopback measurement needs: plain HTTP on 127.0.0.1, static files
without a collectstatic manifest (pages are measured, not static files), and no two-factor step for
the benchmark's logins. Everything else is samenvooruit.settings as deployed."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-key-not-secret")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("TWEESTAPS_VERPLICHT", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from samenvooruit.settings import *  # noqa: E402,F403
from samenvooruit.settings import STORAGES  # noqa: E402

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Loopback HTTP: the session cookie must travel without TLS.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
