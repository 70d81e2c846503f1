"""Demo step: the training of the two pilots (source report 3.4 and 4.3). Twenty trusted persons
were trained, ten per pilot, by the Vrijwilligersacademie with the Hogeschool van Amsterdam; the
0-meting of the first group was in January 2020, the 1-meting about a year later."""

import datetime

from netwerk.models import Pilot
from opleiding import services
from opleiding.choices import (
    DOMEIN_VELDEN,
    AanwezigheidStatus,
    BijeenkomstSoort,
    DeelnameStatus,
    MetingSoort,
    OntwikkelstapSoort,
)
from opleiding.models import Aanwezigheid, Bijeenkomst, Deelname, Meting, Ontwikkelstap

D = datetime.date
TRAINERS = ["Vrijwilligersacademie Amsterdam", "Hogeschool van Amsterdam"]
COHORTEN = [
    {
        "naam": "Opleiding Vertrouwenspersoon 2019–2020",
        "pilot": "Pilot 1",
        "start": D(2019, 11, 5),
        "online": (D(2020, 3, 16), D(2020, 12, 31)),  # the first lockdown: lessons went online
        "personen": slice(0, 10),
        "nul": (D(2020, 1, 21), 8),  # date, how many were measured
        "een": (D(2020, 12, 15), 6),
        "gastlessen": [],
    },
    {
        "naam": "Opleiding Vertrouwenspersoon 2020–2021",
        "pilot": "Pilot 2",
        "start": D(2020, 11, 3),
        "online": (D(2020, 12, 15), D(2021, 3, 1)),
        "personen": slice(10, 20),
        "nul": (D(2020, 11, 17), 10),
        "een": (D(2021, 10, 26), 7),
        "gastlessen": [
            (BijeenkomstSoort.GASTLES, D(2021, 1, 14), "Gastles WPI: bijzondere bijstand"),
            (BijeenkomstSoort.GASTLES, D(2021, 2, 11), "Gastles Schuldhulpverlening Oost"),
            (
                BijeenkomstSoort.INFORMATIEBIJEENKOMST,
                D(2021, 3, 11),
                "Informatiebijeenkomst registratie",
            ),
        ],
    },
]
STAPPEN = [
    # (index in the trusted persons, kind, date, note)
    (1, OntwikkelstapSoort.VERVOLGOPLEIDING, D(2020, 9, 1), "Mbo entree-opleiding (ROC)."),
    (2, OntwikkelstapSoort.ERVARINGSDESKUNDIGHEID, D(2020, 10, 1), "Via Vrijwilligersacademie."),
    (3, OntwikkelstapSoort.BUURTBAAN, D(2020, 9, 15), "Buurtbaan bij een bewonersinitiatief."),
    (3, OntwikkelstapSoort.BETAALD_WERK, D(2021, 9, 1), "Vast contract in het sociaal domein."),
    (5, OntwikkelstapSoort.VERVOLGOPLEIDING, D(2020, 9, 1), "Mbo niveau 2 en taalles."),
    (11, OntwikkelstapSoort.ERVARINGSDESKUNDIGHEID, D(2021, 9, 1), ""),
    (13, OntwikkelstapSoort.BUURTBAAN, D(2021, 7, 1), "Buurtbaan via WPI."),
    (12, OntwikkelstapSoort.VERVOLGOPLEIDING, D(2021, 9, 1), "Computervaardigheden en rekenen."),
]


def build(ctx):
    rng = ctx["rng"]
    organisaties = ctx["organisaties"]
    personen = ctx["vertrouwenspersonen"]
    cohorten = []
    for spec in COHORTEN:
        cohort = services.create_cohort(
            naam=spec["naam"],
            startdatum=spec["start"],
            pilot=Pilot.objects.filter(naam=spec["pilot"]).first(),
            opleiders=[organisaties[n] for n in TRAINERS if n in organisaties],
            weekdag=spec["start"].weekday(),
        )
        _extra_sessions(cohort, spec)
        deelnames = _enrol(cohort, personen[spec["personen"]])
        _attendance(rng, cohort, deelnames)
        _measurements(rng, deelnames, spec)
        cohorten.append(cohort)
    Ontwikkelstap.objects.bulk_create(
        Ontwikkelstap(vertrouwenspersoon=personen[i], soort=soort, datum=datum, toelichting=note)
        for i, soort, datum, note in STAPPEN
        if i < len(personen)
    )
    ctx["cohorten"] = cohorten


def _extra_sessions(cohort, spec):
    start, end = spec["online"]
    cohort.bijeenkomsten.filter(datum__range=(start, end)).update(online=True)
    Bijeenkomst.objects.bulk_create(
        Bijeenkomst(cohort=cohort, soort=soort, datum=datum, onderwerp=onderwerp, online=True)
        for soort, datum, onderwerp in spec["gastlessen"]
    )


def _enrol(cohort, personen):
    einde = cohort.bijeenkomsten.order_by("-datum").values_list("datum", flat=True).first()
    certificaat = einde + datetime.timedelta(days=14)
    return Deelname.objects.bulk_create(
        Deelname(
            cohort=cohort,
            vertrouwenspersoon=vp,
            status=DeelnameStatus.AFGEROND,
            status_datum=certificaat,
            certificaat_datum=certificaat,
        )
        for vp in personen
    )


def _attendance(rng, cohort, deelnames):
    """About nine in ten present; everyone at eight or more of the ten lessons (all were
    certified), the rest absent with notice more often than without."""
    bijeenkomsten = list(cohort.bijeenkomsten.all())
    rows = []
    for deelname in deelnames:
        gemist = set(
            rng.sample([b.pk for b in bijeenkomsten if b.soort == "les"], rng.randint(0, 2))
        )
        for b in bijeenkomsten:
            status = AanwezigheidStatus.AANWEZIG
            if b.pk in gemist or (b.soort != "les" and rng.random() < 0.12):
                status = rng.choice(
                    [AanwezigheidStatus.AFWEZIG_MET_BERICHT] * 3 + [AanwezigheidStatus.AFWEZIG]
                )
            rows.append(Aanwezigheid(bijeenkomst=b, deelname=deelname, status=status))
    Aanwezigheid.objects.bulk_create(rows)


def _measurements(rng, deelnames, spec):
    """Scores 1–5; the 1-meting a little higher, most of all on setting boundaries (the source:
    the largest gain and the largest challenge)."""
    (nul_datum, n_nul), (een_datum, n_een) = spec["nul"], spec["een"]
    rows = []
    for index, deelname in enumerate(deelnames[:n_nul]):
        nul = {veld: rng.randint(1, 4) for veld in DOMEIN_VELDEN}
        rows.append(Meting(deelname=deelname, soort=MetingSoort.NUL, datum=nul_datum, **nul))
        if index < n_een:
            een = {
                veld: min(
                    5, score + rng.choice([0, 1, 1, 2] if veld != "grenzen_aangeven" else [1, 2])
                )
                for veld, score in nul.items()
            }
            rows.append(Meting(deelname=deelname, soort=MetingSoort.EEN, datum=een_datum, **een))
    Meting.objects.bulk_create(rows)
