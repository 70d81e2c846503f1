"""Issue 17 §1: the daily digest through the task to a real SMTP server on loopback (aiosmtpd),
checked on the wire: the recipient, the subject, the links, and no household's personal data."""

import datetime
import email
import email.policy
import socket

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django_tasks import TaskResultStatus

from meldingen.models import Melding
from meldingen.services import maak_herinneringen
from meldingen.tasks import verstuur_dagoverzicht
from tests.factories import HulpvraagFactory

VANDAAG = datetime.date(2024, 3, 11)
SITE = "https://samenvooruit.example.nl"
PII = ["Johanna de Vries-Öztürk", "Dapperstraat 7-2", "020-6655443", "Huurachterstand sinds mei"]


class Ontvanger:
    """An aiosmtpd handler that keeps what it received."""

    def __init__(self):
        self.enveloppen = []
        self.verbindingen = set()  # the client's (address, port): one per connection

    async def handle_DATA(self, server, session, envelope):
        self.enveloppen.append(envelope)
        self.verbindingen.add(session.peer)
        return "250 Message accepted for delivery"


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    ontvanger = Ontvanger()
    controller = Controller(ontvanger, hostname="127.0.0.1", port=vrije_poort())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    settings.DEFAULT_FROM_EMAIL = "Samen Vooruit <noreply@samenvooruit.example.nl>"
    settings.SITE_URL = SITE
    yield ontvanger
    controller.stop()


def test_the_digest_goes_over_smtp_with_references_and_links_only(smtp_server, vp_a, vp_b):
    for vp in (vp_a, vp_b):
        vp.user.email = f"{vp.user.username.replace('_', '.')}@example.nl"
        vp.user.save()
    HulpvraagFactory(
        hulpvrager__huishouden__vertrouwenspersoon=vp_b,
        hulpvrager__huishouden__organisatie=vp_b.organisatie,
        intake_datum=VANDAAG - datetime.timedelta(days=30),
    )
    hulpvraag = HulpvraagFactory(
        hulpvrager__huishouden__vertrouwenspersoon=vp_a,
        hulpvrager__huishouden__organisatie=vp_a.organisatie,
        hulpvrager__naam=PII[0],
        hulpvrager__huishouden__adres=PII[1],
        hulpvrager__telefoon=PII[2],
        omschrijving=PII[3],
        intake_datum=VANDAAG - datetime.timedelta(days=30),
    )
    with time_machine.travel(datetime.datetime(2024, 3, 11, 7, 0), tick=False):
        maak_herinneringen(vandaag=VANDAAG)

    result = verstuur_dagoverzicht.enqueue()

    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    assert result.return_value == 2
    assert sorted(e.rcpt_tos[0] for e in smtp_server.enveloppen) == [
        "vp.a@example.nl",
        "vp.b@example.nl",
    ]
    assert len(smtp_server.verbindingen) == 1  # one connection for the run
    [envelop] = [e for e in smtp_server.enveloppen if e.rcpt_tos == ["vp.a@example.nl"]]
    assert envelop.mail_from == "noreply@samenvooruit.example.nl"
    assert envelop.rcpt_tos == ["vp.a@example.nl"]
    bericht = email.message_from_bytes(envelop.original_content, policy=email.policy.default)
    assert bericht["To"] == "vp.a@example.nl"
    assert bericht["Subject"] == "Samen Vooruit: 1 nieuwe melding"
    tekst = bericht.get_body(preferencelist=("plain",)).get_content()
    html = bericht.get_body(preferencelist=("html",)).get_content()
    melding = Melding.objects.get(ontvanger=vp_a.user)
    link = f"{SITE}/meldingen/{melding.uuid}/"
    assert f"{hulpvraag.huishouden.referentie}: {link}" in tekst
    assert f'href="{link}"' in html
    rauw = envelop.original_content.decode("utf-8", errors="replace")
    for waarde in PII:
        assert waarde not in tekst and waarde not in html and waarde not in rauw
        assert waarde not in str(bericht["Subject"])
    assert melding.gemaild_op is not None
