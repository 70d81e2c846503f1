"""Test settings: a fast password hasher, an in-memory file storage."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key-not-secret")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from samenvooruit.settings import *  # noqa: E402,F403
from samenvooruit.settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Logins: tests log in with force_login; the lockout and two-factor tests switch these on.
AXES_ENABLED = False
TWEESTAPS_VERPLICHT = False
# Jobs run at once inside the test (the real worker has its own tests on PostgreSQL).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
TAKEN_VOORTGANG_APART = False
