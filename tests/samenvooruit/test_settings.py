import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


# DJANGO_ALLOW_ASYNC_UNSAFE: the browser tests set it in the test process; a real deployment
# does not have it (and check --deploy rightly warns about it).
NOT_INHERITED = {
    "SECRET_KEY",
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "SECURE_SSL_REDIRECT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_startup_without_secret_key_stops_with_clear_message():
    result = _manage("check", DEBUG="false")

    assert result.returncode != 0
    assert "SECRET_KEY ontbreekt" in result.stderr


def test_check_deploy_with_production_settings_is_clean():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="a-real-secret-" + "x" * 50,
        ALLOWED_HOSTS="samenvooruit.example",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr
