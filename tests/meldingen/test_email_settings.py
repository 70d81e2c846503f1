"""Issue 17 §1: the mail server and the links' address come from the environment (README)."""

import json

from tests.samenvooruit.test_settings import _manage

TOON = (
    "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) for k"
    " in ['EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_HOST_USER', 'EMAIL_USE_TLS',"
    " 'EMAIL_TIMEOUT', 'DEFAULT_FROM_EMAIL', 'SITE_URL']}))"
)
PRODUCTIE = {"DEBUG": "false", "SECRET_KEY": "a-real-secret-" + "x" * 50}


def instellingen(**env):
    result = _manage("shell", "-c", TOON, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_email_url_sets_the_smtp_server():
    s = instellingen(
        **PRODUCTIE,
        EMAIL_URL="smtp+tls://mailer:geheim@mail.example.nl:587",
        DEFAULT_FROM_EMAIL="Samen Vooruit <noreply@example.nl>",
        ALLOWED_HOSTS="samenvooruit.example.nl,.example.nl",
    )

    assert s["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (s["EMAIL_HOST"], s["EMAIL_PORT"], s["EMAIL_HOST_USER"]) == (
        "mail.example.nl",
        587,
        "mailer",
    )
    assert s["EMAIL_USE_TLS"] is True and s["EMAIL_TIMEOUT"] == 30
    assert s["DEFAULT_FROM_EMAIL"] == "Samen Vooruit <noreply@example.nl>"
    assert s["SITE_URL"] == "https://samenvooruit.example.nl"


def test_the_usual_email_variables_and_site_url_work_too():
    s = instellingen(
        DEBUG="true",
        EMAIL_HOST="smtp.example.nl",
        EMAIL_PORT="2525",
        EMAIL_USE_TLS="true",
        SITE_URL="https://hulp.example.nl/",
    )

    assert s["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (s["EMAIL_HOST"], s["EMAIL_PORT"], s["EMAIL_USE_TLS"]) == ("smtp.example.nl", 2525, True)
    assert s["SITE_URL"] == "https://hulp.example.nl"


def test_the_demo_prints_mail_on_the_console():
    s = instellingen(DEBUG="true")

    assert s["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert s["SITE_URL"] == "http://127.0.0.1:8000"
