"""Demo step: casework around the seed's help requests, and a few recent households.

Runs after `demo.seed` (the two pilots and 121 help requests as of 2021-03-01). This step
never changes the report for peildatum 2021-03-01: it adds no help request with an intake on or
before that date and no status change dated on or before it. It adds contacts and referrals to
the seed's help requests, a few signals, and, so the phone view looks alive today, recent
households for vp1 and vp2 with contacts, follow-up dates and at least one flag each. Without
seed data (or without vp1/vp2) it still works and does what it can."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils import timezone

from hulpvragen import services
from hulpvragen.choices import (
    Binnenkomst,
    ContactSoort,
    DoorverwijzingSoort,
    Geslacht,
    Inkomsten,
    JaNeeOnbekend,
    Samenstelling,
    Soort,
    Status,
    Terugkerend,
    UitkomstCategorie,
    Woonplaats,
)
from hulpvragen.models import Contactmoment, Doorverwijzing, Hulpvraag, Thema
from netwerk.models import Organisatie, OrganisatieSoort

REPORT_PEILDATUM = datetime.date(2021, 3, 1)
NOTITIES = [
    "Samen de post doorgenomen.",
    "Telefonisch bijgepraat, gaat iets beter.",
    "Mee geweest naar het buurtteam.",
    "Formulier bijzondere bijstand ingevuld.",
    "Koffie gedronken, zorgen over de huur.",
    "Afspraak bij schuldhulp voorbereid.",
    "Niet thuis getroffen, briefje achtergelaten.",
    "Taalmaatje geregeld.",
]
# Recent households per trusted person: (name, days since intake, days since last contact or
# None, follow-up in days (negative: passed) or None, referral days ago without outcome or None,
# soort, themes, description)
RECENT = {
    "vp1": [
        (
            "Samira",
            95,
            4,
            10,
            None,
            Soort.PRAKTISCH,
            ["Schulden", "Formulieren en administratie"],
            "Achterstand bij energie en zorgverzekering, post stapelt zich op.",
        ),
        (
            "Dirk",
            50,
            33,
            None,
            None,
            Soort.SOCIAAL,
            ["Eenzaamheid/sociaal isolement"],
            "Sinds overlijden partner weinig de deur uit.",
        ),
        (
            "Halima",
            26,
            9,
            -3,
            20,
            Soort.BEIDE,
            ["Woning", "Contact met instanties"],
            "Vochtproblemen in de woning; corporatie reageert niet.",
        ),
        (
            "Ilse",
            8,
            2,
            14,
            None,
            Soort.PRAKTISCH,
            ["Inkomen/armoede"],
            "Heeft recht op toeslagen maar nooit aangevraagd.",
        ),
    ],
    "vp2": [
        (
            "Kofi",
            80,
            25,
            None,
            30,
            Soort.PRAKTISCH,
            ["Schulden", "Taal"],
            "Brieven van deurwaarder, begrijpt de brieven niet goed.",
        ),
        (
            "Mariam",
            40,
            6,
            -5,
            None,
            Soort.SOCIAAL,
            ["Empowerment", "Participatie/werk"],
            "Wil graag vrijwilligerswerk doen, zoekt een plek.",
        ),
        (
            "Theo",
            18,
            3,
            7,
            None,
            Soort.PRAKTISCH,
            ["Gezondheid"],
            "Hulp nodig bij afspraken in het ziekenhuis.",
        ),
        (
            "Nour",
            5,
            None,
            9,
            None,
            Soort.BEIDE,
            ["Opvoeding", "Inkomen/armoede"],
            "Alleenstaande moeder, schoolkosten en weinig netwerk.",
        ),
    ],
}
SIGNALEN = [
    (
        "Schulden",
        2020,
        6,
        15,
        "Steeds meer huishoudens met betalingsachterstanden bij de "
        "zorgverzekering sinds de coronamaatregelen.",
    ),
    (
        "Formulieren en administratie",
        2020,
        9,
        1,
        "Aanvraag bijzondere bijstand is digitaal alleen met DigiD; veel ouderen lopen vast.",
    ),
    ("Woning", 2020, 12, 3, "Lange reactietijden van de corporatie bij vochtklachten."),
    (
        "Eenzaamheid/sociaal isolement",
        2021,
        1,
        20,
        "Ouderen zonder internet missen alle activiteiten nu alles online is.",
    ),
    ("Taal", 2021, 2, 10, "Brieven van de gemeente zijn voor anderstaligen onbegrijpelijk."),
]


def build(ctx):
    rng = random.Random(404)
    vandaag = timezone.localdate()
    _seed_contacts(rng, vandaag)
    _seed_referrals(rng)
    _signals(ctx, rng)
    for key, rows in RECENT.items():
        vp = ctx.get(key)
        if vp is not None:
            _recent_households(vp, rows, rng, vandaag)


def _user_of(hulpvraag):
    vp = hulpvraag.huishouden.vertrouwenspersoon
    return vp.user if vp else None


def _window_end(hv, vandaag):
    end = hv.datum_afgerond or (hv.pilot.einddatum if hv.pilot else hv.intake_datum)
    return min(max(end, hv.intake_datum), vandaag)


def _seed_contacts(rng, vandaag):
    """One to four contacts per seed help request, between its intake and its closing (or the
    end of its pilot); contacts never change a report table."""
    hulpvragen = (
        Hulpvraag.objects.filter(intake_datum__lte=REPORT_PEILDATUM)
        .exclude(Exists(Contactmoment.objects.filter(hulpvraag=OuterRef("pk"))))
        .select_related("pilot", "huishouden__vertrouwenspersoon__user")
        .order_by("pk")
    )
    contacts = []
    for hv in hulpvragen:
        span = (_window_end(hv, vandaag) - hv.intake_datum).days
        for _ in range(rng.randint(1, 4)):
            contacts.append(
                Contactmoment(
                    hulpvraag=hv,
                    datum=hv.intake_datum + datetime.timedelta(days=rng.randint(0, span)),
                    minuten=rng.choice([15, 30, 45, 60, 90]),
                    soort=rng.choice(ContactSoort.values),
                    notitie=rng.choice(NOTITIES),
                    door=_user_of(hv),
                )
            )
    Contactmoment.objects.bulk_create(contacts)
    services.recompute_laatste_contact({c.hulpvraag_id for c in contacts})


def _formal_organisations():
    formal = Organisatie.objects.filter(partner=False).exclude(soort=OrganisatieSoort.ANDERS)
    return list(formal.order_by("naam")) or list(Organisatie.objects.order_by("naam")[:3])


def _seed_referrals(rng):
    """A referral for every seed help request that was ever with a formal agency (and a few
    more), dated within its pilot; the outcome is recorded for most of them."""
    organisaties = _formal_organisations()
    if not organisaties:
        return
    hulpvragen = (
        Hulpvraag.objects.filter(intake_datum__lte=REPORT_PEILDATUM)
        .exclude(Exists(Doorverwijzing.objects.filter(hulpvraag=OuterRef("pk"))))
        .select_related("pilot")
        .prefetch_related("statushistorie")
        .order_by("pk")
    )
    referrals = []
    for hv in hulpvragen:
        formal = [w for w in hv.statushistorie.all() if w.naar == Status.BIJ_FORMEEL]
        if not formal and rng.random() > 0.15:
            continue
        datum = formal[0].datum if formal else hv.intake_datum
        with_outcome = rng.random() < 0.8
        referrals.append(
            Doorverwijzing(
                hulpvraag=hv,
                organisatie=rng.choice(organisaties),
                datum=datum,
                soort=rng.choice(DoorverwijzingSoort.values),
                uitkomst="Opgepakt door de organisatie." if with_outcome else "",
                uitkomst_datum=datum + datetime.timedelta(days=rng.randint(5, 30))
                if with_outcome
                else None,
            )
        )
    Doorverwijzing.objects.bulk_create(referrals)


def _signals(ctx, rng):
    coordinator = ctx.get("users", {}).get("coordinator") or (
        get_user_model().objects.filter(is_active=True).order_by("pk").first()
    )
    partners = ctx.get("partners") or list(Organisatie.objects.filter(partner=True)[:2])
    for i, (thema_naam, y, m, d, tekst) in enumerate(SIGNALEN):
        thema = Thema.objects.filter(naam=thema_naam).first()
        if thema is None:
            continue
        datum = datetime.date(y, m, d)
        linked = list(
            Hulpvraag.objects.filter(themas=thema, intake_datum__lte=datum).order_by("pk")[:3]
        )
        services.record_signaal(
            datum=datum,
            thema=thema,
            tekst=tekst,
            organisatie=partners[i % len(partners)] if partners else None,
            hulpvragen=linked,
            door=coordinator,
        )


def _recent_households(vp, rows, rng, vandaag):
    """Recent households of one trusted person, through the services like a real intake."""
    door = vp.user
    organisaties = _formal_organisations()
    for naam, intake_ago, contact_ago, nazorg_in, verwijs_ago, soort, themas, tekst in rows:
        intake = vandaag - datetime.timedelta(days=intake_ago)
        huishouden = services.register_intake(
            huishouden={
                "woonplaats": Woonplaats.OOST,
                "samenstelling": rng.choice(Samenstelling.values),
                "aantal_kinderen": rng.randint(0, 3),
                "inkomsten": rng.choice([Inkomsten.UITKERING, Inkomsten.GEEN, Inkomsten.WERK]),
                "contact_formeel": rng.choice(JaNeeOnbekend.values),
                "binnenkomst": rng.choice(Binnenkomst.values[:2]),
            },
            hulpvrager={
                "naam": naam,
                "geslacht": Geslacht.MAN if naam in ("Dirk", "Kofi", "Theo") else Geslacht.VROUW,
                "geboortejaar": rng.randint(1950, 1998),
                "telefoon": f"06-{rng.randint(10000000, 99999999)}",
            },
            hulpvraag={
                "intake_datum": intake,
                "soort": soort,
                "terugkerend": rng.choice(Terugkerend.values),
                "omschrijving": tekst,
            },
            themas=Thema.objects.filter(naam__in=themas),
            toestemming_datum=intake,
            vertrouwenspersoon=vp,
            door=door,
        )
        hulpvraag = huishouden.hulpvragen.get()
        _recent_contacts(hulpvraag, intake, contact_ago, rng, door, vandaag)
        if nazorg_in is not None:
            services.set_nazorg_datum(
                hulpvraag=hulpvraag, datum=vandaag + datetime.timedelta(days=nazorg_in)
            )
        if verwijs_ago is not None and organisaties:
            services.record_doorverwijzing(
                hulpvraag=hulpvraag,
                organisatie=rng.choice(organisaties),
                soort=DoorverwijzingSoort.WARME_OVERDRACHT,
                datum=vandaag - datetime.timedelta(days=verwijs_ago),
                notitie="Samen aangemeld.",
                door=door,
                toestemming_vastleggen=True,
            )
            services.change_status(
                hulpvraag=hulpvraag,
                naar=Status.BIJ_FORMEEL,
                datum=vandaag - datetime.timedelta(days=verwijs_ago),
                door=door,
            )
    _one_closed(vp, rng, vandaag)


def _recent_contacts(hulpvraag, intake, contact_ago, rng, door, vandaag):
    if contact_ago is None:
        return
    last = vandaag - datetime.timedelta(days=contact_ago)
    datum = intake
    while datum < last:
        services.log_contact(
            hulpvraag=hulpvraag,
            soort=rng.choice(ContactSoort.values),
            datum=datum,
            minuten=rng.choice([20, 30, 60]),
            notitie=rng.choice(NOTITIES),
            door=door,
        )
        datum += datetime.timedelta(days=rng.randint(7, 14))
    services.log_contact(
        hulpvraag=hulpvraag,
        soort=ContactSoort.TELEFONISCH,
        datum=last,
        minuten=15,
        notitie=rng.choice(NOTITIES),
        door=door,
    )


def _one_closed(vp, rng, vandaag):
    """The oldest recent help request of `vp` closes with an outcome (after the intake)."""
    hulpvraag = (
        Hulpvraag.objects.filter(
            huishouden__vertrouwenspersoon=vp, intake_datum__gt=REPORT_PEILDATUM
        )
        .exclude(status=Status.AFGEROND)
        .order_by("intake_datum")
        .first()
    )
    if hulpvraag is None:
        return
    person = hulpvraag.hulpvrager
    earlier = services.add_hulpvraag(
        huishouden=hulpvraag.huishouden,
        hulpvrager=person,
        intake_datum=hulpvraag.intake_datum,
        soort=Soort.PRAKTISCH,
        omschrijving="Huurtoeslag aanvragen.",
        themas=Thema.objects.filter(naam="Inkomen/armoede"),
        door=vp.user,
    )
    services.change_status(
        hulpvraag=earlier,
        naar=Status.AFGEROND,
        datum=min(hulpvraag.intake_datum + datetime.timedelta(days=21), vandaag),
        door=vp.user,
        uitkomst="Huurtoeslag toegekend.",
        uitkomst_categorie=UitkomstCategorie.OPGELOST,
    )
