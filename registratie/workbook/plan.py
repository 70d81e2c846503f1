"""What reading a workbook produces: the parsed rows and the plan of what an import would do."""

from collections import Counter
from dataclasses import dataclass, field

CHUNK = 500  # ids per IN (...) query: well below SQLite's variable limit


class WorkbookError(Exception):
    """The file is not a registration workbook at all; the message says why, in Dutch."""


@dataclass(slots=True)
class HulpvraagRij:
    rij: int
    ref: str = ""
    naam: str = ""
    intake: object = None
    pilot: object = None  # existing pilot id (int) or a new pilot's key (str)
    geslacht: object = None
    geboortejaar: object = None
    woonplaats: object = None
    inkomsten: object = None
    contact: object = None
    soort: object = None
    terugkerend: object = None
    status: object = None
    datum_afgerond: object = None
    organisatie: object = None  # id (int), new key (str) or None
    vertrouwenspersoon: object = None
    themas: list = field(default_factory=list)
    omschrijving: str = ""
    historie: list = field(default_factory=list)  # [(date, status)]
    uitkomst_categorie: object = ""
    ok: bool = True
    persoon: tuple = ()  # (ref, name key) of the person, set by the cross-row checks


@dataclass(slots=True)
class AanvraagRij:
    rij: int
    datum: object = None
    organisatie: object = None
    vertrouwenspersoon: object = None
    woonplaats: object = None
    onderwerp: object = None
    inkomsten: object = None
    contact: object = None
    gevraagd: object = None
    status: object = None
    toegekend: object = None
    referentie: str = ""
    huishouden: str = ""
    motivatie: str = ""
    besloten_op: object = None
    uitbetaald_bedrag: object = None
    uitbetaald_op: object = None
    uitbetaald_aan: str = ""
    crediteur_naam: str = ""
    crediteur_iban: str = ""
    crediteur_kenmerk: str = ""
    # issue 21 (registratie.workbook.noodfonds_keten)
    voorziening: str = ""
    voorziening_resultaat: str = ""
    checklist: dict = field(default_factory=dict)  # soort -> status
    lening: dict | None = None  # the Lening's fields, with "aflossingen": [(datum, bedrag)]
    ok: bool = True


@dataclass(slots=True)
class PersoonRij:
    """A row of the Personen sheet; checked together with the persons of the Hulpvragen sheet."""

    rij: int
    blad: str
    ref: str = ""
    naam: str = ""
    geslacht: object = None
    geboortejaar: object = None
    taal: object = ""
    is_hoofdpersoon: object = None  # True / False / None (not given)
    ok: bool = True
    persoon: tuple = ()


@dataclass(frozen=True, slots=True)
class Verwijzing:
    """Which help request a row is about: (household reference, person key), intake date and
    the how-manieth of that person's help requests on that date (1, 2, ...). Resolved to an id
    only when written: the help request may be new in this workbook."""

    persoon: tuple
    intake: object
    volgnummer: int = 1


@dataclass
class Plan:
    """What an import of this workbook would do. Nothing in it is stored yet."""

    problemen: list = field(default_factory=list)
    pilots: dict = field(default_factory=dict)  # key -> fields of a new pilot
    organisaties: dict = field(default_factory=dict)  # key -> name of a new organisation
    vertrouwenspersonen: dict = field(default_factory=dict)  # key -> {naam, organisatie, ...}
    huishoudens: dict = field(default_factory=dict)  # ref -> fields of a new household
    huishouden_ids: dict = field(default_factory=dict)  # ref -> id of an existing household
    personen: dict = field(default_factory=dict)  # (ref, name key) -> fields of a new person
    persoon_ids: dict = field(default_factory=dict)  # (ref, name key) -> existing person id
    hulpvragen: list = field(default_factory=list)  # new HulpvraagRij
    aanvragen: list = field(default_factory=list)  # new AanvraagRij
    partners: set = field(default_factory=set)  # keys of new organisations that are partners
    toestemmingen: list = field(default_factory=list)  # fields of new consents
    doorverwijzingen: list = field(default_factory=list)  # fields of new referrals
    contactmomenten: list = field(default_factory=list)  # fields of new contacts
    signalen: list = field(default_factory=list)  # fields of new signals
    koppelingen: list = field(default_factory=list)  # new links of stored signals
    cohorten: dict = field(default_factory=dict)  # key -> fields of a new cohort
    deelnames: list = field(default_factory=list)  # fields of new enrolments
    bestaand: Counter = field(default_factory=Counter)  # already stored, skipped
    # possible duplicates of stored persons (workbook.dubbelen; the check only): not problems
    waarschuwingen: list = field(default_factory=list)
    niet_op_dubbelen_gecontroleerd: int = 0
    rijen: int = 0  # data rows read, all sheets

    @property
    def ok(self):
        return not self.problemen

    def aantallen(self) -> dict:
        return {
            "pilots": len(self.pilots),
            "organisaties": len(self.organisaties),
            "vertrouwenspersonen": len(self.vertrouwenspersonen),
            "huishoudens": len(self.huishoudens),
            "hulpvragers": len(self.personen),
            "hulpvragen": len(self.hulpvragen),
            "aanvragen": len(self.aanvragen),
            "toestemmingen": len(self.toestemmingen),
            "doorverwijzingen": len(self.doorverwijzingen),
            "contactmomenten": len(self.contactmomenten),
            "signalen": len(self.signalen),
            "koppelingen": len(self.koppelingen),
            "cohorten": len(self.cohorten),
            "deelnames": len(self.deelnames),
        }

    @property
    def niets_nieuw(self):
        return not any(self.aantallen().values())

    def nieuwe_organisaties(self) -> list[str]:
        return sorted(self.organisaties.values(), key=str.casefold)

    def nieuwe_vertrouwenspersonen(self) -> list[str]:
        return sorted((v["naam"] for v in self.vertrouwenspersonen.values()), key=str.casefold)
