"""Settings, read from the environment (see README: DATABASE_URL, SECRET_KEY, DEBUG, ...)."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY ontbreekt: zet de omgevingsvariabele SECRET_KEY "
            "(of DEBUG=true voor lokaal ontwikkelen)."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web read while a worker writes; IMMEDIATE takes the write lock at the start
    # of a transaction (no deadlock between two upgrading readers), and a write waits up to
    # 20 s for the lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: it spent 2.5 s compiling the overview's query at a million help requests, more
    # than it saves on any query here (docs/PERFORMANCE.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tables2",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "netwerk",
    "hulpvragen",
    "noodfonds",
    "opleiding",
    "onkosten",
    "rapportage",
    "privacy",
    "registratie",
    "meldingen",
    "samenvoegen",
    "demo",  # development aids: `manage.py demo`
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "taken",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "samenvooruit.middleware.GeenNulMiddleware",  # a NUL anywhere in a request: 400
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "netwerk.tweestaps.TweestapsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # who changed a record (history)
    "netwerk.toegangslog.ToegangslogMiddleware",  # refused accesses and downloads (issue 9)
    "rapportage.warmhouden.WarmHoudenMiddleware",  # after a write: the report warm again
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page
]

ROOT_URLCONF = "samenvooruit.urls"
WSGI_APPLICATION = "samenvooruit.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "netwerk.context_processors.roles",
                "meldingen.context_processors.ongelezen",
                "samenvooruit.context_processors.sessie",
            ],
        },
    },
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        # Django's own, with a Dutch message (its catalogue misses 5.2's new msgid).
        "NAME": "netwerk.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before the password
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]  # each in its own language
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media-niet-publiek/"  # attachments are served only through permission-checked views
STORAGES = {
    "default": {
        "BACKEND": env.str("FILE_STORAGE", default="django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

# Background work: Django's task framework (django-tasks backport) with the database backend
# (django-tasks-db); the worker is `manage.py db_worker` (docs/BEHEER.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TAKEN_BEWAAR_UREN = 24  # a user's downloads are kept this long
# a list download of more rows than this becomes a job (smaller ones come at once)
TAKEN_DIRECT_MAX_RIJEN = env.int("TAKEN_DIRECT_MAX_RIJEN", default=5000)
# A running job without progress for this long has lost its worker: failed, offered for retry.
TAKEN_STIL_MINUTEN = env.int("TAKEN_STIL_MINUTEN", default=10)
# Progress over a connection of its own (visible while a job's transaction is still open).
TAKEN_VOORTGANG_APART = True
# The periodic jobs, in one place: name -> (every "uur" / "dag" / "week", function). Enqueued by
# `manage.py periodiek` (cron or a systemd timer, every 5 minutes; docs/BEHEER.md).
PERIODIEKE_TAKEN = {
    "verlopen_downloads": ("uur", "taken.tasks.verlopen_downloads"),
    # uploaded registration workbooks (personal data) left behind: gone after a day at most
    "verlopen_uploads": ("uur", "registratie.tasks.verlopen_uploads"),
    "bewaartermijn": ("dag", "privacy.tasks.bewaartermijn"),
    # the day's reminders, then the daily e-mail digest (one job: the digest carries them)
    "herinneringen": ("dag", "meldingen.tasks.herinneringen"),
    # e-mails for users who chose "direct" that failed (or were never enqueued): again
    "meldingen_direct": ("uur", "meldingen.tasks.direct_nasturen"),
    # the reports opened lately, computed again if a write passed neither a request nor a job
    "rapportage_warm": ("uur", "rapportage.warmhouden.warm_houden"),
}

# E-mail goes out from the worker (meldingen.tasks, taken.tasks.verstuur_email). The demo prints it;
# production sets EMAIL_URL, e.g. smtp+tls://user:password@mail.example.nl:587 (django-environ),
# or the usual EMAIL_HOST, EMAIL_PORT, ... one by one (these win over EMAIL_URL's parts).
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
for _naam, _soort in (
    ("EMAIL_HOST", str),
    ("EMAIL_PORT", int),
    ("EMAIL_HOST_USER", str),
    ("EMAIL_HOST_PASSWORD", str),
    ("EMAIL_USE_TLS", bool),
    ("EMAIL_USE_SSL", bool),
):
    if _naam in env:
        EMAIL_CONFIG[_naam] = env.get_value(_naam, cast=_soort)
if "EMAIL_HOST" in env and "EMAIL_URL" not in env:
    EMAIL_CONFIG["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
# a mail server that does not answer fails the mail (tried again next run), not the worker
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Samen Vooruit <noreply@localhost>")


def _site_url() -> str:
    """Default for SITE_URL: the demo's address, else https:// and the first plain host name."""
    if DEBUG:
        return "http://127.0.0.1:8000"
    hosts = [h for h in ALLOWED_HOSTS if h and "*" not in h and not h.startswith(".")]
    return f"https://{hosts[0]}" if hosts else "http://localhost"


# The address users open the site at, for the links in e-mails (no request to ask there).
SITE_URL = env.str("SITE_URL", default=_site_url()).rstrip("/")

# The cache holds the quarterly report per data version (rapportage.dataversie). By default a
# table in the application's own database (made by a migration): every gunicorn worker and every
# machine shares it, so the report is computed once per version of the data, with nothing more to
# run. REDIS_URL (redis://host:6379/0, needs `pip install redis`) uses Redis instead.
REDIS_URL = env.str("REDIS_URL", default="")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "samenvooruit_cache",
    }
}
# an entry of an old data version is never read again: it just leaves after this long
RAPPORTAGE_CACHE_SECONDEN = env.int("RAPPORTAGE_CACHE_SECONDEN", default=3600)
# Kept warm (rapportage.warmhouden): after a write that changes a figure, the worker computes
# again the last RAPPORTAGE_WARM_AANTAL reports opened within RAPPORTAGE_WARM_UREN hours, at most
# once per RAPPORTAGE_WARM_SECONDEN (that long after the first write of a burst).
RAPPORTAGE_WARM_AANTAL = env.int("RAPPORTAGE_WARM_AANTAL", default=8)
RAPPORTAGE_WARM_UREN = env.int("RAPPORTAGE_WARM_UREN", default=168)
RAPPORTAGE_WARM_SECONDEN = env.int("RAPPORTAGE_WARM_SECONDEN", default=20)

# Domain settings
BEWAARTERMIJN_MAANDEN = env.int("BEWAARTERMIJN_MAANDEN", default=24)
ZONDER_CONTACT_DAGEN = env.int("ZONDER_CONTACT_DAGEN", default=21)
# notices about a day longer ago than this are deleted by the daily run (read or not)
MELDINGEN_BEWAAR_DAGEN = env.int("MELDINGEN_BEWAAR_DAGEN", default=365)
DOORVERWIJZING_ZONDER_UITKOMST_DAGEN = env.int("DOORVERWIJZING_ZONDER_UITKOMST_DAGEN", default=14)
DOEL_HUISHOUDENS_PER_VP = env.int("DOEL_HUISHOUDENS_PER_VP", default=4)
SPOED_MAX_BEDRAG = env.int("SPOED_MAX_BEDRAG", default=150)
# the fund's own bank account, the debtor of the SEPA payment file (noodfonds.betalingen)
NOODFONDS_REKENING_NAAM = env.str("NOODFONDS_REKENING_NAAM", default="Stichting Noodfonds Oost")
NOODFONDS_REKENING_IBAN = env.str("NOODFONDS_REKENING_IBAN", default="NL91ABNA0417164300")
NOODFONDS_REKENING_BIC = env.str("NOODFONDS_REKENING_BIC", default="")
VOG_GELDIG_JAREN = env.int("VOG_GELDIG_JAREN", default=3)  # an older VOG is flagged
# an application that waits for the committee longer than this is told to the coordinators
AANVRAAG_WACHT_DAGEN = env.int("AANVRAAG_WACHT_DAGEN", default=5)
OPLEIDING_MIN_AANWEZIG_PCT = env.int("OPLEIDING_MIN_AANWEZIG_PCT", default=80)
# the length of one training session, for the hours attended on the certificate
OPLEIDING_MINUTEN_PER_BIJEENKOMST = env.int("OPLEIDING_MINUTEN_PER_BIJEENKOMST", default=150)

# Security: production (DEBUG off) passes `manage.py check --deploy`.
SESSION_COOKIE_HTTPONLY = True
# Idle timeout: every request pushes the session's expiry SESSION_IDLE_MINUTEN further. The
# engine writes an unchanged session at most once a minute (samenvooruit/sessies.py), so the
# logout comes between SESSION_IDLE_MINUTEN - 1 and SESSION_IDLE_MINUTEN minutes after the last
# request instead of an UPDATE and COMMIT on every page.
SESSION_ENGINE = "samenvooruit.sessies"
SESSION_IDLE_MINUTEN = env.int("SESSION_IDLE_MINUTEN", default=30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTEN * 60
# The page warns this long before the idle logout and offers "Blijf ingelogd" (static/js/sessie.js).
SESSIE_WAARSCHUWING_SECONDEN = 120
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Logins: lockout after repeated failures (django-axes), per user name *and* address together:
# volunteers share one address in a community centre, and a lock on a user name alone lets
# anyone lock a coordinator out. See docs/BEHEER.md.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTEN", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The cool-off runs from the lockout: trying again while locked does not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/geblokkeerd.html"
# Behind N reverse proxies the client's address is the N-th from the right in X-Forwarded-For.
VERTROUWDE_PROXIES = env.int("VERTROUWDE_PROXIES", default=0)
AXES_CLIENT_IP_CALLABLE = "samenvooruit.clientip.client_ip"
# Two-factor (TOTP): offered to everyone, required for coordinators, organisation coordinators and
# committee members when on.
TWEESTAPS_VERPLICHT = env.bool("TWEESTAPS_VERPLICHT", default=not DEBUG)
OTP_TOTP_ISSUER = "Samen Vooruit"

# No inline script anywhere: JS lives in static files, data reaches it through json_script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

PRODUCT_VERSION = "0.1.0"
