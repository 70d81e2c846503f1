"""The load test: `python bench/load.py` (docs/PERFORMANCE.md).

Starts gunicorn (bench.settings, WORKERS processes) on 127.0.0.1 against the database of
DATABASE_URL (built by bench/run.py), runs locust headless with USERS simulated users of the
roles in bench/locustfile.py for DURATION, stops both, and prints errors, median and p95 per page
(and JSON with --json). It stops by itself: after DURATION, or after BENCH_MAX_REQUESTS requests.

With --export-job it also starts a background worker (`manage.py db_worker`, bench/exportjob.py)
and one more user, a coordinator who keeps one 100,000-row list export job running for the whole
test (bench/locustfile.py, `Exporteur`): the daily mix of USERS users is measured with that job
running, and the jobs' times and the worker's peak memory are added to the output.

Before the load starts, the report is as a running system has it: the coordinators' quarter
report (the one bench/locustfile.py opens) was opened before and kept warm by the worker after
the last write (rapportage.warmhouden), done here in this process. `--koud` leaves the cache as
it is (a report nobody opened since the last change: the first request computes it).
"""

import argparse
import csv
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORT = 8765
EXPORT_USER = "coordinator"


def wait_until_up(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer on {url}")


def read_stats(prefix) -> dict:
    pages = {}
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            name = "totaal" if row["Name"] == "Aggregated" else row["Name"]
            pages[name] = {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "median_ms": float(row["Median Response Time"]),
                "p95_ms": float(row["95%"]),
            }
    return pages


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def kept_warm() -> dict:
    """What the worker leaves after the last write: the quarter report the load's coordinators
    open remembered and computed at the current data version (rapportage.warmhouden)."""
    from django.contrib.auth import get_user_model
    from django.utils import translation

    from rapportage import warmhouden

    today = datetime.date.today()
    van = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)  # as bench/locustfile.py
    coordinator = get_user_model().objects.get(username=EXPORT_USER)
    start = time.perf_counter()
    with translation.override("nl"):
        warmhouden.onthoud(coordinator, f"peildatum={today}&van={van}")
        reports = warmhouden.warm_houden()
    return {"reports": reports, "seconds": round(time.perf_counter() - start, 2)}


def start_export_worker():
    """The worker, once it polls the queue, and the filter of the 100,000-row list."""
    from bench import exportjob

    exportjob.check_database_backend()
    van, rows = exportjob.export_filter()
    exportjob.clear_queue()
    worker = exportjob.Worker()
    worker.wait_until_polling()
    return worker, van, rows


def export_jobs(since) -> dict:
    """The export jobs of this run: how many, their times, and then they are removed."""
    from bench import exportjob
    from taken.models import Taak, TaakStatus

    jobs = list(Taak.objects.filter(eigenaar__username=EXPORT_USER, aangemaakt__gte=since))
    done = [t for t in jobs if t.status == TaakStatus.KLAAR]
    seconds = sorted(round((t.klaar_op - t.aangemaakt).total_seconds(), 1) for t in done)
    result = {
        "jobs_started": len(jobs),
        "jobs_finished": len(done),
        "jobs_failed": sum(t.status == TaakStatus.MISLUKT for t in jobs),
        "job_rows": done[0].totaal if done else None,
        "job_s": seconds,
    }
    exportjob.remove_jobs(jobs)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", default="2m")
    parser.add_argument("--workers", type=int, default=4)
    # users arrive one per second (50 logins over 50 s, as a morning's logins spread); each login
    # is an Argon2 hash of about half a second of a core, so 10 per second queue everything
    parser.add_argument("--spawn-rate", type=float, default=1.0)
    parser.add_argument(
        "--export-job",
        action="store_true",
        help="keep one 100,000-row list export job running (a db_worker started here)",
    )
    parser.add_argument(
        "--koud",
        action="store_true",
        help="do not keep the report warm before the load (the first report request computes)",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT)}
    host = f"http://127.0.0.1:{PORT}"
    worker = None
    locust_users = args.users
    setup_django()
    warm = None if args.koud else kept_warm()
    if args.export_job:
        from django.utils import timezone

        since = timezone.now()
        worker, van, export_rows = start_export_worker()
        env["BENCH_EXPORT_VAN"] = van
        locust_users += 1  # the exporting coordinator comes on top of the daily mix
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "samenvooruit.wsgi", "-b", f"127.0.0.1:{PORT}",
         "-w", str(args.workers), "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        wait_until_up(f"{host}/healthz")
        load_before = Path("/proc/loadavg").read_text().split()[:3]
        with tempfile.TemporaryDirectory() as tmp:
            prefix = f"{tmp}/load"
            locust = subprocess.Popen(
                [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"),
                 "--headless", "-u", str(locust_users), "-r", str(args.spawn_rate),
                 "-t", args.duration, "--host", host, "--csv", prefix, "--only-summary",
                 "--stop-timeout", "10"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
            )  # fmt: skip
            while locust.poll() is None:
                if worker:
                    worker.sample()
                time.sleep(1)
            pages = read_stats(prefix)
        load_after = load_average()
        if worker:
            memory = worker.memory()
    finally:
        server.terminate()
        server.wait(timeout=30)
        if worker:
            worker.stop()  # finishes the job it is on
    result = {
        "users": args.users,
        "duration": args.duration,
        "gunicorn_workers": args.workers,
        "spawn_rate": args.spawn_rate,
        "export_job_running": args.export_job,
        "load_average_before": " ".join(load_before),
        "load_average_after": load_after,
        # the report kept warm before the load (None: --koud)
        "report_kept_warm": warm,
        "pages": pages,
    }
    if worker:
        result["export_job"] = {
            "export_rows": export_rows,
            "export_filter": f"intake_van={van}",
            **export_jobs(since),
            "export_job_peak_mb": memory["worker_peak_above_start_mb"],
            "worker": memory,
        }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{args.users} users ({args.spawn_rate}/s), {args.duration}, gunicorn {args.workers} workers "
          f"(load {result['load_average_before']} -> {result['load_average_after']})")  # fmt: skip
    print(f"{'page':28} {'requests':>9} {'errors':>7} {'median ms':>10} {'p95 ms':>8}")
    for name, page in pages.items():
        print(f"{name:28} {page['requests']:>9} {page['errors']:>7} "
              f"{page['median_ms']:>10.0f} {page['p95_ms']:>8.0f}")  # fmt: skip
    if worker:
        job = result["export_job"]
        print(f"export jobs of {job['export_rows']} rows: {job['jobs_finished']} finished of "
              f"{job['jobs_started']} started, {job['job_s']} s each, worker peak "
              f"+{job['export_job_peak_mb']} MB")  # fmt: skip


if __name__ == "__main__":
    main()
