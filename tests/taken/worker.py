"""A real worker process (`manage.py db_worker`) for the tests that need one: PostgreSQL only
(the SQLite test database lives in the test process's memory). A test module marks itself with
ON_POSTGRES, takes the `worker` fixture (import it) and enqueues with DATABASE_BACKEND."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

ON_POSTGRES = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="De echte worker draait hier alleen tegen PostgreSQL (de testdatabase van SQLite "
        "staat in het geheugen van het testproces). Zet DATABASE_URL op PostgreSQL.",
    ),
    pytest.mark.django_db(transaction=True),
]

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def worker(tmp_path):
    """Starts `manage.py db_worker` on the test database (its files in tmp_path); yields the
    process, kills it after."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samenvooruit.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DEBUG": "true",
        "MEDIA_ROOT": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    # --no-reload: with DEBUG the worker would run as the child of a reloader, and killing the
    # process started here would leave that child claiming the next tests' jobs.
    command = ["manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay", "--no-reload"]
    process = subprocess.Popen(
        [sys.executable, *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    yield process
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)


def wait_for(condition, seconds=30, pause=0.1):
    limit = time.monotonic() + seconds
    while time.monotonic() < limit:
        if condition():
            return True
        time.sleep(pause)
    return False
