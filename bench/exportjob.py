"""The background worker as the benchmark and the load test run it (docs/PERFORMANCE.md,
"Background work"): a real `manage.py db_worker` process against the benchmark's database, its
memory read from /proc, and the 100,000-row list export that a coordinator starts as a job.

Needs Django set up with bench.settings (the database task backend of production: a test
backend would run the job inside the request and measure nothing of the worker)."""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPORT_ROWS = 100_000
# the worker's command as in docs/BEHEER.md (default poll interval of 1 s); no random delay at
# start, the benchmark waits until it polls anyway
WORKER_COMMAND = ["manage.py", "db_worker", "--no-reload", "--no-startup-delay"]


def proc_status_mb(pid: int) -> dict:
    """VmRSS (resident now) and VmHWM (peak resident) of a process, in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values


def check_database_backend() -> None:
    from django.conf import settings

    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks_db.DatabaseBackend":
        raise SystemExit(f"the job measurement needs the database task backend, not {backend}")


class Worker:
    """`manage.py db_worker` in its own process. `start_mb` is its resident set once it is up
    and idle; its peak (VmHWM) is reset at that moment (/proc/<pid>/clear_refs), so
    `peak_above_start()` is what the jobs added, not Django's start-up."""

    def __init__(self, env: dict | None = None):
        self.log = tempfile.NamedTemporaryFile(prefix="bench-worker-", suffix=".log")
        self.process = subprocess.Popen(
            [sys.executable, *WORKER_COMMAND],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.pid = self.process.pid
        self.start_mb = None
        self.samples_mb = []

    def wait_until_polling(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while b"Starting worker" not in Path(self.log.name).read_bytes():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("db_worker did not start:\n" + self.output())
            time.sleep(0.2)
        time.sleep(2.5)  # two polls of the queue: connection open, first query planned
        Path(f"/proc/{self.pid}/clear_refs").write_text("5")  # VmHWM := VmRSS now
        self.start_mb = proc_status_mb(self.pid)["VmRSS"]

    def sample(self) -> float:
        rss = proc_status_mb(self.pid)["VmRSS"]
        self.samples_mb.append(rss)
        return rss

    def peak_above_start(self) -> float:
        return proc_status_mb(self.pid)["VmHWM"] - self.start_mb

    def memory(self) -> dict:
        status = proc_status_mb(self.pid)
        return {
            "worker_rss_start_mb": round(self.start_mb, 1),
            "worker_rss_end_mb": round(status["VmRSS"], 1),
            "worker_peak_mb": round(status["VmHWM"], 1),
            "worker_peak_above_start_mb": round(status["VmHWM"] - self.start_mb, 1),
            "worker_rss_sampled_max_mb": round(max(self.samples_mb, default=0), 1),
        }

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")[-4000:]

    def stop(self, seconds: float = 90) -> None:
        """SIGTERM: the worker finishes a running job, then exits (as systemd stops it)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=seconds)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


def export_filter(rows: int = EXPORT_ROWS) -> tuple[str, int]:
    """intake_van such that the help-request list holds about `rows` (all when fewer)."""
    from hulpvragen.models import Hulpvraag

    dates = Hulpvraag.objects.order_by("-intake_datum").values_list("intake_datum", flat=True)
    total = Hulpvraag.objects.count()
    van = dates[min(rows, total) - 1]
    return van.isoformat(), Hulpvraag.objects.filter(intake_datum__gte=van).count()


def export_url(van: str) -> str:
    from django.urls import reverse

    return f"{reverse('hulpvragen:hulpvraag_list_xlsx')}?intake_van={van}"


def clear_queue() -> int:
    """Jobs left waiting by an earlier, interrupted run would go first: drop them (the
    benchmark's database only)."""
    from django_tasks_db.models import DBTaskResult

    from taken.models import Taak, TaakStatus

    waiting = DBTaskResult.objects.filter(status="READY")
    count = waiting.count()
    waiting.delete()
    Taak.objects.filter(status__in=[TaakStatus.WACHT, TaakStatus.BEZIG]).delete()
    return count


def remove_jobs(taken) -> None:
    """The jobs a measurement started, with their files and task results."""
    from django_tasks_db.models import DBTaskResult

    for taak in taken:
        if taak.bestand:
            taak.bestand.delete(save=False)
        DBTaskResult.objects.filter(id=taak.task_id).delete()
        taak.delete()
