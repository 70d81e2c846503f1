"""SQLite (the demo's database) has one write lock, and a transaction of the settings'
IMMEDIATE kind takes it when it begins. An import job in the worker must leave the web able to
write: its reading and checking hold no lock at all (a web write that does not wait gets in),
and while it writes, a web write waits for its commit (the settings' 20 s) and then succeeds,
instead of failing with "database is locked".

Two real processes on one SQLite file with the project's settings (tests/registratie/
sqlite_sides.py): the import, as the job runs it, and a web process saving sessions."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.registratie.sqlite_sides import HOLD_S
from tests.registratie.test_workbook import workbook

ROOT = Path(__file__).resolve().parents[2]
N = 20


def django_env(tmp_path):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samenvooruit.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DEBUG": "true",
        "MEDIA_ROOT": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }


def side(env, *args):
    command = [sys.executable, "-m", "tests.registratie.sqlite_sides", *args]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def outcome(process) -> dict:
    try:
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


def test_web_writes_wait_for_the_import_and_its_check_holds_no_lock(tmp_path):
    env = django_env(tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=180
    )
    bestand = tmp_path / "werkmap.xlsx"
    rows = [{"huishouden": f"HH-{i}", "hulpvrager": f"Persoon {i}"} for i in range(N)]
    bestand.write_bytes(workbook(pilots=[{}], hulpvragen=rows).getvalue())
    signals = tmp_path / "signalen"
    signals.mkdir()

    importer = side(env, "import", str(bestand), str(signals))
    web = side(env, "web", str(signals))
    web_outcome, import_outcome = outcome(web), outcome(importer)

    assert import_outcome == {"opgeslagen": True, "problemen": []}
    # the write during the import's transaction waited for its commit, and got in
    assert HOLD_S / 2 < web_outcome["wachtte_s"] < 20
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        sessions = {key for (key,) in db.execute("SELECT session_key FROM django_session")}
        hulpvragen = db.execute("SELECT count(*) FROM hulpvragen_hulpvraag").fetchone()[0]
    assert sessions == {"tijdens-lezen", "tijdens-schrijven"}
    assert hulpvragen == N
