import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "args",
    [
        ["--peildatum", "2021-13-01", "--json"],
        ["--peildatum", "gisteren", "--json"],
        ["--peildatum", "2021-03-01", "--van", "1-3-21x", "--json"],
    ],
)
def test_bad_dates_give_a_dutch_message_and_exit_status_2(db, args):
    with pytest.raises(CommandError) as error:
        call_command("rapportage", *args, stdout=io.StringIO())

    assert error.value.returncode == 2
    assert "Ongeldige datum" in str(error.value) and "JJJJ-MM-DD" in str(error.value)


def test_start_after_peildatum_is_refused_with_exit_status_2(db):
    with pytest.raises(CommandError) as error:
        call_command(
            "rapportage", "--peildatum", "2021-03-01", "--van", "2021-04-01", "--json",
            stdout=io.StringIO(),
        )  # fmt: skip

    assert error.value.returncode == 2
    assert "ligt na de peildatum" in str(error.value)


def test_bad_date_from_the_command_line_exits_with_status_2():
    result = subprocess.run(
        [sys.executable, "manage.py", "rapportage", "--peildatum", "31-02-2021", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "samenvooruit.settings_test"},
    )

    assert result.returncode == 2
    assert "Ongeldige datum voor --peildatum: '31-02-2021'" in result.stderr
    assert result.stdout == ""


def test_json_accepts_dutch_date_notation_and_prints_only_json(db):
    out = io.StringIO()

    call_command("rapportage", "--peildatum", "01-03-2021", "--json", stdout=out)
    data = json.loads(out.getvalue())

    assert data["peildatum"] == "2021-03-01"
    assert set(data) >= {"tables", "key_figures", "peildatum"}
    assert len(data["tables"]) == 13  # the eight, the outcomes, the fund chain's three, the route


def test_output_choice_is_required(db):
    with pytest.raises(CommandError):
        call_command("rapportage", "--peildatum", "2021-03-01", stdout=io.StringIO())
