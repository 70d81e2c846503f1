import datetime
import random

import pytest
from django.core.management import call_command
from django.db.models import Max

from demo import hulpvragen as hulpvragen_demo
from demo import netwerk as netwerk_demo
from hulpvragen import selectors, services
from hulpvragen.choices import Status
from hulpvragen.models import (
    Contactmoment,
    Doorverwijzing,
    Hulpvraag,
    Signaal,
    StatusWijziging,
    Thema,
)
from tests.factories import HuishoudenFactory, HulpvraagFactory, HulpvragerFactory, PilotFactory

D = datetime.date
PEILDATUM = D(2021, 3, 1)


def fake_seed(ctx):
    """A small stand-in for demo.seed: two pilots, help requests up to 2021-03-01 with
    status histories, owned by several trusted persons."""
    p1 = PilotFactory(naam="Pilot 1", startdatum=D(2019, 11, 1), einddatum=D(2020, 8, 31))
    p2 = PilotFactory(naam="Pilot 2", startdatum=D(2020, 11, 1), einddatum=D(2021, 8, 31))
    vps = [ctx["vp1"], ctx["vp2"], *ctx["vertrouwenspersonen"][:3]]
    for i in range(12):
        vp = vps[i % len(vps)]
        pilot = p1 if i < 6 else p2
        hh = HuishoudenFactory(vertrouwenspersoon=vp, organisatie=vp.organisatie)
        hv = HulpvraagFactory(
            hulpvrager=HulpvragerFactory(huishouden=hh),
            pilot=pilot,
            intake_datum=pilot.startdatum + datetime.timedelta(days=10 * i % 90),
        )
        hv.themas.set(Thema.objects.filter(naam__in=["Schulden", "Taal"][: i % 3]))
        if i % 3 == 1:
            services.change_status(hulpvraag=hv, naar=Status.BIJ_FORMEEL, datum=hv.intake_datum)
        if i % 3 == 2:
            services.change_status(
                hulpvraag=hv,
                naar=Status.AFGEROND,
                datum=hv.intake_datum,
                uitkomst="ok",
                uitkomst_categorie="opgelost",
            )


def report_snapshot():
    history = set(
        StatusWijziging.objects.filter(datum__lte=PEILDATUM).values_list(
            "id", "hulpvraag_id", "naar", "datum"
        )
    )
    requests = set(
        selectors.status_on(
            Hulpvraag.objects.filter(intake_datum__lte=PEILDATUM), PEILDATUM
        ).values_list("id", "pilot_id", "intake_datum", "soort", "terugkerend", "status_op")
    )
    return history, requests


@pytest.fixture
def ctx(db):
    ctx = {"password": "demo-wachtwoord-1", "rng": random.Random(2021)}
    netwerk_demo.build(ctx)
    return ctx


def test_demo_step_leaves_the_report_of_2021_03_01_alone(ctx):
    fake_seed(ctx)
    before = report_snapshot()

    hulpvragen_demo.build(ctx)

    assert report_snapshot() == before
    seed = Hulpvraag.objects.filter(intake_datum__lte=PEILDATUM)
    assert (
        Contactmoment.objects.filter(hulpvraag__in=seed).values("hulpvraag").distinct().count()
        == 12
    )
    formal = seed.filter(statushistorie__naar=Status.BIJ_FORMEEL)
    assert Doorverwijzing.objects.filter(hulpvraag__in=formal).count() == formal.count()
    assert Signaal.objects.count() == len(hulpvragen_demo.SIGNALEN)
    assert Signaal.objects.filter(hulpvragen__isnull=False).exists()


def test_demo_step_gives_vp1_and_vp2_a_lively_phone_view(ctx):
    hulpvragen_demo.build(ctx)

    for key in ("vp1", "vp2"):
        user = ctx["users"][key]
        rows = list(selectors.mijn_huishoudens(user))
        assert len(rows) >= 4
        assert any(r.aandacht for r in rows), key
        assert all(r.vertrouwenspersoon == ctx[key] for r in rows)
        recent = Hulpvraag.objects.filter(huishouden__vertrouwenspersoon=ctx[key])
        assert recent.filter(intake_datum__gt=PEILDATUM).count() == recent.count()
        assert Contactmoment.objects.filter(hulpvraag__in=recent).exists()
        assert recent.filter(nazorg_datum__isnull=False).exists()
        assert recent.filter(status=Status.AFGEROND).exists()


def test_demo_command_runs_with_or_without_the_seed_step(db):
    call_command("demo", wachtwoord="demo-wachtwoord-1")

    assert Hulpvraag.objects.filter(intake_datum__gt=PEILDATUM).exists()
    assert all(
        h.statushistorie.order_by("datum", "pk").first().datum == h.intake_datum
        for h in Hulpvraag.objects.all()
    )


def test_demo_stores_each_help_requests_last_contact_date(ctx):
    fake_seed(ctx)
    hulpvragen_demo.build(ctx)

    stored = dict(Hulpvraag.objects.values_list("pk", "laatste_contact"))
    latest = dict(
        Contactmoment.objects.values("hulpvraag")
        .annotate(m=Max("datum"))
        .values_list("hulpvraag", "m")
    )
    assert latest  # the demo has contacts
    assert stored == {pk: latest.get(pk) for pk in stored}
