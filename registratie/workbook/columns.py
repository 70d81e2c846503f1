"""The registration workbook's format (DOMAIN.md, "Moving data in and out"): sheets, columns and the
fixed lists whose labels the cells hold. The listed columns come first; extra columns follow."""

from django.utils import translation

from hulpvragen.choices import (
    Binnenkomst,
    ContactSoort,
    DoorverwijzingSoort,
    Geslacht,
    Inkomsten,
    JaNeeOnbekend,
    Samenstelling,
    SignaalBron,
    Soort,
    Status,
    Terugkerend,
    ToestemmingScope,
    UitkomstCategorie,
    Woonplaats,
)
from netwerk.models import VertrouwenspersoonStatus
from noodfonds.choices import (
    AanvraagStatus,
    ChecklistSoort,
    ChecklistStatus,
    Onderwerp,
    UitbetaaldAan,
    Voorziening,
    VoorzieningResultaat,
)
from opleiding.choices import DeelnameStatus

PILOTS = "Pilots"
HULPVRAGEN = "Hulpvragen"
NOODFONDS = "Noodfonds"
TOELICHTING = "Toelichting"
LIJSTEN = "Lijsten"
# Optional sheets: a workbook without them imports as before; one that has them needs its columns.
HUISHOUDENS = "Huishoudens"
PERSONEN = "Personen"
TOESTEMMINGEN = "Toestemmingen"
DOORVERWIJZINGEN = "Doorverwijzingen"
CONTACTMOMENTEN = "Contactmomenten"
SIGNALEN = "Signalen"
VERTROUWENSPERSONEN = "Vertrouwenspersonen"
OPLEIDING = "Opleiding"

PILOT_COLUMNS = ["naam", "startdatum", "einddatum", "taakstelling"]
HULPVRAAG_COLUMNS = [
    "huishouden",
    "hulpvrager",
    "datum_aanmelding",
    "pilot",
    "geslacht",
    "geboortejaar",
    "woonplaats",
    "inkomsten",
    "contact_formeel",
    "soort",
    "terugkerend",
    "status",
    "datum_afgerond",
    "organisatie",
    "vertrouwenspersoon",
    "themas",
    "omschrijving",
]
# Optional extra columns: the full dated status history, so an export imports back unchanged;
# the outcome category of a closed help request (the report's outcome table counts by it).
HULPVRAAG_EXTRA = ["statushistorie", "soort_uitkomst"]
AANVRAAG_COLUMNS = [
    "datum_aanvraag",
    "organisatie",
    "vertrouwenspersoon",
    "woonplaats",
    "onderwerp",
    "inkomsten",
    "contact_formeel",
    "gevraagd_bedrag",
    "status",
    "toegekend_bedrag",
]
# The fund chain's columns (issue 21; registratie.workbook.noodfonds_keten reads them).
AANVRAAG_KETEN = [
    "voorziening",
    "voorziening_resultaat",
    "checklist",
    "lening_bedrag",
    "aflossing_per_maand",
    "eerste_aflossing",
    "kwijtgescholden_op",
    "kwijtgescholden_bedrag",
    "kwijtschelding_reden",
    "aflossingen",
]
# Optional extra columns; `referentie` is the application's identity when filled in.
AANVRAAG_EXTRA = [
    "referentie",
    "huishouden",
    "motivatie",
    "besloten_op",
    "uitbetaald_bedrag",
    "uitbetaald_op",
    "uitbetaald_aan",
    # whom the fund pays (noodfonds.betalingen): name, IBAN and payment reference
    "crediteur_naam",
    "crediteur_iban",
    "crediteur_kenmerk",
    # issue 21: the provision asked first, the papers checklist, a loan and its repayments
    *AANVRAAG_KETEN,
]

# One row per household: its composition and how it came in (the rest of the household is on
# the Hulpvragen sheet).
HUISHOUDEN_COLUMNS = [
    "huishouden",
    "samenstelling",
    "aantal_kinderen",
    "binnenkomst",
    "doorverwezen_door",
]
# One row per person of a household, also those who never asked for help themselves.
PERSOON_COLUMNS = ["huishouden", "hulpvrager", "geslacht", "geboortejaar", "taal", "hoofdpersoon"]
TOESTEMMING_COLUMNS = ["huishouden", "datum", "reikwijdte", "organisatie", "ingetrokken_op"]
# The help request a row is about: its household, person and intake date, as on Hulpvragen.
HULPVRAAG_VERWIJZING = ["huishouden", "hulpvrager", "datum_aanmelding"]
# Optional: which of the help requests of one person with the same intake date (1, 2, ...).
VOLGNUMMER = "volgnummer"
DOORVERWIJZING_COLUMNS = [
    *HULPVRAAG_VERWIJZING,
    "organisatie",
    "datum",
    "soort",
    "uitkomst",
    "uitkomst_datum",
    "notitie",
]
CONTACT_COLUMNS = [*HULPVRAAG_VERWIJZING, "datum", "soort", "minuten", "notitie"]
# One row per signal and help request that shows it (rows with equal datum, thema, tekst and
# organisatie are one signal); a signal without help requests has the last three empty.
SIGNAAL_COLUMNS = ["datum", "thema", "tekst", "organisatie", *HULPVRAAG_VERWIJZING]
VERTROUWENSPERSOON_COLUMNS = [
    "naam",
    "organisatie",
    "status",
    "startdatum",
    "einddatum",
    "uren_per_week",
]
# One row per enrolment in a training cohort.
OPLEIDING_COLUMNS = [
    "cohort",
    "startdatum_cohort",
    "vertrouwenspersoon",
    "organisatie",
    "status",
    "datum_status",
    "certificaat_datum",
]

SHEETS = {
    PILOTS: PILOT_COLUMNS,
    HULPVRAGEN: HULPVRAAG_COLUMNS,
    NOODFONDS: AANVRAAG_COLUMNS,
}
OPTIONAL_SHEETS = {
    HUISHOUDENS: HUISHOUDEN_COLUMNS,
    PERSONEN: PERSOON_COLUMNS,
    TOESTEMMINGEN: TOESTEMMING_COLUMNS,
    DOORVERWIJZINGEN: DOORVERWIJZING_COLUMNS,
    CONTACTMOMENTEN: CONTACT_COLUMNS,
    SIGNALEN: SIGNAAL_COLUMNS,
    VERTROUWENSPERSONEN: VERTROUWENSPERSOON_COLUMNS,
    OPLEIDING: OPLEIDING_COLUMNS,
}
ALL_SHEETS = {**SHEETS, **OPTIONAL_SHEETS}  # the data sheets in the workbook's order
EXTRA = {
    PILOTS: [],
    HULPVRAGEN: HULPVRAAG_EXTRA,
    NOODFONDS: AANVRAAG_EXTRA,
    HUISHOUDENS: [],
    PERSONEN: [],
    TOESTEMMINGEN: [],
    DOORVERWIJZINGEN: [VOLGNUMMER],
    CONTACTMOMENTEN: [VOLGNUMMER],
    # the source of a signal and the provision a fund signal names (issue 21); empty: by hand
    SIGNALEN: [VOLGNUMMER, "bron", "voorziening"],
    VERTROUWENSPERSONEN: [],
    OPLEIDING: ["pilot"],
}


def columns_of(sheet) -> list[str]:
    """Every column of a sheet as the export writes it: the listed ones, then the extra ones."""
    return ALL_SHEETS[sheet] + EXTRA[sheet]


JA_NEE = [(True, "Ja"), (False, "Nee")]


def normalize(text) -> str:
    """The matching key of a label: case and all white space ignored."""
    return "".join(str(text).split()).casefold()


def header_key(text) -> str:
    """A header cell as a column name: case ignored, spaces as underscores."""
    return "_".join(str(text).split()).casefold() if text is not None else ""


def choice_labels(choices) -> list[tuple[str, str]]:
    """(value, Dutch label) pairs; the workbook format is Dutch whatever the UI language."""
    with translation.override("nl"):
        return [(value, str(label)) for value, label in choices.choices]


def aliases(pairs) -> dict[str, object]:
    """Normalised label -> value. A label with an explanation in brackets also matches without it
    ("Sociaal" for "Sociaal (erop uit, ...)")."""
    result = {}
    for value, label in pairs:
        result[normalize(label)] = value
        short = label.split(" (")[0]
        result.setdefault(normalize(short), value)
    return result


class Lists:
    """The fixed lists, built once per read or write (labels depend on the active language)."""

    def __init__(self):
        self.geslacht = choice_labels(Geslacht)
        self.woonplaats = choice_labels(Woonplaats)
        self.inkomsten = choice_labels(Inkomsten)
        self.contact = choice_labels(JaNeeOnbekend)
        self.soort = choice_labels(Soort)
        self.terugkerend = choice_labels(Terugkerend)
        self.status = choice_labels(Status)
        self.soort_uitkomst = choice_labels(UitkomstCategorie)
        self.onderwerp = choice_labels(Onderwerp)
        self.aanvraag_status = choice_labels(AanvraagStatus)
        self.uitbetaald_aan = choice_labels(UitbetaaldAan)
        self.voorziening = choice_labels(Voorziening)
        self.voorziening_resultaat = choice_labels(VoorzieningResultaat)
        self.checklist_soort = choice_labels(ChecklistSoort)
        self.checklist_status = choice_labels(ChecklistStatus)
        self.ja_nee = JA_NEE
        self.samenstelling = choice_labels(Samenstelling)
        self.binnenkomst = choice_labels(Binnenkomst)
        self.toestemming = choice_labels(ToestemmingScope)
        self.doorverwijzing_soort = choice_labels(DoorverwijzingSoort)
        self.contact_soort = choice_labels(ContactSoort)
        self.signaal_bron = choice_labels(SignaalBron)
        self.vp_status = choice_labels(VertrouwenspersoonStatus)
        self.deelname_status = choice_labels(DeelnameStatus)

    def dropdowns(self):
        """(sheet, column, list name, labels) for every column with a fixed list."""
        labels = {name: [label for _, label in pairs] for name, pairs in self.named().items()}
        return [
            (HULPVRAGEN, "geslacht", "geslacht", labels["geslacht"]),
            (HULPVRAGEN, "woonplaats", "woonplaats", labels["woonplaats"]),
            (HULPVRAGEN, "inkomsten", "inkomsten", labels["inkomsten"]),
            (HULPVRAGEN, "contact_formeel", "contact_formeel", labels["contact_formeel"]),
            (HULPVRAGEN, "soort", "soort", labels["soort"]),
            (HULPVRAGEN, "terugkerend", "terugkerend", labels["terugkerend"]),
            (HULPVRAGEN, "status", "status", labels["status"]),
            (HULPVRAGEN, "soort_uitkomst", "soort_uitkomst", labels["soort_uitkomst"]),
            (NOODFONDS, "woonplaats", "woonplaats", labels["woonplaats"]),
            (NOODFONDS, "onderwerp", "onderwerp", labels["onderwerp"]),
            (NOODFONDS, "inkomsten", "inkomsten", labels["inkomsten"]),
            (NOODFONDS, "contact_formeel", "ja_nee", labels["ja_nee"]),
            (NOODFONDS, "status", "aanvraag_status", labels["aanvraag_status"]),
            (NOODFONDS, "uitbetaald_aan", "uitbetaald_aan", labels["uitbetaald_aan"]),
            (NOODFONDS, "voorziening", "voorziening", labels["voorziening"]),
            (
                NOODFONDS,
                "voorziening_resultaat",
                "voorziening_resultaat",
                labels["voorziening_resultaat"],
            ),
            (HUISHOUDENS, "samenstelling", "samenstelling", labels["samenstelling"]),
            (HUISHOUDENS, "binnenkomst", "binnenkomst", labels["binnenkomst"]),
            (PERSONEN, "geslacht", "geslacht", labels["geslacht"]),
            (PERSONEN, "hoofdpersoon", "ja_nee", labels["ja_nee"]),
            (TOESTEMMINGEN, "reikwijdte", "toestemming", labels["toestemming"]),
            (DOORVERWIJZINGEN, "soort", "doorverwijzing_soort", labels["doorverwijzing_soort"]),
            (CONTACTMOMENTEN, "soort", "contact_soort", labels["contact_soort"]),
            (SIGNALEN, "bron", "signaal_bron", labels["signaal_bron"]),
            (SIGNALEN, "voorziening", "voorziening", labels["voorziening"]),
            (VERTROUWENSPERSONEN, "status", "vp_status", labels["vp_status"]),
            (OPLEIDING, "status", "deelname_status", labels["deelname_status"]),
        ]

    def named(self):
        return {
            "geslacht": self.geslacht,
            "woonplaats": self.woonplaats,
            "inkomsten": self.inkomsten,
            "contact_formeel": self.contact,
            "soort": self.soort,
            "terugkerend": self.terugkerend,
            "status": self.status,
            "soort_uitkomst": self.soort_uitkomst,
            "onderwerp": self.onderwerp,
            "ja_nee": self.ja_nee,
            "aanvraag_status": self.aanvraag_status,
            "uitbetaald_aan": self.uitbetaald_aan,
            "voorziening": self.voorziening,
            "voorziening_resultaat": self.voorziening_resultaat,
            "checklist_soort": self.checklist_soort,
            "checklist_status": self.checklist_status,
            "samenstelling": self.samenstelling,
            "binnenkomst": self.binnenkomst,
            "toestemming": self.toestemming,
            "doorverwijzing_soort": self.doorverwijzing_soort,
            "contact_soort": self.contact_soort,
            "signaal_bron": self.signaal_bron,
            "vp_status": self.vp_status,
            "deelname_status": self.deelname_status,
        }
