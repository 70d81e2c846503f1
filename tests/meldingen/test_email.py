"""Issue 17 §1, e-mail: each user hears of new notices as they chose (direct, a daily digest,
none), once per notice; a mail holds counts, references and links, never a household's name,
address, phone number or description; an inactive user or a user without an address gets
nothing; a failing mail leaves that user's notices for the next run and stops no other."""

import datetime
import smtplib
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus

from meldingen.models import EmailKeuze, Melding, MeldingVoorkeur, Soort
from meldingen.selectors import te_mailen
from meldingen.services import Kandidaat, bewaar_meldingen, dagelijkse_run
from meldingen.tasks import herinneringen, verstuur_dagoverzicht, verstuur_direct
from netwerk.roles import Rol
from tests.factories import AanvraagFactory, HulpvraagFactory, make_user

VANDAAG = datetime.date(2024, 3, 11)
SITE = "https://samenvooruit.example.nl"


@pytest.fixture(autouse=True)
def _omgeving(settings):
    settings.SITE_URL = SITE
    with time_machine.travel(datetime.datetime(2024, 3, 11, 7, 0), tick=False):
        yield


def met_adres(user, keuze=None, taal="nl"):
    user.email = f"{user.username}@example.nl"
    user.save(update_fields=["email"])
    if keuze is not None:
        MeldingVoorkeur.objects.create(user=user, email=keuze, taal=taal)
    return user


def hulpvraag_van(vp, **velden):
    return HulpvraagFactory(
        hulpvrager__huishouden__vertrouwenspersoon=vp,
        hulpvrager__huishouden__organisatie=vp.organisatie,
        **velden,
    )


def melding(user, hulpvraag, *, soort=Soort.ZONDER_CONTACT, dag=VANDAAG):
    return Melding(
        ontvanger=user,
        soort=soort,
        tekst=f"{soort.label}: {hulpvraag.huishouden.referentie}",
        link=reverse("hulpvragen:hulpvraag_detail", kwargs={"uuid": hulpvraag.uuid}),
        object_type="hulpvragen.hulpvraag",
        object_id=hulpvraag.pk,
        referentie=hulpvraag.huishouden.referentie,
        datum=dag,
    )


def als_kandidaten(meldingen):
    return [
        Kandidaat(
            m.ontvanger.pk, m.soort, m.object_type, m.object_id, m.referentie, m.link, m.datum
        )
        for m in meldingen
    ]


def bewaar(django_capture_on_commit_callbacks, *meldingen):
    """Stores notices as every notice-making path does; runs what waits for the commit."""
    with django_capture_on_commit_callbacks(execute=True):
        bewaar_meldingen(als_kandidaten(meldingen))


def run(taak):
    result = taak.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    return result.return_value


def test_direct_mails_new_notices_once_they_are_stored(vp_a, django_capture_on_commit_callbacks):
    met_adres(vp_a.user, EmailKeuze.DIRECT)
    hulpvraag = hulpvraag_van(vp_a)

    bewaar(django_capture_on_commit_callbacks, melding(vp_a.user, hulpvraag))

    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == ["vp_a@example.nl"]
    assert bericht.subject == "Samen Vooruit: 1 nieuwe melding"
    opgeslagen = Melding.objects.get()
    assert f"{SITE}/meldingen/{opgeslagen.uuid}/" in bericht.body
    assert hulpvraag.huishouden.referentie in bericht.body
    assert "Lang geen contact (1)" in bericht.body
    html, soort = bericht.alternatives[0]
    assert soort == "text/html" and f'href="{SITE}/meldingen/{opgeslagen.uuid}/"' in html
    assert opgeslagen.gemaild_op is not None
    assert run(verstuur_direct) == 0 and run(verstuur_dagoverzicht) == 0
    assert len(mail.outbox) == 1


def test_the_digest_waits_for_the_daily_run_and_mails_once(
    vp_a, django_capture_on_commit_callbacks
):
    met_adres(vp_a.user)  # no choice stored: the default, the daily digest
    eerste, tweede = hulpvraag_van(vp_a), hulpvraag_van(vp_a)
    bewaar(
        django_capture_on_commit_callbacks,
        melding(vp_a.user, eerste),
        melding(vp_a.user, tweede, soort=Soort.NAZORG),
    )
    assert mail.outbox == []  # not direct

    assert run(verstuur_dagoverzicht) == 1

    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.subject == "Samen Vooruit: 2 nieuwe meldingen"
    assert "Lang geen contact (1)" in bericht.body and "Opvolgdatum (1)" in bericht.body
    assert f"{SITE}/meldingen/" in bericht.body and f"{SITE}/meldingen/e-mail/" in bericht.body
    assert not Melding.objects.filter(gemaild_op__isnull=True).exists()
    assert run(verstuur_dagoverzicht) == 0
    assert len(mail.outbox) == 1


def test_geen_mails_nothing_and_marks_nothing(vp_a, django_capture_on_commit_callbacks):
    met_adres(vp_a.user, EmailKeuze.GEEN)
    bewaar(django_capture_on_commit_callbacks, melding(vp_a.user, hulpvraag_van(vp_a)))

    assert run(verstuur_dagoverzicht) == 0 and run(verstuur_direct) == 0

    assert mail.outbox == []
    assert Melding.objects.get().gemaild_op is None


def test_a_read_notice_is_not_mailed(vp_a, django_capture_on_commit_callbacks):
    met_adres(vp_a.user)
    gelezen, ongelezen = hulpvraag_van(vp_a), hulpvraag_van(vp_a)
    bewaar(
        django_capture_on_commit_callbacks,
        melding(vp_a.user, gelezen),
        melding(vp_a.user, ongelezen),
    )
    Melding.objects.filter(object_id=gelezen.pk).update(gelezen_op=timezone.now())

    run(verstuur_dagoverzicht)

    assert mail.outbox[0].subject == "Samen Vooruit: 1 nieuwe melding"
    assert ongelezen.huishouden.referentie in mail.outbox[0].body
    assert gelezen.huishouden.referentie not in mail.outbox[0].body


def test_an_inactive_user_or_one_without_an_address_gets_nothing(
    vp_a, vp_b, django_capture_on_commit_callbacks
):
    met_adres(vp_a.user, EmailKeuze.DIRECT)
    vp_a.user.is_active = False
    vp_a.user.save(update_fields=["is_active"])
    MeldingVoorkeur.objects.create(user=vp_b.user, email=EmailKeuze.DIRECT)  # no address
    bewaar(
        django_capture_on_commit_callbacks,
        melding(vp_a.user, hulpvraag_van(vp_a)),
        melding(vp_b.user, hulpvraag_van(vp_b)),
    )

    run(verstuur_direct)
    run(verstuur_dagoverzicht)

    assert mail.outbox == []
    assert not Melding.objects.filter(gemaild_op__isnull=False).exists()


def test_each_user_gets_only_their_own_notices(vp_a, vp_b, django_capture_on_commit_callbacks):
    met_adres(vp_a.user)
    met_adres(vp_b.user)
    van_a, van_b = hulpvraag_van(vp_a), hulpvraag_van(vp_b)
    bewaar(
        django_capture_on_commit_callbacks,
        melding(vp_a.user, van_a),
        melding(vp_b.user, van_b),
    )

    assert run(verstuur_dagoverzicht) == 2

    per_adres = {m.to[0]: m.body for m in mail.outbox}
    assert van_a.huishouden.referentie in per_adres["vp_a@example.nl"]
    assert van_b.huishouden.referentie not in per_adres["vp_a@example.nl"]
    assert van_b.huishouden.referentie in per_adres["vp_b@example.nl"]


class WeigertEenAdres(EmailBackend):
    """A mail server that refuses one address (the rest as locmem)."""

    def send_messages(self, messages):
        for message in messages:
            if "vp_a@example.nl" in message.to:
                raise smtplib.SMTPRecipientsRefused({"vp_a@example.nl": (550, b"onbekend")})
        return super().send_messages(messages)


def test_a_failing_mail_stops_no_other_and_is_tried_again_next_run(
    vp_a, vp_b, settings, django_capture_on_commit_callbacks
):
    met_adres(vp_a.user)
    met_adres(vp_b.user)
    bewaar(
        django_capture_on_commit_callbacks,
        melding(vp_a.user, hulpvraag_van(vp_a)),
        melding(vp_b.user, hulpvraag_van(vp_b)),
    )
    settings.EMAIL_BACKEND = f"{__name__}.WeigertEenAdres"

    assert run(verstuur_dagoverzicht) == 1

    assert [m.to for m in mail.outbox] == [["vp_b@example.nl"]]
    assert Melding.objects.get(ontvanger=vp_a.user).gemaild_op is None
    assert Melding.objects.get(ontvanger=vp_b.user).gemaild_op is not None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert run(verstuur_dagoverzicht) == 1
    assert [m.to for m in mail.outbox] == [["vp_b@example.nl"], ["vp_a@example.nl"]]
    assert not Melding.objects.filter(gemaild_op__isnull=True).exists()


def test_the_mail_is_in_the_recipients_language(vp_a, django_capture_on_commit_callbacks):
    met_adres(vp_a.user, EmailKeuze.DIRECT, taal="en")

    bewaar(django_capture_on_commit_callbacks, melding(vp_a.user, hulpvraag_van(vp_a)))

    assert "No contact for a long time (1)" in mail.outbox[0].body
    assert '<html lang="en">' in mail.outbox[0].alternatives[0][0]


def test_a_long_list_is_cut_and_counted(vp_a, django_capture_on_commit_callbacks):
    met_adres(vp_a.user)
    hulpvragen = [hulpvraag_van(vp_a) for _ in range(12)]
    bewaar(django_capture_on_commit_callbacks, *(melding(vp_a.user, h) for h in hulpvragen))

    run(verstuur_dagoverzicht)

    body = mail.outbox[0].body
    assert "Lang geen contact (12)" in body and "en nog 2" in body
    assert sum(h.huishouden.referentie in body for h in hulpvragen) == 10
    assert Melding.objects.filter(gemaild_op__isnull=False).count() == 12


PII = {
    "naam": "Fatima Rodríguez-Bakker",
    "adres": "Javastraat 118-3",
    "telefoon": "06-12345678",
    "omschrijving": "Schulden bij de woningcorporatie en een zieke dochter",
    "notitie": "Vader werkt nachtdiensten",
    "motivatie": "Koelkast kapot, drie kinderen",
}


def test_no_mail_names_an_address_phone_or_description(
    vp_a, commissielid, commissielid2, django_capture_on_commit_callbacks
):
    """The real notice-making paths (the daily run) over households full of personal data: no
    subject or body of any mail, direct or digest, text or HTML, holds any of it."""
    met_adres(vp_a.user, EmailKeuze.DIRECT)
    met_adres(commissielid)  # digest
    met_adres(commissielid2, EmailKeuze.DIRECT)
    hulpvraag = HulpvraagFactory(
        hulpvrager__huishouden__vertrouwenspersoon=vp_a,
        hulpvrager__huishouden__organisatie=vp_a.organisatie,
        hulpvrager__huishouden__adres=PII["adres"],
        hulpvrager__huishouden__notitie=PII["notitie"],
        hulpvrager__naam=PII["naam"],
        hulpvrager__telefoon=PII["telefoon"],
        omschrijving=PII["omschrijving"],
        intake_datum=VANDAAG - datetime.timedelta(days=30),
        nazorg_datum=VANDAAG,
    )
    AanvraagFactory(
        organisatie=vp_a.organisatie,
        vertrouwenspersoon=vp_a,
        huishouden=hulpvraag.huishouden,
        motivatie=PII["motivatie"],
    )

    with django_capture_on_commit_callbacks(execute=True):
        verslag = dagelijkse_run(vandaag=VANDAAG)
    assert len(verslag.meldingen) == 4

    assert sorted(m.to[0] for m in mail.outbox) == [
        "commissie@example.nl",
        "commissie_2@example.nl",
        "vp_a@example.nl",
    ]
    for bericht in mail.outbox:
        delen = [bericht.subject, bericht.body, *(inhoud for inhoud, _ in bericht.alternatives)]
        delen.append(bericht.message().as_string())
        for waarde in PII.values():
            assert all(waarde not in deel for deel in delen), (waarde, bericht.to)
    assert hulpvraag.huishouden.referentie in next(
        m.body for m in mail.outbox if m.to == ["vp_a@example.nl"]
    )


def test_the_daily_run_enqueues_the_digest_and_the_periodic_jobs_are_set(
    vp_a, settings, django_capture_on_commit_callbacks
):
    met_adres(vp_a.user)
    hulpvraag_van(vp_a, intake_datum=VANDAAG - datetime.timedelta(days=30))

    with django_capture_on_commit_callbacks(execute=True):
        herinneringen()

    assert [m.to for m in mail.outbox] == [["vp_a@example.nl"]]
    assert settings.PERIODIEKE_TAKEN["herinneringen"] == ("dag", "meldingen.tasks.herinneringen")
    assert settings.PERIODIEKE_TAKEN["meldingen_direct"] == (
        "uur",
        "meldingen.tasks.direct_nasturen",
    )


def test_the_hourly_job_sends_direct_mail_that_was_left(vp_a, settings):
    met_adres(vp_a.user, EmailKeuze.DIRECT)
    Melding.objects.bulk_create([melding(vp_a.user, hulpvraag_van(vp_a))])  # as if it failed

    from meldingen.tasks import direct_nasturen

    direct_nasturen()

    assert [m.to for m in mail.outbox] == [["vp_a@example.nl"]]


def _digest_queries(users):
    with CaptureQueriesContext(connection) as ctx:
        assert run(verstuur_dagoverzicht) == users
    return len(ctx.captured_queries)


def test_the_digest_does_no_query_per_notice(django_capture_on_commit_callbacks, org_a):
    """Queries: the users, their notices (one query per 500 users), then per user a claim in a
    transaction of its own; how many notices a user has changes nothing."""

    def maak(n_users, per_user, start):
        for i in range(n_users):
            user = met_adres(make_user(f"vp_q{start + i}", Rol.VERTROUWENSPERSOON, org_a))
            dagen = (VANDAAG - datetime.timedelta(days=d) for d in range(per_user))
            bewaar(
                django_capture_on_commit_callbacks,
                *(melding(user, HulpvraagFactory(), dag=dag) for dag in dagen),
            )

    maak(3, 1, 0)
    een_per_user = _digest_queries(3)
    maak(3, 6, 10)
    zes_per_user = _digest_queries(3)
    maak(6, 6, 20)
    zes_users = _digest_queries(6)

    assert zes_per_user == een_per_user
    per_user = (zes_users - zes_per_user) // 3
    assert per_user <= 3  # the claim (UPDATE) and its transaction
    # the users, their notices; and once the job finished, the report's warm-keeping asks the
    # cache whether anyone opened a report (rapportage.warmhouden; the test's cache is a table)
    assert zes_per_user - 3 * per_user == 3


def test_the_command_prints_the_emails_and_dry_run_sends_nothing(
    vp_a, vp_b, commissielid, django_capture_on_commit_callbacks
):
    met_adres(vp_a.user)
    met_adres(vp_b.user, EmailKeuze.DIRECT)
    met_adres(commissielid, EmailKeuze.GEEN)
    for vp in (vp_a, vp_b):
        hulpvraag_van(vp, intake_datum=VANDAAG - datetime.timedelta(days=30))
    AanvraagFactory()

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("herinneringen", "--dry-run", stdout=out)

    droog = out.getvalue()
    assert "vp_a: 1\n" in droog and "vp_b: 1\n" in droog and "commissie: 1\n" in droog
    assert "  e-mail (dagelijks overzicht): 1 melding\n" in droog
    assert "  e-mail (direct): 1 melding\n" in droog
    assert droog.count("e-mail (") == 2  # "geen": no e-mail for the committee member
    assert "e-mail aan 2 gebruikers, niet verstuurd (dry-run)" in droog
    assert mail.outbox == [] and not Melding.objects.exists()

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("herinneringen", stdout=out)

    assert out.getvalue().replace("in de wachtrij van de worker", "") == droog.replace(
        "zou maken", "gemaakt"
    ).replace("niet verstuurd (dry-run)", "").replace("zou verwijderen", "verwijderd")
    assert sorted(m.to[0] for m in mail.outbox) == ["vp_a@example.nl", "vp_b@example.nl"]

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("herinneringen", stdout=out)
    assert "vp_a" not in out.getvalue() and "e-mail aan 0 gebruikers" in out.getvalue()
    assert len(mail.outbox) == 2


def test_the_users_are_read_in_batches(
    vp_a, vp_b, commissielid, django_capture_on_commit_callbacks
):
    for user, hulpvraag in (
        (vp_a.user, hulpvraag_van(vp_a)),
        (vp_b.user, hulpvraag_van(vp_b)),
        (commissielid, hulpvraag_van(vp_a)),
    ):
        met_adres(user)
        bewaar(django_capture_on_commit_callbacks, melding(user, hulpvraag))

    gelezen = list(te_mailen(keuzes=[EmailKeuze.DAGELIJKS], per=2))

    assert sorted(user.username for user, _ in gelezen) == ["commissie", "vp_a", "vp_b"]
    assert all([m.ontvanger_id for m in meldingen] == [user.pk] for user, meldingen in gelezen)


@pytest.mark.django_db(transaction=True)
def test_a_failing_mail_keeps_its_notices_with_real_commits(settings):
    """As the worker runs it: no outer transaction, each user's claim commits on its own."""
    goed = met_adres(make_user("goed"))
    fout = make_user("vp_a")
    met_adres(fout)
    hulpvraag = HulpvraagFactory()
    bewaar_meldingen(als_kandidaten([melding(goed, hulpvraag), melding(fout, hulpvraag)]))
    settings.EMAIL_BACKEND = f"{__name__}.WeigertEenAdres"

    assert run(verstuur_dagoverzicht) == 1

    assert Melding.objects.get(ontvanger=goed).gemaild_op is not None
    assert Melding.objects.get(ontvanger=fout).gemaild_op is None
    assert [m.to for m in mail.outbox] == [["goed@example.nl"]]
