"""The export of the optional sheets (columns.OPTIONAL_SHEETS): households' composition, persons,
consents, referrals, contacts, signals, trusted persons and the training's enrolments; their
widths and their lines in the Toelichting. Rows stream (`iterator`) like the other sheets.

Only households with a help request are exported (the Hulpvragen sheet carries the household
itself). A help request is named by household, person and intake date, and `volgnummer` when
the person has several help requests on that date (the how-manieth by id, as the import counts)."""

from django.db.models import Count, Exists, OuterRef, Prefetch
from django.utils.translation import gettext as _

from hulpvragen.choices import SignaalBron
from hulpvragen.models import (
    Contactmoment,
    Doorverwijzing,
    Huishouden,
    Hulpvraag,
    Hulpvrager,
    Signaal,
    Toestemming,
)
from netwerk.models import Vertrouwenspersoon
from opleiding.models import Deelname
from registratie.workbook.columns import (
    CONTACTMOMENTEN,
    DOORVERWIJZINGEN,
    HUISHOUDENS,
    OPLEIDING,
    PERSONEN,
    SIGNALEN,
    TOESTEMMINGEN,
    VERTROUWENSPERSONEN,
)
from registratie.workbook.plan import CHUNK

WIDTHS = {
    HUISHOUDENS: [14, 22, 16, 30, 28],
    PERSONEN: [14, 24, 11, 13, 16, 13],
    TOESTEMMINGEN: [14, 12, 40, 28, 15],
    DOORVERWIJZINGEN: [14, 24, 16, 28, 12, 18, 40, 15, 40, 12],
    CONTACTMOMENTEN: [14, 24, 16, 12, 20, 10, 50, 12],
    SIGNALEN: [12, 28, 60, 28, 14, 24, 16, 12, 36, 20],
    VERTROUWENSPERSONEN: [24, 28, 13, 12, 12, 15],
    OPLEIDING: [36, 18, 24, 28, 13, 14, 17, 12],
}


def met_hulpvraag():
    return Huishouden.objects.filter(Exists(Hulpvraag.objects.filter(huishouden=OuterRef("pk"))))


def counts() -> dict:
    """Records per sheet (the export's log) and the rows they make (`rijen`, for progress)."""
    households = met_hulpvraag()
    result = {
        "huishoudens": households.count(),
        "hulpvragers": Hulpvrager.objects.filter(huishouden__in=households).count(),
        "toestemmingen": Toestemming.objects.filter(huishouden__in=households).count(),
        "doorverwijzingen": Doorverwijzing.objects.count(),
        "contactmomenten": Contactmoment.objects.count(),
        "signalen": Signaal.objects.count(),
        "vertrouwenspersonen": Vertrouwenspersoon.objects.count(),
        "deelnames": Deelname.objects.filter(vertrouwenspersoon__isnull=False).count(),
    }
    links = Signaal.hulpvragen.through.objects.count()
    unlinked = Signaal.objects.filter(hulpvragen__isnull=True).count()
    return result | {"rijen": sum(result.values()) - result["signalen"] + links + unlinked}


def rows(lists) -> dict:
    """{sheet: rows} of every optional sheet, as generators."""
    labels = {name: dict(pairs) for name, pairs in lists.named().items()}
    volgnummer = volgnummers()
    return {
        HUISHOUDENS: huishouden_rows(labels),
        PERSONEN: persoon_rows(labels),
        TOESTEMMINGEN: toestemming_rows(labels),
        DOORVERWIJZINGEN: doorverwijzing_rows(labels, volgnummer),
        CONTACTMOMENTEN: contact_rows(labels, volgnummer),
        SIGNALEN: signaal_rows(labels, volgnummer),
        VERTROUWENSPERSONEN: vertrouwenspersoon_rows(labels),
        OPLEIDING: deelname_rows(labels),
    }


def volgnummers() -> dict:
    """{help request id: n} for the help requests that share person and intake date with an
    older one (n >= 2); all others are the first (1)."""
    shared = (
        Hulpvraag.objects.order_by()
        .values("hulpvrager_id", "intake_datum")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    persons = list({row["hulpvrager_id"] for row in shared})
    result, seen = {}, {}
    for start in range(0, len(persons), CHUNK):
        for pk, person, intake in (
            Hulpvraag.objects.filter(hulpvrager_id__in=persons[start : start + CHUNK])
            .order_by("pk")
            .values_list("pk", "hulpvrager_id", "intake_datum")
        ):
            n = seen[(person, intake)] = seen.get((person, intake), 0) + 1
            if n > 1:
                result[pk] = n
    return result


def _hulpvraag(hulpvraag, volgnummer) -> list:
    """The columns that name a help request, and its volgnummer (empty for the first)."""
    return [
        hulpvraag.huishouden.referentie,
        hulpvraag.hulpvrager.naam,
        hulpvraag.intake_datum,
    ], volgnummer.get(hulpvraag.pk)


def _naam(record):
    return record.naam if record is not None else ""


def huishouden_rows(labels):
    queryset = met_hulpvraag().select_related("doorverwezen_door").order_by("referentie")
    for h in queryset.iterator(chunk_size=CHUNK):
        yield [
            h.referentie,
            labels["samenstelling"].get(h.samenstelling, ""),
            h.aantal_kinderen,
            labels["binnenkomst"].get(h.binnenkomst, ""),
            _naam(h.doorverwezen_door),
        ]


def persoon_rows(labels):
    queryset = (
        Hulpvrager.objects.filter(huishouden__in=met_hulpvraag())
        .select_related("huishouden")
        .order_by("huishouden__referentie", "-is_hoofdpersoon", "pk")
    )
    for p in queryset.iterator(chunk_size=CHUNK):
        yield [
            p.huishouden.referentie,
            p.naam,
            labels["geslacht"].get(p.geslacht, ""),
            p.geboortejaar,
            p.taal,
            labels["ja_nee"][p.is_hoofdpersoon],
        ]


def toestemming_rows(labels):
    queryset = (
        Toestemming.objects.filter(huishouden__in=met_hulpvraag())
        .select_related("huishouden", "organisatie")
        .order_by("huishouden__referentie", "datum", "pk")
    )
    for t in queryset.iterator(chunk_size=CHUNK):
        yield [
            t.huishouden.referentie,
            t.datum,
            labels["toestemming"].get(t.scope, ""),
            _naam(t.organisatie),
            t.ingetrokken_op,
        ]


def _per_hulpvraag(model):
    return model.objects.select_related("hulpvraag__huishouden", "hulpvraag__hulpvrager").order_by(
        "hulpvraag__huishouden__referentie", "hulpvraag__intake_datum", "datum", "pk"
    )


def doorverwijzing_rows(labels, volgnummer):
    queryset = _per_hulpvraag(Doorverwijzing).select_related("organisatie")
    for d in queryset.iterator(chunk_size=CHUNK):
        hulpvraag, n = _hulpvraag(d.hulpvraag, volgnummer)
        yield [
            *hulpvraag,
            d.organisatie.naam,
            d.datum,
            labels["doorverwijzing_soort"].get(d.soort, ""),
            d.uitkomst,
            d.uitkomst_datum,
            d.notitie,
            n,
        ]


def contact_rows(labels, volgnummer):
    for c in _per_hulpvraag(Contactmoment).iterator(chunk_size=CHUNK):
        hulpvraag, n = _hulpvraag(c.hulpvraag, volgnummer)
        yield [
            *hulpvraag,
            c.datum,
            labels["contact_soort"].get(c.soort, ""),
            c.minuten,
            c.notitie,
            n,
        ]


def signaal_rows(labels, volgnummer):
    """One row per signal and help request that shows it; a signal without any: one row. Its
    source and provision close the row (empty for a hand-written signal)."""
    hulpvragen = Hulpvraag.objects.select_related("huishouden", "hulpvrager").order_by(
        "huishouden__referentie", "intake_datum", "pk"
    )
    queryset = (
        Signaal.objects.select_related("thema", "organisatie")
        .prefetch_related(Prefetch("hulpvragen", queryset=hulpvragen))
        .order_by("datum", "pk")
    )
    for s in queryset.iterator(chunk_size=CHUNK):
        signal = [s.datum, s.thema.naam, s.tekst, _naam(s.organisatie)]
        bron = [
            "" if s.bron == SignaalBron.HANDMATIG else labels["signaal_bron"].get(s.bron, ""),
            labels["voorziening"].get(s.voorziening, ""),
        ]
        linked = list(s.hulpvragen.all())
        if not linked:
            yield [*signal, "", "", None, None, *bron]
        for h in linked:
            hulpvraag, n = _hulpvraag(h, volgnummer)
            yield [*signal, *hulpvraag, n, *bron]


def vertrouwenspersoon_rows(labels):
    queryset = Vertrouwenspersoon.objects.select_related("organisatie").order_by("naam", "pk")
    for v in queryset.iterator(chunk_size=CHUNK):
        yield [
            v.naam,
            v.organisatie.naam,
            labels["vp_status"].get(v.status, ""),
            v.startdatum,
            v.einddatum,
            v.uren_per_week,
        ]


def deelname_rows(labels):
    """The enrolments of trusted persons. A candidate (not a trusted person yet, issue 22) is
    not in the workbook: the sheet names a trusted person, and the import matches them by name;
    a candidate enters the workbook as a trusted person once their completion is confirmed."""
    queryset = (
        Deelname.objects.filter(vertrouwenspersoon__isnull=False)
        .select_related("cohort__pilot", "vertrouwenspersoon__organisatie")
        .order_by("cohort__startdatum", "cohort__naam", "vertrouwenspersoon__naam", "pk")
    )
    for d in queryset.iterator(chunk_size=CHUNK):
        yield [
            d.cohort.naam,
            d.cohort.startdatum,
            d.vertrouwenspersoon.naam,
            d.vertrouwenspersoon.organisatie.naam,
            labels["deelname_status"].get(d.status, ""),
            d.status_datum,
            d.certificaat_datum,
            _naam(d.cohort.pilot),
        ]


# -- Toelichting ---------------------------------------------------------------------------------


def explanation(lists, one_of, date) -> list[tuple]:
    """(sheet, column, required, text) for every column of the optional sheets."""
    ja, nee = _("ja"), _("nee")
    verwijzing = [
        (
            "huishouden",
            ja,
            _(
                "referentie van het huishouden van de hulpvraag (blad Hulpvragen of al geregistreerd)"
            ),
        ),
        (
            "hulpvrager",
            nee,
            _("naam van de hulpvrager van de hulpvraag; leeg = de hoofdpersoon van het huishouden"),
        ),
        ("datum_aanmelding", ja, _("datum_aanmelding van de hulpvraag") + "; " + date),
    ]
    volgnummer = (
        "volgnummer",
        nee,
        _(
            "extra kolom: heeft deze hulpvrager meer hulpvragen met dezelfde datum_aanmelding, "
            "welke (2 = de tweede, in de volgorde van registratie); leeg = de eerste"
        ),
    )
    rows = [
        (
            HUISHOUDENS,
            "huishouden",
            ja,
            _(
                "referentie van een huishouden van het blad Hulpvragen of al geregistreerd; "
                "elk huishouden één keer"
            ),
        ),
        (HUISHOUDENS, "samenstelling", nee, one_of(lists.samenstelling)),
        (HUISHOUDENS, "aantal_kinderen", nee, _("aantal kinderen, een geheel getal vanaf 0")),
        (HUISHOUDENS, "binnenkomst", nee, one_of(lists.binnenkomst) + _(" (leeg: Zelf gemeld)")),
        (
            HUISHOUDENS,
            "doorverwezen_door",
            nee,
            _("organisatie die het huishouden doorverwees; een onbekende naam wordt aangemaakt"),
        ),
        (
            PERSONEN,
            "huishouden",
            ja,
            _("referentie van een huishouden van het blad Hulpvragen of al geregistreerd"),
        ),
        (
            PERSONEN,
            "hulpvrager",
            nee,
            _(
                "naam van de persoon (ook wie zelf geen hulpvraag heeft); hetzelfde huishouden "
                "en dezelfde naam = dezelfde persoon als op het blad Hulpvragen"
            ),
        ),
        (PERSONEN, "geslacht", nee, one_of(lists.geslacht) + _("; per persoon overal hetzelfde")),
        (PERSONEN, "geboortejaar", nee, _("zoals op het blad Hulpvragen")),
        (PERSONEN, "taal", nee, _("voorkeurstaal")),
        (
            PERSONEN,
            "hoofdpersoon",
            nee,
            _(
                "Ja bij de hoofdpersoon van een nieuw huishouden (ten hoogste één); leeg: de "
                "eerste naam van het huishouden op het blad Hulpvragen"
            ),
        ),
        (TOESTEMMINGEN, "huishouden", ja, _("referentie van het huishouden")),
        (TOESTEMMINGEN, "datum", ja, date + _("; niet in de toekomst")),
        (TOESTEMMINGEN, "reikwijdte", ja, one_of(lists.toestemming)),
        (
            TOESTEMMINGEN,
            "organisatie",
            _("ja, bij delen"),
            _("organisatie waarmee gedeeld mag worden (alleen bij delen)"),
        ),
        (
            TOESTEMMINGEN,
            "ingetrokken_op",
            nee,
            date + _("; leeg zolang de toestemming geldt; niet voor de datum"),
        ),
        *((DOORVERWIJZINGEN, column, required, text) for column, required, text in verwijzing),
        (
            DOORVERWIJZINGEN,
            "organisatie",
            ja,
            _("formele instantie waarnaar is doorverwezen; een onbekende naam wordt aangemaakt"),
        ),
        (DOORVERWIJZINGEN, "datum", ja, date + _("; niet voor de datum_aanmelding")),
        (DOORVERWIJZINGEN, "soort", ja, one_of(lists.doorverwijzing_soort)),
        (DOORVERWIJZINGEN, "uitkomst", nee, _("wat de doorverwijzing opleverde")),
        (
            DOORVERWIJZINGEN,
            "uitkomst_datum",
            nee,
            date + _("; niet voor de datum; ingevuld vraagt ook de uitkomst"),
        ),
        (DOORVERWIJZINGEN, "notitie", nee, _("korte notitie")),
        (DOORVERWIJZINGEN, *volgnummer),
        *((CONTACTMOMENTEN, column, required, text) for column, required, text in verwijzing),
        (CONTACTMOMENTEN, "datum", ja, date + _("; niet voor de datum_aanmelding")),
        (CONTACTMOMENTEN, "soort", ja, one_of(lists.contact_soort)),
        (CONTACTMOMENTEN, "minuten", nee, _("duur in minuten")),
        (CONTACTMOMENTEN, "notitie", nee, _("korte notitie (ten hoogste 500 tekens)")),
        (CONTACTMOMENTEN, *volgnummer),
        (SIGNALEN, "datum", ja, date + _("; niet in de toekomst")),
        (SIGNALEN, "thema", ja, _("een thema (zie onder)")),
        (SIGNALEN, "tekst", ja, _("het signaal: een knelpunt dat vaker voorkomt")),
        (SIGNALEN, "organisatie", nee, _("organisatie die het signaal afgeeft")),
        (
            SIGNALEN,
            "huishouden",
            nee,
            _(
                "met hulpvrager en datum_aanmelding: een hulpvraag die het signaal laat zien; "
                "een rij per hulpvraag, rijen met dezelfde datum, thema, tekst en organisatie "
                "zijn één signaal; leeg: een signaal zonder hulpvraag"
            ),
        ),
        (SIGNALEN, "hulpvrager", nee, _("zie huishouden")),
        (SIGNALEN, "datum_aanmelding", nee, _("zie huishouden")),
        (SIGNALEN, *volgnummer),
        (
            SIGNALEN,
            "bron",
            nee,
            one_of(lists.signaal_bron)
            + _(
                " (leeg: Handmatig); een signaal van het noodfonds noemt de voorziening en geen "
                "hulpvraag"
            ),
        ),
        (
            SIGNALEN,
            "voorziening",
            nee,
            one_of(lists.voorziening)
            + _("; alleen bij bron Noodfonds: de voorziening die afgewezen of te traag was"),
        ),
        (
            VERTROUWENSPERSONEN,
            "naam",
            ja,
            _("naam van de vertrouwenspersoon; al geregistreerd: wordt overgeslagen"),
        ),
        (
            VERTROUWENSPERSONEN,
            "organisatie",
            _("ja, voor een nieuwe"),
            _("partnerorganisatie; een onbekende naam wordt aangemaakt"),
        ),
        (VERTROUWENSPERSONEN, "status", nee, one_of(lists.vp_status) + _(" (leeg: Actief)")),
        (VERTROUWENSPERSONEN, "startdatum", nee, date),
        (VERTROUWENSPERSONEN, "einddatum", nee, date + _("; niet voor de startdatum")),
        (VERTROUWENSPERSONEN, "uren_per_week", nee, _("uren per week, een geheel getal")),
        (
            OPLEIDING,
            "cohort",
            ja,
            _("naam van het cohort (een opleidingsronde); dezelfde naam = hetzelfde cohort"),
        ),
        (OPLEIDING, "startdatum_cohort", ja, date + _("; op elke rij van een cohort hetzelfde")),
        (
            OPLEIDING,
            "vertrouwenspersoon",
            ja,
            _("naam van de deelnemer; een onbekende naam wordt aangemaakt bij de organisatie"),
        ),
        (OPLEIDING, "organisatie", nee, _("organisatie van de vertrouwenspersoon")),
        (OPLEIDING, "status", ja, one_of(lists.deelname_status)),
        (OPLEIDING, "datum_status", ja, date + _("; bij Afgerond: de datum van afronden")),
        (
            OPLEIDING,
            "certificaat_datum",
            nee,
            date + _("; alleen bij Afgerond, niet in de toekomst"),
        ),
        (
            OPLEIDING,
            "pilot",
            nee,
            _("extra kolom: de pilot van het cohort (blad Pilots of al geregistreerd)"),
        ),
    ]
    return rows


def general_rules() -> list[str]:
    return [
        _(
            "- De bladen Huishoudens, Personen, Toestemmingen, Doorverwijzingen, "
            "Contactmomenten, Signalen, Vertrouwenspersonen en Opleiding mogen ontbreken; "
            "staat een blad er wel, dan zijn zijn kolommen nodig."
        ),
        _(
            "- Doorverwijzingen, contactmomenten en signalen horen bij een hulpvraag: "
            "huishouden, hulpvrager en datum_aanmelding zoals op het blad Hulpvragen."
        ),
        _(
            "- Al geregistreerd wordt niet nog eens aangemaakt: een toestemming herkenbaar aan "
            "huishouden, reikwijdte, organisatie en datum; een doorverwijzing aan hulpvraag, "
            "organisatie, datum en soort; een contactmoment aan hulpvraag, datum, soort, minuten "
            "en notitie; een signaal aan datum, thema, tekst en organisatie; een deelname aan "
            "cohort en vertrouwenspersoon."
        ),
    ]
