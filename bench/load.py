"""The load test: `python bench/load.py` (docs/PERFORMANCE.md).

Starts gunicorn (bench.settings, WORKERS processes) on 127.0.0.1 against the database of
DATABASE_URL (built by bench/run.py), runs locust headless with USERS simulated users of the
roles in bench/locustfile.py for DURATION, stops both, and prints errors, median and p95 per page
(and JSON with --json). It stops by itself: after DURATION, or after BENCH_MAX_REQUESTS requests.
"""

import argparse
import csv
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", default="2m")
    parser.add_argument("--workers", type=int, default=4)
    # users arrive one per second (50 logins over 50 s, as a morning's logins spread); each login
    # is an Argon2 hash of about half a second of a core, so 10 per second queue everything
    parser.add_argument("--spawn-rate", type=float, default=1.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT)}
    host = f"http://127.0.0.1:{PORT}"
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
            subprocess.run(
                [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"),
                 "--headless", "-u", str(args.users), "-r", str(args.spawn_rate), "-t", args.duration,
                 "--host", host, "--csv", prefix, "--only-summary", "--stop-timeout", "10"],
                cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL,
            )  # fmt: skip
            pages = read_stats(prefix)
    finally:
        server.terminate()
        server.wait(timeout=30)
    result = {
        "users": args.users,
        "duration": args.duration,
        "gunicorn_workers": args.workers,
        "spawn_rate": args.spawn_rate,
        "load_average_before": " ".join(load_before),
        "load_average_after": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
        "pages": pages,
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


if __name__ == "__main__":
    main()
