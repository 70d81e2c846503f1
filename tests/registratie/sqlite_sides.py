"""The two processes of test_import_sqlite, each with the project's own settings on one SQLite
file (WAL, IMMEDIATE transactions, a 20 s timeout): an import as the worker runs it, and a web
process writing while it runs. They signal each other with files in a directory.

    python -m tests.registratie.sqlite_sides import WORKBOOK SIGNALS
    python -m tests.registratie.sqlite_sides web SIGNALS

Each prints one line of JSON: what the test checks."""

import json
import sys
import time
from pathlib import Path

HOLD_S = 2.0  # how long the import holds its transaction open once it writes
WAIT_S = 60.0


def wait_for(signal: Path) -> None:
    limit = time.monotonic() + WAIT_S
    while not signal.exists():
        if time.monotonic() > limit:
            raise TimeoutError(f"no {signal.name} within {WAIT_S} s")
        time.sleep(0.02)


def run_import(workbook: Path, signals: Path) -> dict:
    """The import. At its first progress report (the reading always comes first) it waits until
    the web wrote; at its first report inside its transaction (the writing) it holds the
    transaction open for HOLD_S."""
    from django.db import connection

    from registratie.workbook import import_workbook

    signalled = set()

    def progress(done, total=None):
        if not signalled:
            signalled.add("lezen")
            (signals / "lezen").touch()
            wait_for(signals / "web-schreef-tijdens-lezen")
        elif connection.in_atomic_block and "schrijven" not in signalled:
            signalled.add("schrijven")
            (signals / "schrijven").touch()
            time.sleep(HOLD_S)

    with workbook.open("rb") as fileobj:
        resultaat = import_workbook(
            fileobj, bestandsnaam=workbook.name, via="test", progress=progress
        )
    problemen = [str(p) for p in resultaat.plan.problemen]
    return {"opgeslagen": resultaat.opgeslagen, "problemen": problemen}


def run_web(signals: Path) -> dict:
    """Two sessions saved as a login saves them: one while the import reads (with no patience
    at all: nobody may hold the write lock then), one while the import writes (with the
    settings' patience: it waits for the import's commit instead of failing)."""
    import datetime

    from django.contrib.sessions.models import Session
    from django.db import connection, transaction
    from django.utils import timezone

    def save_session(key):
        expires = timezone.now() + datetime.timedelta(hours=1)
        with transaction.atomic():
            Session.objects.create(session_key=key, session_data="", expire_date=expires)

    wait_for(signals / "lezen")
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout = 0")
        save_session("tijdens-lezen")  # "database is locked" if the import held the lock
    finally:
        connection.close()  # the next connection has the settings' timeout again
        (signals / "web-schreef-tijdens-lezen").touch()

    wait_for(signals / "schrijven")
    start = time.monotonic()
    save_session("tijdens-schrijven")
    return {"wachtte_s": time.monotonic() - start}


def main(argv):
    import django

    django.setup()
    if argv[0] == "import":
        uitkomst = run_import(Path(argv[1]), Path(argv[2]))
    else:
        uitkomst = run_web(Path(argv[1]))
    print(json.dumps(uitkomst))


if __name__ == "__main__":
    main(sys.argv[1:])
