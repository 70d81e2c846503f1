"""The benchmark: `python bench/run.py --hulpvragen N [--json]` (docs/PERFORMANCE.md).

Into the PostgreSQL database of DATABASE_URL (created empty by the operator, e.g.
`createdb sv_bench_1m`): migrates the schema, builds N help requests with everything around them
(bench/build.py, COPY), then measures
- the full report through the product (`build_report`, median of 5 after one warm-up) and the same
  tables by hand-written SQL (bench/report_sql.py), asserting that both give the same numbers;
- the trend (the key figures of the last eight quarters) computed and cached, and the report
  page with it, computed (as after a write) and from the cache;
- the list pages through Django's test client, logged in with each role (median and p95 of 50);
- one daily run of the reminders (`herinneringen`) on a Monday with every trusted person logged
  in, and the same run again, rolled back afterwards;
- the filtered Excel download of (up to) 100,000 rows, in a fresh process: time and peak RSS
  (the direct download, with TAKEN_DIRECT_MAX_RIJEN raised for that process: the exporter's own
  cost, comparable with earlier rounds);
- the same download as the product runs it, a background job: what enqueueing costs the request,
  then a real `manage.py db_worker` making the file (enqueue to file ready, the worker's peak
  memory) while the list pages are measured again (bench/exportjob.py);
- the import of a 10,000-row workbook (rolled back afterwards), in a fresh process;
- a sample of the data through the product's import check (all of it must pass);
- the spreadsheet way: the export loaded in pandas and pivoted (at most 100,000 rows).

A database that already holds help requests is measured as it is (no second build).
Memory: peak resident set size of a child process (VmHWM in /proc/self/status) minus its
resident set just before the step (VmRSS), so it is what the step itself added.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import exportjob  # noqa: E402

PAGE_REQUESTS = 50
SLOW_PAGE_S = 3.0
REPORT_RUNS = 5
ENQUEUE_REQUESTS = 20
JOB_TIMEOUT_S = 900
IMPORT_ROWS = 10_000
PANDAS_MAX_ROWS = 100_000
SAMPLE_HOUSEHOLDS = 500
DUBBEL_INTAKES = 60  # intakes whose duplicate check is timed: half known persons, half new


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def rss_now_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def rss_peak_mb() -> float:
    """VmHWM, the peak resident set of this process image. (getrusage's ru_maxrss would do,
    but Linux carries it over from the parent through fork and exec.)"""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def median_p95(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[max(0, round(0.95 * len(ordered)) - 1)]


# --- the data --------------------------------------------------------------------------------------


def ensure_data(n: int) -> dict:
    from bench.build import build
    from hulpvragen.models import Hulpvraag

    call_command("migrate", verbosity=0)
    existing = Hulpvraag.objects.count()
    if existing:
        log(f"database holds {existing} help requests: measuring it as it is (no build)")
        return {"build_s": None, "hulpvragen": existing, **ensure_meldingen()}
    log(f"building {n} help requests (load {load_average()})")
    start = time.perf_counter()
    result = build(n, progress=log)
    built = time.perf_counter() - start
    start = time.perf_counter()
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # visibility map: index-only scans from the start
    vacuum = time.perf_counter() - start
    log(f"built in {built:.1f} s, VACUUM ANALYZE {vacuum:.1f} s")
    return {"build_s": round(built, 1), "vacuum_s": round(vacuum, 1), **result["counts"]}


def ensure_meldingen() -> dict:
    """A database built before the build made notices (bench/build.py `build_meldingen`): the
    logins' year of notices added once, so the inbox page is measured with a full inbox."""
    from bench.build import build_meldingen
    from meldingen.models import Melding

    if Melding.objects.exists():
        return {}
    made = build_meldingen(progress=log)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Melding._meta.db_table}")
    return {"meldingen": made}


def users() -> dict:
    from django.contrib.auth import get_user_model

    names = ["coordinator", "orgcoordinator", "vp1", "commissie1"]
    return {u.username: u for u in get_user_model().objects.filter(username__in=names)}


# --- the report ----------------------------------------------------------------------------------


def measure_report(coordinator) -> dict:
    from bench import report_sql
    from rapportage.report import build_report

    peildatum = timezone.localdate()
    build_report(user=coordinator, peildatum=peildatum)  # warm-up
    times = []
    for _ in range(REPORT_RUNS):
        cache.clear()  # the report computed, not taken from the cache
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            product = build_report(user=coordinator, peildatum=peildatum)
        times.append(time.perf_counter() - start)
    cached_times = []
    for _ in range(REPORT_RUNS):
        start = time.perf_counter()
        build_report(user=coordinator, peildatum=peildatum)
        cached_times.append(time.perf_counter() - start)
    report_query(peildatum)  # warm-up
    sql_times = []
    for _ in range(REPORT_RUNS):
        start = time.perf_counter()
        result = report_query(peildatum)
        sql_times.append(time.perf_counter() - start)
    start = time.perf_counter()
    by_definition = report_sql.query(peildatum, definition=True)
    definition_s = time.perf_counter() - start
    problems = report_sql.differences(product, result)
    problems += report_sql.differences(product, by_definition)
    if problems:
        raise SystemExit("the product's report and the SQL disagree:\n" + "\n".join(problems))
    report_s, sql_s = statistics.median(times), statistics.median(sql_times)
    return {
        "report_s": round(report_s, 3),
        "report_sql_s": round(sql_s, 3),
        "report_ratio": round(report_s / sql_s, 2),
        "report_queries": len(queries.captured_queries),
        "report_cached_s": round(statistics.median(cached_times), 4),
        "report_equal_to_sql": True,
        "report_sql_definition_s": round(definition_s, 3),
        "report_runs_s": [round(t, 3) for t in times],
        "report_sql_runs_s": [round(t, 3) for t in sql_times],
    }


def measure_trend(coordinator) -> dict:
    """The key figures of the last eight quarters (rapportage.report.trend) computed (cache
    emptied first) and from the cache, and the report page with it: computed (cache emptied
    before each request: the report and the trend, as after a write) for all years and for the
    last quarter, and as the daily page (from the cache). Medians of REPORT_RUNS."""
    from rapportage.report.forms import last_quarters
    from rapportage.report.trend import build_trend

    peildatum = timezone.localdate()
    build_trend(user=coordinator, peildatum=peildatum)  # warm-up
    times = []
    for _ in range(REPORT_RUNS):
        cache.clear()
        reset_queries()  # the capture counts from a query log that is not full
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            build_trend(user=coordinator, peildatum=peildatum)
        times.append(time.perf_counter() - start)
        n_queries = len(queries.captured_queries)  # now: a request empties the query log
    cached = []
    for _ in range(REPORT_RUNS):
        start = time.perf_counter()
        build_trend(user=coordinator, peildatum=peildatum)
        cached.append(time.perf_counter() - start)
    client = Client()
    client.force_login(coordinator)
    _label, van, eind = last_quarters(peildatum)[0]
    urls = {
        "all": f"{reverse('rapportage:rapport')}?peildatum={peildatum}",
        "quarter": f"{reverse('rapportage:rapport')}?van={van}&peildatum={eind}",
    }
    page = {}
    for name, url in urls.items():
        client.get(url)  # warm-up
        computed, from_cache = [], []
        for _ in range(REPORT_RUNS):
            cache.clear()
            start = time.perf_counter()
            assert client.get(url).status_code == 200
            computed.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            client.get(url)
            from_cache.append((time.perf_counter() - start) * 1000)
        page[f"report_page_{name}_computed_ms"] = round(statistics.median(computed), 1)
        page[f"report_page_{name}_cached_ms"] = round(statistics.median(from_cache), 1)
    return {
        "trend_s": round(statistics.median(times), 3),
        "trend_cached_s": round(statistics.median(cached), 4),
        "trend_queries": n_queries,
        "trend_runs_s": [round(t, 3) for t in times],
        **page,
    }


def report_query(peildatum):
    from bench import report_sql

    return report_sql.query(peildatum)


# --- pages ---------------------------------------------------------------------------------------


def pages(people) -> list[tuple[str, str, str]]:
    """(name, login, url): the daily pages of each role."""
    from hulpvragen.models import Huishouden

    zoek = Huishouden.objects.order_by("pk").values_list("referentie", flat=True)[7]
    lijst = reverse("hulpvragen:hulpvraag_list")
    return [
        ("hulpvragen", "coordinator", lijst),
        (
            "hulpvragen_gefilterd",
            "coordinator",
            f"{lijst}?status=nog_in_behandeling&soort=praktisch&woonplaats=oost",
        ),
        ("hulpvragen_zoeken", "coordinator", f"{lijst}?q={zoek}"),
        ("hulpvragen_organisatie", "orgcoordinator", lijst),
        ("huishoudens", "coordinator", reverse("hulpvragen:huishouden_list")),
        ("overzicht", "coordinator", reverse("hulpvragen:overzicht")),
        ("mijn", "vp1", reverse("hulpvragen:mijn")),
        ("commissie", "commissie1", reverse("noodfonds:commissie")),
        # the inbox with a year of notices (bench/build.py MELDINGEN_PER_DAG)
        ("meldingen", "vp1", reverse("meldingen:inbox")),
        ("meldingen_coordinator", "coordinator", reverse("meldingen:inbox")),
    ]


def measure_pages(people) -> dict:
    results = {}
    for name, login, url in pages(people):
        client = Client()
        client.force_login(people[login])
        start = time.perf_counter()
        response = client.get(url)  # warm-up
        warm_up = time.perf_counter() - start
        assert response.status_code == 200, (name, response.status_code)
        # a request starts by emptying the query log: start the capture from an empty one too
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        n_queries = len(queries.captured_queries)  # read now: the next request empties the log
        times = []
        # a page far off its target is measured 5 times, not 50 (the run must end)
        requests = PAGE_REQUESTS if warm_up < SLOW_PAGE_S else 5
        for _ in range(requests):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (name, response.status_code)
        median, p95 = median_p95(times)
        results[name] = {
            "median_ms": round(median, 1),
            "p95_ms": round(p95, 1),
            "queries": n_queries,
            "requests": requests,
            "url": url,
            "login": login,
        }
        log(f"  {name:24} median {median:7.1f} ms  p95 {p95:7.1f} ms  load {load_average()}")
    return results


# --- the duplicate check of an intake -------------------------------------------------------------


def _anders_getypt(rng, naam: str) -> str:
    """A stored name as someone else types it: last name first, a letter dropped, or both."""
    delen = naam.split(" ")
    if rng.random() < 0.6:
        delen = [*delen[1:], delen[0]]
    if rng.random() < 0.6:
        langste = max(range(len(delen)), key=lambda k: len(delen[k]))
        woord = delen[langste]
        plek = rng.randrange(1, len(woord))
        delen[langste] = woord[:plek] + woord[plek + 1 :]
    return " ".join(delen)


def dubbel_intakes(rng) -> list[dict]:
    """DUBBEL_INTAKES intakes: half persons already registered (typed otherwise, with their birth
    year), half new names (bench/namen.py, a random birth year and phone)."""
    from bench import namen
    from hulpvragen.models import Hulpvrager

    hoogste = Hulpvrager.objects.order_by("-pk").values_list("pk", flat=True).first()
    gekozen = rng.sample(range(1, hoogste + 1), DUBBEL_INTAKES)
    bekend = Hulpvrager.objects.filter(pk__in=gekozen).exclude(naam="")[: DUBBEL_INTAKES // 2]
    intakes = [
        {
            "naam": _anders_getypt(rng, p.naam),
            "geboortejaar": p.geboortejaar,
            "telefoon": "",
            "postcode": "",
            "bekend": p.pk,
        }
        for p in bekend
    ]
    while len(intakes) < DUBBEL_INTAKES:
        intakes.append(
            {
                "naam": namen.naam(rng),
                "geboortejaar": rng.randint(1935, 2004),
                "telefoon": namen.telefoon(rng),
                "postcode": namen.postcode(rng),
                "bekend": None,
            }
        )
    return intakes


def measure_dubbelen(people) -> dict:
    """The duplicate check of an intake as a trusted person (vp1) runs it, the whole service
    (hulpvragen.services.controleer_dubbelen: the search, the scoping, the access-log entries and
    the coordinators' notices), each in a transaction rolled back (the hourly limit stays out of
    it); and the search alone (selectors.mogelijke_dubbelen, what the workbook check does per new
    person). Known persons must be found (`dubbelen_gevonden`)."""
    from hulpvragen import selectors, services

    rng = random.Random(23)
    intakes = dubbel_intakes(rng)
    vp = people["vp1"]
    vraag = lambda i: {k: i[k] for k in ("naam", "geboortejaar", "telefoon", "postcode")}  # noqa: E731
    selectors.mogelijke_dubbelen(**vraag(intakes[0]))  # warm-up
    zoeken, check, gevonden, hints = [], [], 0, 0
    for intake in intakes:
        start = time.perf_counter()
        found = selectors.mogelijke_dubbelen(**vraag(intake))
        zoeken.append((time.perf_counter() - start) * 1000)
        if intake["bekend"] is not None:
            gevonden += intake["bekend"] in {d.hulpvrager_id for d in found}
        with transaction.atomic():
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                controle = services.controleer_dubbelen(door=vp, **vraag(intake))
                check.append((time.perf_counter() - start) * 1000)
            transaction.set_rollback(True)
        hints += controle.iets_gevonden
        n_queries = len(queries.captured_queries)
    median, p95 = median_p95(check)
    zoek_median, zoek_p95 = median_p95(zoeken)
    bekend = sum(1 for i in intakes if i["bekend"] is not None)
    log(f"  duplicate check median {median:.1f} ms  p95 {p95:.1f} ms  load {load_average()}")
    return {
        "dubbelen_ms": round(median, 1),
        "dubbelen_p95_ms": round(p95, 1),
        "dubbelen_max_ms": round(max(check), 1),
        "dubbelen_queries": n_queries,
        "dubbelen_zoeken_ms": round(zoek_median, 1),
        "dubbelen_zoeken_p95_ms": round(zoek_p95, 1),
        "dubbelen_intakes": len(intakes),
        "dubbelen_gevonden": f"{gevonden}/{bekend}",
        "dubbelen_met_melding": hints,
    }


# --- the daily reminders ---------------------------------------------------------------------------


def give_every_trusted_person_a_login() -> int:
    """In the product every trusted person logs in (the built data links only vp1): a login with
    the role for each of them, set-based, so the reminders reach them all. Returns how many."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name,"
            " email, is_staff, is_active, date_joined)"
            " SELECT '!', false, 'bench_vp_' || id, '', '', '', false, true, now()"
            " FROM netwerk_vertrouwenspersoon WHERE user_id IS NULL"
        )
        added = cursor.rowcount
        cursor.execute(
            "UPDATE netwerk_vertrouwenspersoon v SET user_id = u.id FROM auth_user u"
            " WHERE v.user_id IS NULL AND u.username = 'bench_vp_' || v.id"
        )
        cursor.execute(
            "INSERT INTO auth_user_groups (user_id, group_id) SELECT u.id, g.id"
            " FROM auth_user u, auth_group g"
            " WHERE u.username LIKE 'bench\\_vp\\_%%' AND g.name = %s",
            ["Vertrouwenspersoon"],
        )
        cursor.execute("ANALYZE auth_user, auth_user_groups, netwerk_vertrouwenspersoon")
    return added


def measure_herinneringen() -> dict:
    """One daily run of `herinneringen` (meldingen.services.maak_herinneringen, as the command
    and the periodic job run it) over the built data, on this week's Monday so that the weekly
    digest is part of it, with every trusted person logged in
    (`give_every_trusted_person_a_login`); then the same run again (idempotent: it stores
    nothing new). All in one transaction, rolled back: the database stays as built."""
    from meldingen.models import Melding
    from meldingen.services import maak_herinneringen

    vandaag = timezone.localdate()
    maandag = vandaag - datetime.timedelta(days=vandaag.weekday())
    with transaction.atomic():
        logins = give_every_trusted_person_a_login()
        before = Melding.objects.count()
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            made = maak_herinneringen(vandaag=maandag)
            seconds = time.perf_counter() - start
        start = time.perf_counter()
        again = maak_herinneringen(vandaag=maandag)
        repeat = time.perf_counter() - start
        stored = Melding.objects.count() - before
        per_soort = {}
        for melding in made:
            per_soort[str(melding.soort)] = per_soort.get(str(melding.soort), 0) + 1
        transaction.set_rollback(True)
    log(f"  herinneringen: {seconds:.1f} s, {len(made)} notices, {len(queries)} queries;"
        f" again {repeat:.1f} s, {len(again)} new")  # fmt: skip
    return {
        "herinneringen_s": round(seconds, 1),
        "herinneringen_queries": len(queries.captured_queries),
        "herinneringen_meldingen": stored,
        "herinneringen_per_soort": per_soort,
        "herinneringen_logins": logins,
        "herinneringen_dag": maandag.isoformat(),
        "herinneringen_herhaling_s": round(repeat, 1),
        "herinneringen_herhaling_meldingen": len(again),
    }


# --- the Excel download and the import, each in a fresh process ----------------------------------


def child(step: str, *extra, env: dict | None = None) -> dict:
    command = [sys.executable, __file__, "--stap", step, *extra]
    output = subprocess.run(
        command, check=True, capture_output=True, text=True, env={**os.environ, **(env or {})}
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


# In the product a list above TAKEN_DIRECT_MAX_RIJEN rows becomes a job; `export_s` measures the
# download itself (the same exporter the job runs), so its process answers directly up to here.
DIRECT_FOR_EXPORT_S = {"TAKEN_DIRECT_MAX_RIJEN": "10000000"}


def step_export(van: str) -> dict:
    people = users()
    client = Client()
    client.force_login(people["coordinator"])
    url = exportjob.export_url(van)
    start_rss = rss_now_mb()
    start = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, f"expected the file, got {response.status_code}"
    size = sum(len(chunk) for chunk in response.streaming_content)
    seconds = time.perf_counter() - start
    return {
        "export_s": round(seconds, 1),
        "export_peak_mb": round(rss_peak_mb() - start_rss, 1),
        "export_rss_start_mb": round(start_rss, 1),
        "export_bytes": size,
    }


# --- the same download as a background job -------------------------------------------------------


def job_uuid(response) -> str:
    """The job's uuid from the redirect to its page (/taken/<uuid>/)."""
    assert response.status_code == 302 and "/taken/" in response.url, response.status_code
    return response.url.rstrip("/").rsplit("/", 1)[-1]


def measure_enqueue(people, url: str) -> dict:
    """What starting a large download costs the web request: the list's download view up to
    its redirect to the job's page (the list counted up to TAKEN_DIRECT_MAX_RIJEN + 1, the job
    and its task stored). No worker runs yet: each job is removed again after its request."""
    from taken.models import Taak

    exportjob.check_database_backend()
    client = Client()
    client.force_login(people["coordinator"])
    times = []
    for request in range(ENQUEUE_REQUESTS + 1):  # the first is the warm-up
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
        n_queries = len(queries.captured_queries)
        exportjob.remove_jobs(Taak.objects.filter(uuid=job_uuid(response)))
        if request:
            times.append(elapsed)
    median, p95 = median_p95(times)
    log(
        f"  enqueue                  median {median:7.1f} ms  p95 {p95:7.1f} ms  load {load_average()}"
    )
    return {
        "enqueue_ms": round(median, 1),
        "enqueue_p95_ms": round(p95, 1),
        "enqueue_requests": ENQUEUE_REQUESTS,
        "enqueue_queries": n_queries,
    }


def timed_get(client, url) -> tuple[float, float, object]:
    """(start, end) as wall-clock seconds (to compare with the job's timestamps), and the
    response."""
    start = time.time()
    response = client.get(url)
    return start, time.time(), response


def measure_export_job(people, url: str) -> dict:
    """The 100,000-row list download as the product runs it: a real `manage.py db_worker` (as
    in docs/BEHEER.md) against this database; the job is started through the list's download
    view, and until the job's progress says done (asked like the progress page, through its
    status view) the list pages are requested in turns, one request each per round. Only
    requests that ran entirely between the job's start and its end count for
    `pages_during_export`."""
    from taken.models import Taak, TaakStatus

    exportjob.check_database_backend()
    dropped = exportjob.clear_queue()
    if dropped:
        log(f"  dropped {dropped} jobs left waiting by an earlier run")
    rounds = []
    for name, login, page_url in pages(people):
        client = Client()
        client.force_login(people[login])
        assert client.get(page_url).status_code == 200  # warm-up
        rounds.append((name, client, page_url))
    coordinator = Client()
    coordinator.force_login(people["coordinator"])
    samples = {name: [] for name, _client, _url in rounds} | {"taak_status": []}
    worker = exportjob.Worker()
    try:
        worker.wait_until_polling()
        load_start = load_average()
        started = timezone.now()
        taak = Taak.objects.get(uuid=job_uuid(coordinator.get(url)))
        status_url = reverse("taken:status", args=[taak.uuid])
        deadline = time.monotonic() + JOB_TIMEOUT_S
        while time.monotonic() < deadline:
            for name, client, page_url in rounds:
                start, end, response = timed_get(client, page_url)
                assert response.status_code == 200, (name, response.status_code)
                samples[name].append((start, end))
            worker.sample()
            start, end, response = timed_get(coordinator, status_url)
            samples["taak_status"].append((start, end))
            if response.json()["status"] in (TaakStatus.KLAAR, TaakStatus.MISLUKT):
                break
        taak.refresh_from_db()
        if taak.status != TaakStatus.KLAAR:
            raise SystemExit(f"the export job did not finish: {taak.status} {taak.melding}\n"
                             + worker.output())  # fmt: skip
        peak = worker.peak_above_start()
        memory = worker.memory()
        load_end = load_average()
        size = taak.bestand.size
    finally:
        worker.stop()
    exportjob.remove_jobs([taak])
    during = pages_between(samples, taak.gestart.timestamp(), taak.klaar_op.timestamp())
    result = {
        "export_job_rows": taak.totaal,
        "export_job_s": round((taak.klaar_op - started).total_seconds(), 1),
        "export_job_wait_s": round((taak.gestart - taak.aangemaakt).total_seconds(), 2),
        "export_job_run_s": round((taak.klaar_op - taak.gestart).total_seconds(), 1),
        "export_job_peak_mb": round(peak, 1),
        "export_job_bytes": size,
        "export_job_worker": memory,
        "export_job_load_average": f"{load_start} -> {load_end}",
        "pages_during_export": during,
    }
    log(f"  job: {result['export_job_s']} s, worker peak +{result['export_job_peak_mb']} MB")
    for name, page in during.items():
        log(f"  {name:24} median {page['median_ms']:7.1f} ms  p95 {page['p95_ms']:7.1f} ms"
            f"  ({page['requests']} requests during the job)")  # fmt: skip
    return result


def pages_between(samples: dict, begin: float, end: float) -> dict:
    during = {}
    for name, spans in samples.items():
        inside = [(stop - start) * 1000 for start, stop in spans if start >= begin and stop <= end]
        if not inside:
            continue
        median, p95 = median_p95(inside)
        during[name] = {
            "median_ms": round(median, 1),
            "p95_ms": round(p95, 1),
            "requests": len(inside),
        }
    return during


def workbook_for(hulpvragen, path, *, prefix=None, aanvragen=None) -> int:
    """A registration workbook of these help requests (the product's export rows); `prefix`
    renames the households so an import creates them anew."""
    from django.utils import translation

    from registratie.workbook import columns, exporter
    from samenvooruit import xlsx

    with translation.override("nl"):
        lists = columns.Lists()
        labels = {name: dict(pairs) for name, pairs in lists.named().items()}
        wb = xlsx.new_workbook(write_only=True)
        xlsx.write_sheet(wb, columns.PILOTS, columns.PILOT_COLUMNS, exporter.pilot_rows())

        def rows():
            for h in hulpvragen.iterator(chunk_size=2000):
                row = exporter.hulpvraag_row(h, labels)
                if prefix:
                    row[0] = prefix + row[0][2:]
                yield row

        xlsx.write_sheet(
            wb, columns.HULPVRAGEN, columns.HULPVRAAG_COLUMNS + columns.HULPVRAAG_EXTRA, rows()
        )
        fund = aanvragen if aanvragen is not None else []
        xlsx.write_sheet(
            wb,
            columns.NOODFONDS,
            columns.AANVRAAG_COLUMNS + columns.AANVRAAG_EXTRA,
            exporter.aanvraag_rows(lists, fund) if aanvragen is not None else [],
        )
        wb.save(path)
    return hulpvragen.count()


def export_queryset():
    from hulpvragen.models import Hulpvraag

    return Hulpvraag.objects.select_related(
        "huishouden__organisatie", "hulpvrager", "pilot", "vertrouwenspersoon"
    ).prefetch_related("themas", "statushistorie")


def import_workbook_file(path: str) -> int:
    """IMPORT_ROWS help requests of whole households, renamed so the import creates them."""
    from hulpvragen.models import Hulpvraag

    ids = list(Hulpvraag.objects.order_by("pk").values_list("pk", flat=True)[:IMPORT_ROWS])
    queryset = export_queryset().filter(pk__in=ids)
    queryset = queryset.order_by(
        "huishouden__referentie", "-hulpvrager__is_hoofdpersoon", "intake_datum", "pk"
    )
    return workbook_for(queryset, path, prefix="IM")


def step_import(path: str) -> dict:
    from registratie.workbook import import_workbook

    start_rss = rss_now_mb()
    start = time.perf_counter()
    with transaction.atomic():
        with open(path, "rb") as fileobj:
            result = import_workbook(fileobj, bestandsnaam="bench.xlsx", via="bench")
        seconds = time.perf_counter() - start
        # what the commit would still run: the deferred foreign-key checks and the data
        # version's trigger (rapportage.dataversie), then rolled back with the rest
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        deferred = time.perf_counter() - start
        transaction.set_rollback(True)  # the benchmark's database stays as it was built
    plan = result.plan
    if not result.opgeslagen:
        raise SystemExit(f"import refused: {[str(p) for p in plan.problemen[:10]]}")
    created = plan.aantallen()["hulpvragen"]
    return {
        "import_rows": created,
        "import_s": round(seconds, 1),
        "import_deferred_checks_s": round(deferred, 2),
        "import_rows_per_s": round(created / seconds),
        "import_peak_mb": round(rss_peak_mb() - start_rss, 1),
    }


def validate_sample() -> dict:
    """Acceptance 3: whole households drawn at random, with their fund applications, as the
    product exports them, through the product's import check. Every row must pass (and be
    recognised as already stored)."""
    from hulpvragen.models import Huishouden
    from noodfonds.models import Aanvraag
    from registratie.workbook import read_plan

    households = list(
        Huishouden.objects.order_by("?").values_list("pk", flat=True)[:SAMPLE_HOUSEHOLDS]
    )
    hulpvragen = export_queryset().filter(huishouden__in=households)
    hulpvragen = hulpvragen.order_by(
        "huishouden__referentie", "-hulpvrager__is_hoofdpersoon", "intake_datum", "pk"
    )
    aanvragen = Aanvraag.objects.filter(huishouden__in=households)
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as target:
        rows = workbook_for(hulpvragen, target.name, aanvragen=aanvragen)
        start = time.perf_counter()
        with open(target.name, "rb") as fileobj:
            plan = read_plan(fileobj)
        seconds = time.perf_counter() - start
    if not plan.ok:
        raise SystemExit(
            "benchmark data refused by the import check:\n"
            + "\n".join(str(p) for p in plan.problemen[:20])
        )
    return {
        "sample_households": len(households),
        "sample_hulpvragen": rows,
        "sample_aanvragen": aanvragen.count(),
        "sample_check_s": round(seconds, 1),
        "sample_problems": 0,
        "sample_already_stored": dict(plan.bestaand),
        "sample_new": plan.aantallen(),
    }


# --- the spreadsheet way -------------------------------------------------------------------------


def step_pandas(path: str, rows: int) -> dict:
    import pandas as pd

    start_rss = rss_now_mb()
    start = time.perf_counter()
    df = pd.read_excel(path, sheet_name="Hulpvragen")
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    leeftijd = df["datum_aanmelding"].dt.year - df["geboortejaar"]
    bands = pd.cut(
        leeftijd, [-1000, 19, 39, 59, 79, 1000], labels=["1-20", "20-40", "40-60", "60-80", "80+"]
    )
    tables = {
        "Leeftijd": pd.crosstab(bands.astype(str), df["pilot"], margins=True),
        "Sekse": pd.crosstab(df["geslacht"], df["pilot"], margins=True),
        "Status": pd.crosstab(df["status"], df["pilot"], margins=True),
        "Soort": pd.crosstab(df["soort"], df["pilot"], margins=True),
        "Terugkerend": pd.crosstab(df["terugkerend"].fillna("N.G"), df["pilot"], margins=True),
    }
    pivoted = time.perf_counter() - start
    totals = {
        name: {str(k): int(v) for k, v in t["All"].items() if k != "All"}
        for name, t in tables.items()
    }
    return {
        "pandas_rows": len(df),
        "pandas_load_s": round(loaded, 1),
        "pandas_pivot_s": round(pivoted, 2),
        "pandas_s": round(loaded + pivoted, 1),
        "pandas_peak_mb": round(rss_peak_mb() - start_rss, 1),
        "pandas_totals": totals,
    }


def pandas_baseline() -> dict:
    """The spreadsheet way: the registration export's Hulpvragen sheet of (at most)
    PANDAS_MAX_ROWS help requests, loaded in pandas and pivoted; its Sekse and Status totals are
    checked against the product's tables over the same help requests."""
    from hulpvragen.models import Hulpvraag
    from rapportage.report import categories, tables

    ids = Hulpvraag.objects.order_by("pk").values_list("pk", flat=True)
    last = ids[min(PANDAS_MAX_ROWS, Hulpvraag.objects.count()) - 1]
    subset = export_queryset().filter(pk__lte=last).order_by("pk")
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as target:
        start = time.perf_counter()
        rows = workbook_for(subset, target.name)
        written = time.perf_counter() - start
        result = child("pandas", target.name, str(rows))
    peildatum = timezone.localdate()
    # the report's own pass and tables, over the same help requests as the spreadsheet
    groups = tables.per_pilot(Hulpvraag.objects.filter(pk__lte=last), peildatum)
    product = {
        name: tables.hulpvraag_tables(groups)[title]
        for name, title in (("Sekse", categories.SEKSE), ("Status", categories.STATUS))
    }
    equal = all(
        {row[0]: row[-1] for row in product[name]["rows"] if row[0] != categories.TOTAAL}.items()
        <= {k: v for k, v in result["pandas_totals"][name].items()}.items()
        for name in product
    )
    result.pop("pandas_totals")
    return {**result, "pandas_write_s": round(written, 1), "pandas_equal_to_product": equal}


# --- output --------------------------------------------------------------------------------------


def table(results: dict) -> str:
    """The results as text; a measure left out (`--alleen`) is left out here too."""
    lines = [
        f"Samen Vooruit benchmark: {results['hulpvragen']} help requests "
        f"(PostgreSQL {results['postgres']}, load {results['load_average']})",
    ]
    if "report_s" in results:
        lines += [
            "",
            f"report (product, median of {REPORT_RUNS})   {results['report_s']:8.3f} s   "
            f"{results['report_queries']} queries",
            f"report (hand-written SQL)          {results['report_sql_s']:8.3f} s   "
            f"ratio {results['report_ratio']}  (same numbers: yes)",
        ]
    if "trend_s" in results:
        lines += [
            f"trend, eight quarters (computed)   {results['trend_s']:8.3f} s   "
            f"{results['trend_queries']} queries; from the cache {results['trend_cached_s']} s",
            f"report page computed / cached: all years {results['report_page_all_computed_ms']} / "
            f"{results['report_page_all_cached_ms']} ms, last quarter "
            f"{results['report_page_quarter_computed_ms']} / "
            f"{results['report_page_quarter_cached_ms']} ms",
        ]
    if "pages" in results:
        lines += ["", f"{'page':26} {'median ms':>10} {'p95 ms':>10} {'queries':>8}"]
        for name, page in results["pages"].items():
            lines.append(
                f"{name:26} {page['median_ms']:>10} {page['p95_ms']:>10} {page['queries']:>8}"
            )
    lines.append("")
    if "herinneringen_s" in results:
        lines.append(
            f"herinneringen (a Monday, every trusted person logged in): {results['herinneringen_s']}"
            f" s, {results['herinneringen_queries']} queries, {results['herinneringen_meldingen']}"
            f" notices; the same run again {results['herinneringen_herhaling_s']} s, "
            f"{results['herinneringen_herhaling_meldingen']} new"
        )
    if "export_s" in results:
        lines += [
            f"Excel download, {results['export_rows']} rows: {results['export_s']} s, "
            f"peak memory +{results['export_peak_mb']} MB",
            f"the same as a background job: enqueue {results['enqueue_ms']} ms (median), "
            f"file ready after {results['export_job_s']} s, worker peak +"
            f"{results['export_job_peak_mb']} MB",
            f"{'page while the job runs':26} {'median ms':>10} {'p95 ms':>10} {'requests':>8}",
            *(
                f"{name:26} {page['median_ms']:>10} {page['p95_ms']:>10} {page['requests']:>8}"
                for name, page in results["pages_during_export"].items()
            ),
        ]
    if "import_s" in results:
        lines += [
            f"workbook import, {results['import_rows']} rows: {results['import_s']} s "
            f"({results['import_rows_per_s']} rows/s), peak memory +{results['import_peak_mb']} MB",
            f"import check of a sample ({results['sample_hulpvragen']} help requests, "
            f"{results['sample_aanvragen']} applications): 0 problems",
        ]
    if "pandas_s" in results:
        lines.append(
            f"spreadsheet way (pandas, {results['pandas_rows']} rows): load "
            f"{results['pandas_load_s']} s + pivot {results['pandas_pivot_s']} s, peak memory "
            f"+{results['pandas_peak_mb']} MB"
        )
    if "dubbelen_ms" in results:
        lines.append(
            f"duplicate check of an intake ({results['dubbelen_intakes']} intakes): median "
            f"{results['dubbelen_ms']} ms, p95 {results['dubbelen_p95_ms']} ms, "
            f"{results['dubbelen_queries']} queries; the search alone median "
            f"{results['dubbelen_zoeken_ms']} ms; known persons found "
            f"{results['dubbelen_gevonden']}"
        )
    if results.get("build_s") is not None:
        lines.append(f"build: {results['build_s']} s (+ VACUUM ANALYZE {results['vacuum_s']} s)")
    return "\n".join(lines)


def _report(results, people):
    log(f"report (load {load_average()})")
    results.update(measure_report(people["coordinator"]))


def _trend(results, people):
    log(f"trend and report page (load {load_average()})")
    results.update(measure_trend(people["coordinator"]))


def _pages(results, people):
    log(f"pages (load {load_average()})")
    results["pages"] = measure_pages(people)


def _herinneringen(results, people):
    log(f"herinneringen (load {load_average()})")
    results.update(measure_herinneringen())


def _export(results, people):
    van, rows = exportjob.export_filter()
    log(f"Excel download of {rows} rows (load {load_average()})")
    results.update({"export_rows": rows, "export_filter": f"intake_van={van}"})
    results.update(child("export", van, env=DIRECT_FOR_EXPORT_S))
    log(f"enqueueing that download as a job (load {load_average()})")
    results.update(measure_enqueue(people, exportjob.export_url(van)))
    log(f"the download as a job in a real worker, pages meanwhile (load {load_average()})")
    results.update(measure_export_job(people, exportjob.export_url(van)))


def _import(results, people):
    log(f"workbook import (load {load_average()})")
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as target:
        import_workbook_file(target.name)
        results.update(child("import", target.name))
    log(f"import check of a sample (load {load_average()})")
    results.update(validate_sample())


def _pandas(results, people):
    log(f"pandas (load {load_average()})")
    results.update(pandas_baseline())


def _dubbelen(results, people):
    log(f"duplicate check of {DUBBEL_INTAKES} intakes (load {load_average()})")
    results.update(measure_dubbelen(people))


# the measures in the order they run; `--alleen` picks some (the table prints what was measured)
MEASURES = {
    "report": _report,
    "trend": _trend,
    "pages": _pages,
    "herinneringen": _herinneringen,
    "export": _export,
    "import": _import,
    "pandas": _pandas,
    "dubbelen": _dubbelen,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hulpvragen", type=int, required=False, default=10_000)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--alleen",
        help="only these measures, comma-separated (of: " + ", ".join(MEASURES) + ")",
    )
    parser.add_argument("--stap", help=argparse.SUPPRESS)
    parser.add_argument("argumenten", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stap:
        steps = {"export": step_export, "import": step_import, "pandas": step_pandas}
        if args.stap == "pandas":
            print(json.dumps(step_pandas(args.argumenten[0], int(args.argumenten[1]))))
        else:
            print(json.dumps(steps[args.stap](*args.argumenten)))
        return
    if connection.vendor != "postgresql":
        raise SystemExit("DATABASE_URL must point to PostgreSQL (e.g. .../sv_bench_1m)")

    results = {"hulpvragen": args.hulpvragen}
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        results["postgres"] = cursor.fetchone()[0]
    results.update(ensure_data(args.hulpvragen))
    people = users()
    results["load_average"] = load_average()
    wanted = set(args.alleen.split(",")) if args.alleen else set(MEASURES)
    for name, measure in MEASURES.items():
        if name in wanted:
            measure(results, people)
    results["load_average_end"] = load_average()
    results["measured_at"] = datetime.datetime.now().isoformat(timespec="seconds")
    print(json.dumps(results, default=str, indent=2) if args.json else table(results))


if __name__ == "__main__":
    main()
