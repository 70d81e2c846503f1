"""The load test's users: the daily work of each role (docs/PERFORMANCE.md). Run through
bench/load.py, which starts gunicorn on loopback and stops both after two minutes.

Every simulated user logs in with the benchmark's logins (bench/build.py) through the login form,
then repeats its role's pages with a pause of 5-15 s between them (someone reading a screen,
typing a note; BENCH_WAIT="1,4" makes it a stress test).
Pages are named by what they are, not by their URL, so the table groups e.g. all detail pages.
With `load.py --export-job` one more coordinator keeps a 100,000-row list export job running
(`Exporteur`, below)."""

import datetime
import os
import random
import re
import time

from locust import HttpUser, between, constant, events, task

PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-wachtwoord-123")
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "20000"))
# seconds between a user's pages: reading the screen, typing a note (BENCH_WAIT="1,4" stresses)
# BENCH_ZONDER_OVERZICHT=1 leaves the overview (5 s at a million) out of the mix, to see the rest
WAIT = tuple(float(x) for x in os.environ.get("BENCH_WAIT", "5,15").split(","))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HULPVRAAG = re.compile(r'href="/hulpvragen/([0-9a-f-]{36})/"')
HUISHOUDEN = re.compile(r'href="/hulpvragen/huishoudens/([A-Z]{2}-\d{4}-\d+)/"')
COMMISSIE = re.compile(r'href="/noodfonds/commissie/([0-9a-f-]{36})/"')
# set by `load.py --export-job`: the help-request list from this intake date holds 100,000 rows
EXPORT_VAN = os.environ.get("BENCH_EXPORT_VAN")


ENVIRONMENT = {}


@events.init.add_listener
def remember_environment(environment, **_kwargs):
    ENVIRONMENT["env"] = environment


@events.request.add_listener
def stop_at_request_budget(**_kwargs):
    """Bounded in requests as well as in time: stop when the budget is spent."""
    env = ENVIRONMENT.get("env")
    if env and env.runner and env.stats.total.num_requests >= MAX_REQUESTS:
        env.runner.quit()


class Role(HttpUser):
    abstract = True
    wait_time = between(*WAIT)
    login = ""

    def on_start(self):
        page = self.client.get("/inloggen/", name="inloggen (formulier)")
        token = CSRF.search(page.text).group(1)
        response = self.client.post(
            "/inloggen/",
            {"username": self.login, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/inloggen/"},
            name="inloggen",
        )
        if "/inloggen/" in response.url:
            response.failure(f"login {self.login} failed")
        self.seen = {"hulpvraag": [], "huishouden": [], "commissie": []}

    def get(self, url, name):
        response = self.client.get(url, name=name)
        for kind, pattern in (
            ("hulpvraag", HULPVRAAG),
            ("huishouden", HUISHOUDEN),
            ("commissie", COMMISSIE),
        ):
            found = pattern.findall(response.text)
            if found:
                self.seen[kind] = found[:25]
        return response

    def pick(self, kind):
        return random.choice(self.seen[kind]) if self.seen[kind] else None


class Coordinator(Role):
    weight = 2
    login = "coordinator"

    @task(4)
    def hulpvragen(self):
        self.get("/hulpvragen/", "hulpvragen")

    @task(2)
    def gefilterd(self):
        self.get("/hulpvragen/?status=nog_in_behandeling&woonplaats=oost", "hulpvragen gefilterd")

    @task(2)
    def huishoudens(self):
        self.get("/hulpvragen/huishoudens/", "huishoudens")

    @task(0 if os.environ.get("BENCH_ZONDER_OVERZICHT") else 2)
    def overzicht(self):
        self.get("/hulpvragen/in-beeld/", "overzicht (in beeld)")

    @task(3)
    def huishouden(self):
        ref = self.pick("huishouden")
        if ref:
            self.get(f"/hulpvragen/huishoudens/{ref}/", "huishouden detail")

    @task(1)
    def rapport_kwartaal(self):
        today = datetime.date.today()
        van = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        self.get(f"/rapportage/?peildatum={today}&van={van}", "rapportage (dit kwartaal)")


class Organisatiecoordinator(Role):
    weight = 2
    login = "orgcoordinator"

    @task(4)
    def hulpvragen(self):
        self.get("/hulpvragen/", "hulpvragen")

    @task(2)
    def huishoudens(self):
        self.get("/hulpvragen/huishoudens/", "huishoudens")

    @task(3)
    def hulpvraag(self):
        uuid = self.pick("hulpvraag")
        if uuid:
            self.get(f"/hulpvragen/{uuid}/", "hulpvraag detail")


class Vertrouwenspersoon(Role):
    weight = 5
    login = "vp1"

    @task(5)
    def mijn(self):
        self.get("/hulpvragen/mijn/", "mijn (telefoon)")

    @task(3)
    def hulpvraag(self):
        uuid = self.pick("hulpvraag")
        if uuid:
            self.get(f"/hulpvragen/{uuid}/", "hulpvraag detail")

    @task(2)
    def contact_vastleggen(self):
        """Open the contact form and save a phone call (a write: a contact moment, the help
        request's last-contact date, the access log)."""
        uuid = self.pick("hulpvraag")
        if not uuid:
            return
        url = f"/hulpvragen/{uuid}/contact/"
        form = self.get(url, "contact formulier")
        token = CSRF.search(form.text)
        if token:
            self.client.post(
                url,
                {"soort": "telefonisch", "notitie": "Gebeld (belastingtest)", "minuten": "15",
                 "csrfmiddlewaretoken": token.group(1)},
                headers={"Referer": f"{self.host}{url}"},
                name="contact vastleggen (POST)",
            )  # fmt: skip


class Commissielid(Role):
    weight = 1
    login = "commissie1"

    @task(3)
    def wachtrij(self):
        self.get("/noodfonds/commissie/", "commissie wachtrij")

    @task(2)
    def aanvraag(self):
        uuid = self.pick("commissie")
        if uuid:
            self.get(f"/noodfonds/commissie/{uuid}/", "commissie aanvraag")


if EXPORT_VAN:

    class Exporteur(Role):
        """One coordinator (spawned before the others) who keeps one large export job running
        for the whole test: the download of the help-request list from EXPORT_VAN (100,000
        rows: the view answers with a redirect to the job's page), its status asked once a
        second as the progress page does, the file fetched when it is ready, then the next."""

        fixed_count = 1
        login = "coordinator"
        wait_time = constant(1)

        @task
        def export(self):
            url = f"/hulpvragen/download/?intake_van={EXPORT_VAN}"
            with self.client.get(
                url, name="export starten (taak)", allow_redirects=False, catch_response=True
            ) as response:
                job = response.headers.get("Location", "")
                if response.status_code != 302 or "/taken/" not in job:
                    response.failure(f"no job started: {response.status_code}")
                    return
            status = "wacht"
            while status in ("wacht", "bezig"):
                time.sleep(1)
                with self.client.get(
                    f"{job}status/", name="taak status (voortgang)", catch_response=True
                ) as response:
                    answer = response.json()
                    status = answer["status"]
                    if status == "mislukt":
                        response.failure(f"job failed: {answer['melding']}")
            if status == "klaar":
                self.client.get(answer["bestand"], name="taak bestand (download)")
