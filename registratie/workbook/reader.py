"""Reading and checking a registration workbook without writing anything.

`read_plan(file)` opens the workbook in read-only mode, checks every cell and every rule across rows,
compares with what is already stored, and returns a `Plan`: what an import would create, what is
already there, and every problem found. A file that cannot be read at all raises `WorkbookError`
with one clear message. The sheets' own rules live in hulpvragen_sheet.py and noodfonds_sheet.py."""

import datetime
import re
import zipfile
from collections import defaultdict
from functools import partial

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from hulpvragen.choices import GEEN_PILOT  # the pilot cell of a help request outside every pilot
from hulpvragen.models import Thema
from netwerk.models import Organisatie, Pilot, Vertrouwenspersoon
from netwerk.selectors import niet_ingewerkt
from netwerk.services import check_inzetbaar, validate_pilot_periode, validate_taakstelling
from registratie.workbook import parse
from registratie.workbook.bestand import check_archive, formulas_without_value
from registratie.workbook.columns import (
    ALL_SHEETS,
    CONTACTMOMENTEN,
    DOORVERWIJZINGEN,
    EXTRA,
    HUISHOUDENS,
    HULPVRAGEN,
    NOODFONDS,
    OPLEIDING,
    PERSONEN,
    PILOTS,
    SHEETS,
    SIGNALEN,
    TOESTEMMINGEN,
    VERTROUWENSPERSONEN,
    Lists,
    aliases,
    header_key,
    normalize,
)
from registratie.workbook.dossier_sheets import DossierSheets
from registratie.workbook.huishoudens_sheets import HuishoudensSheets
from registratie.workbook.hulpvragen_sheet import HulpvragenSheet
from registratie.workbook.noodfonds_sheet import NoodfondsSheet
from registratie.workbook.parse import BAD, Probleem, Row
from registratie.workbook.plan import Plan, WorkbookError
from registratie.workbook.vertrouwenspersonen_sheets import VertrouwenspersonenSheets

__all__ = ["BAD", "GEEN_PILOT", "Plan", "WorkbookError", "read_plan"]

DEFAULT_TAAKSTELLING = 40
NOT_RECORDED = {"ng": "", "n.g": "", "n.g.": "", "nietgeregistreerd": "", "onbekend": ""}
NO_PILOT = {normalize(GEEN_PILOT), "geen"}
PROGRESS_STEP = 100  # rows between two progress reports


def open_workbook(fileobj):
    """Open in read-only mode; anything that is not an .xlsx workbook is one clear message, and
    so is a workbook that unpacks to an absurd size (bestand.check_archive: refused before any
    part of it is read)."""
    check_archive(fileobj)
    try:
        # data_only: a formula counts as the value the user sees (Excel's cached result). Text
        # that merely starts with "=" is a text cell and stays exactly that text.
        return load_workbook(fileobj, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError) as exc:
        raise WorkbookError(
            _(
                "Dit bestand is geen Excel-werkmap (.xlsx). Sla het in Excel op als "
                "'Excel-werkmap (*.xlsx)' of download het sjabloon en probeer het opnieuw."
            )
        ) from exc
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise WorkbookError(
            _("Dit bestand kan niet als Excel-werkmap (.xlsx) worden gelezen.")
        ) from exc


def sheets_and_columns(wb) -> dict:
    """{sheet: (worksheet, {column: index})} of the sheets the workbook has; a missing sheet
    (other than the optional ones) or a missing column raises one WorkbookError."""
    by_key = {normalize(ws.title): ws for ws in wb.worksheets}
    missing_sheets = [name for name in SHEETS if normalize(name) not in by_key]
    if missing_sheets:
        raise WorkbookError(
            _(
                "De werkmap mist het blad/de bladen %(missing)s. Verwacht worden de bladen "
                "%(expected)s (zie het sjabloon)."
            )
            % {"missing": ", ".join(missing_sheets), "expected": ", ".join(SHEETS)}
        )
    result, missing = {}, []
    for name, columns in ALL_SHEETS.items():
        ws = by_key.get(normalize(name))
        if ws is None:  # an optional sheet the workbook does not have
            continue
        header = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
        index = {}
        for position, value in enumerate(header):
            index.setdefault(header_key(value), position)
        absent = [c for c in columns if c not in index]
        if absent:
            missing.append(
                _("blad %(sheet)s mist de kolom(men) %(columns)s")
                % {"sheet": name, "columns": ", ".join(absent)}
            )
        known = {c: index[c] for c in columns + EXTRA[name] if c in index}
        result[name] = (ws, known)
    if missing:
        raise WorkbookError(
            _(
                "De werkmap mist kolommen: %(missing)s. De eerste rij van elk blad noemt de kolommen."
            )
            % {"missing": "; ".join(missing)}
        )
    return result


class Reader(
    HulpvragenSheet, NoodfondsSheet, HuishoudensSheets, DossierSheets, VertrouwenspersonenSheets
):
    """Checks a whole workbook against the rules and the stored registration."""

    def __init__(self, progress=None):
        self.plan = Plan()
        self.progress = progress or _no_progress
        self.gelezen = 0  # rows of the file gone through, empty ones too
        self.totaal = None  # rows of the file, as its sheets tell (None: unknown)
        # sheet -> (row, column index) of the cells with a formula but no stored result
        self.formulas = {}
        self.lists = Lists()
        self._choices()
        self._load_reference_data()

    # -- set-up -------------------------------------------------------------------------------

    def _choices(self):
        lists = self.lists
        self.ch = {name: aliases(pairs) for name, pairs in lists.named().items()}
        self.ch["terugkerend"] = {**NOT_RECORDED, **self.ch["terugkerend"]}
        self.labels = {name: [lab for _, lab in pairs] for name, pairs in lists.named().items()}
        self.label_of = {
            name: {value: lab for value, lab in pairs} for name, pairs in lists.named().items()
        }

    def _load_reference_data(self):
        self.db_pilots = {normalize(p.naam): p for p in Pilot.objects.all()}
        self.db_orgs = {
            normalize(n): (pk, n) for pk, n in Organisatie.objects.values_list("pk", "naam")
        }
        self.org_names = {pk: n for pk, n in self.db_orgs.values()}
        self.db_vps = defaultdict(list)
        for pk, naam, org_id in Vertrouwenspersoon.objects.values_list(
            "pk", "naam", "organisatie_id"
        ):
            self.db_vps[normalize(naam)].append((pk, org_id))
        self.themas = dict(
            (normalize(naam), pk) for pk, naam in Thema.objects.values_list("pk", "naam")
        )
        self.thema_names = list(Thema.objects.values_list("naam", flat=True))

    def data_rows(self, ws, sheet):
        """(row number, values) of every non-empty row after the header (a formula without a
        stored result makes a row not empty: its problem is reported)."""
        formula_rows = {number for number, _column in self.formulas.get(sheet, ())}
        for number, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
            self.gelezen += 1
            if self.gelezen % PROGRESS_STEP == 0:
                self.progress(self.gelezen, self.totaal)
            if number in formula_rows or any(not parse.is_empty(v) for v in values):
                self.plan.rijen += 1
                yield number, values

    def problem(self, sheet, number, column, raw, fout, verwacht=""):
        self.plan.problemen.append(
            Probleem(sheet, number, column, parse.shown(raw), str(fout), str(verwacht))
        )

    # -- the whole workbook -------------------------------------------------------------------

    def read(self, fileobj) -> Plan:
        wb = open_workbook(fileobj)
        try:
            sheets = sheets_and_columns(wb)
            self.formulas = {name: formulas_without_value(ws) for name, (ws, _c) in sheets.items()}
            self.totaal = file_rows(ws for ws, _columns in sheets.values())
            self.progress(0, self.totaal)
            self.read_pilots(*sheets[PILOTS])
            self.optional(sheets, VERTROUWENSPERSONEN, self.read_vertrouwenspersonen)
            rows = self.read_hulpvragen(*sheets[HULPVRAGEN])
            self.check_households(rows)
            personen = self.optional(sheets, PERSONEN, self.read_personen) or []
            self.check_persons(rows, personen)
            self.classify_hulpvragen(rows)
            self.optional(sheets, HUISHOUDENS, self.read_huishoudens)
            self.read_aanvragen(*sheets[NOODFONDS])
            self.read_dossier(
                {
                    name: sheets.get(name)
                    for name in (TOESTEMMINGEN, DOORVERWIJZINGEN, CONTACTMOMENTEN, SIGNALEN)
                }
            )
            self.optional(sheets, OPLEIDING, self.read_opleiding)
        finally:
            wb.close()
        self.check_new_vertrouwenspersonen()
        self.check_inzetbaar()
        self.prune_unused()
        self.plan.problemen.sort(key=lambda p: (list(ALL_SHEETS).index(p.blad), p.rij or 0))
        self.progress(self.gelezen, self.gelezen)
        return self.plan

    @staticmethod
    def optional(sheets, name, read):
        """Read an optional sheet when the workbook has it."""
        if name in sheets:
            return read(*sheets[name])
        return None

    # -- Pilots -------------------------------------------------------------------------------

    def read_pilots(self, ws, columns):
        self.sheet_pilots = {}  # key -> (startdatum, einddatum) of every valid pilot in the sheet
        seen = {}
        for number, values in self.data_rows(ws, PILOTS):
            row = Row(self, PILOTS, number, values, columns)
            naam = row.get("naam", parse.text, max_length=100, required=True)
            start = row.get("startdatum", parse.date, allow_future=True, required=True)
            end = row.get("einddatum", parse.date, allow_future=True, required=True)
            target = row.get("taakstelling", parse.whole_number, minimum=0)
            if naam is BAD:
                continue
            if row.ok:
                check = partial(validate_pilot_periode, startdatum=start, einddatum=end)
                row.rule("einddatum", end, check, _pilot_period_wording)
            if isinstance(target, int):
                check = partial(validate_taakstelling, target)
                if not row.rule("taakstelling", target, check, parse.number_wording):
                    target = BAD
            key = normalize(naam)
            if key in seen:
                row.problem(
                    "naam",
                    naam,
                    _("staat al op rij %(rij)s") % {"rij": seen[key]},
                    _("elke pilot één keer"),
                )
                continue
            seen[key] = number
            if not row.ok:
                continue
            fields = {
                "naam": naam,
                "startdatum": start,
                "einddatum": end,
                "taakstelling": DEFAULT_TAAKSTELLING if target is None else target,
            }
            self._pilot(row, key, fields)

    def _pilot(self, row, key, fields):
        stored = self.db_pilots.get(key)
        if stored is None:
            self.plan.pilots[key] = fields
            self.sheet_pilots[key] = (fields["startdatum"], fields["einddatum"])
            return
        for column in ("startdatum", "einddatum", "taakstelling"):
            if getattr(stored, column) != fields[column]:
                row.problem(
                    column,
                    fields[column],
                    _("verschilt van de opgeslagen pilot %(naam)s") % {"naam": stored.naam},
                    parse.show(getattr(stored, column)),
                )
        self.plan.bestaand["pilots"] += 1

    def pilot_for(self, row, column, naam, intake):
        """The pilot named in the row ("Geen pilot": none), or else the one whose period holds
        the intake date."""
        if naam:
            key = normalize(naam)
            if key in self.sheet_pilots:
                return key
            if key in self.db_pilots:
                return self.db_pilots[key].pk
            if key in NO_PILOT:
                return None
            known = sorted(
                {p.naam for p in self.db_pilots.values()}
                | {self.plan.pilots[k]["naam"] for k in self.plan.pilots}
            )
            row.problem(
                column,
                naam,
                _("is geen bekende pilot"),
                _("een pilot van het blad Pilots of uit de registratie (%(known)s), of %(none)s")
                % {"known": ", ".join(known) or "-", "none": GEEN_PILOT},
            )
            return BAD
        if intake is BAD or intake is None:
            return BAD
        # As in the web intake (hulpvragen.services.pilot_for): the latest-starting pilot wins.
        matches = [(s, k) for k, (s, e) in self.sheet_pilots.items() if s <= intake <= e]
        matches += [
            (p.startdatum, p.pk)
            for p in self.db_pilots.values()
            if p.startdatum <= intake <= p.einddatum
        ]
        if matches:
            return max(matches, key=lambda m: (m[0], isinstance(m[1], str)))[1]
        row.problem(
            column,
            None,
            _("geen pilot loopt op de datum_aanmelding %(d)s") % {"d": parse.show(intake)},
            _("de naam van de pilot, of %s") % GEEN_PILOT,
        )
        return BAD

    # -- organisations and trusted persons ----------------------------------------------------

    def organisatie(self, naam, *, partner=True):
        """An existing organisation's id, or the key of one this import creates: a partner in
        the network when a household, application or trusted person belongs to it (`partner`),
        else (named only by a referral, a consent or a household's referrer) not."""
        if not naam:
            return None
        key = normalize(naam)
        if key in self.db_orgs:
            return self.db_orgs[key][0]
        self.plan.organisaties.setdefault(key, naam)
        if partner:
            self.plan.partners.add(key)
        return key

    def vertrouwenspersoon(self, row, column, naam, organisatie):
        """An existing trusted person's id, or the key of one this import creates."""
        if not naam:
            return None
        key = normalize(naam)
        candidates = self.db_vps.get(key, [])
        if len(candidates) > 1 and isinstance(organisatie, int):
            candidates = [c for c in candidates if c[1] == organisatie] or candidates
        if len(candidates) == 1:
            return candidates[0][0]
        if candidates:
            row.problem(
                column,
                naam,
                _("is de naam van meerdere vertrouwenspersonen"),
                _("vul de organisatie van de vertrouwenspersoon in"),
            )
            return BAD
        new = self.plan.vertrouwenspersonen.setdefault(
            key, {"naam": naam, "organisatie": None, "blad": row.sheet, "rij": row.number}
        )
        if new["organisatie"] is None and organisatie not in (None, BAD):
            new["organisatie"] = organisatie
        return key

    def check_inzetbaar(self):
        """By the network's onboarding rule (netwerk.services.check_inzetbaar): a new household
        goes only to a stored trusted person with their onboarding done or exempted (the trusted
        persons this import creates are exempted as "bestaand")."""
        stored = {
            h["vertrouwenspersoon"]: h
            for h in self.plan.huishoudens.values()
            if isinstance(h.get("vertrouwenspersoon"), int)
        }
        # one query for all; the refusal's words only for the few that fail
        failing = set(
            Vertrouwenspersoon.objects.filter(niet_ingewerkt(), pk__in=list(stored)).values_list(
                "pk", flat=True
            )
        )
        for h in self.plan.huishoudens.values():
            vp = h.get("vertrouwenspersoon")
            if vp not in failing:
                continue
            try:
                check_inzetbaar([vp])
            except ValidationError as exc:
                self.problem(
                    HULPVRAGEN, h.get("rij"), "vertrouwenspersoon", None, " ".join(exc.messages)
                )

    def check_new_vertrouwenspersonen(self):
        for vp in self.plan.vertrouwenspersonen.values():
            if vp["organisatie"] is None:
                self.problem(
                    vp["blad"],
                    vp["rij"],
                    vp.get("kolom", "vertrouwenspersoon"),
                    vp["naam"],
                    _("is een nieuwe vertrouwenspersoon zonder organisatie"),
                    _("de organisatie ingevuld op een rij met deze vertrouwenspersoon"),
                )

    # -- what is really new -------------------------------------------------------------------

    def prune_unused(self):
        """Only organisations and trusted persons that a new record refers to are created."""
        plan = self.plan
        used_orgs, used_vps = set(), set()
        for h in plan.huishoudens.values():
            used_orgs.add(h["organisatie"])
            used_vps.add(h["vertrouwenspersoon"])
        for r in plan.hulpvragen:
            used_vps.add(r.vertrouwenspersoon)
        for a in plan.aanvragen:
            used_orgs.add(a.organisatie)
            used_vps.add(a.vertrouwenspersoon)
        for h in plan.huishoudens.values():
            used_orgs.add(h.get("doorverwezen_door"))
        for records in (plan.toestemmingen, plan.doorverwijzingen, plan.signalen):
            used_orgs.update(r["organisatie"] for r in records)
        used_vps.update(d["vertrouwenspersoon"] for d in plan.deelnames)
        # a trusted person on the Vertrouwenspersonen sheet is wanted for themself
        used_vps.update(k for k, v in plan.vertrouwenspersonen.items() if "velden" in v)
        plan.vertrouwenspersonen = {
            k: v for k, v in plan.vertrouwenspersonen.items() if k in used_vps
        }
        self.start_new_vertrouwenspersonen()
        used_orgs.update(v["organisatie"] for v in plan.vertrouwenspersonen.values())
        plan.organisaties = {k: v for k, v in plan.organisaties.items() if k in used_orgs}

    def start_new_vertrouwenspersonen(self):
        """A new trusted person starts on the earliest date of the rows that name them (the
        intake of a help request, the submission of an application): the report counts active
        trusted persons by their dates, so one first named in a later workbook never changes an
        earlier figure. No dated row (only draft applications): the service's default, today."""
        plan = self.plan
        dated = [(r.vertrouwenspersoon, r.intake) for r in plan.hulpvragen]
        dated += [(a.vertrouwenspersoon, a.datum) for a in plan.aanvragen]
        for key, datum in dated:
            vp = plan.vertrouwenspersonen.get(key) if isinstance(key, str) else None
            if vp is not None and isinstance(datum, datetime.date):
                vp["startdatum"] = min(vp.get("startdatum") or datum, datum)


def _pilot_period_wording():
    return {
        **parse.date_wording(),
        "voor_start": (_("ligt voor de startdatum"), _("een datum vanaf de startdatum")),
    }


def file_rows(worksheets) -> int | None:
    """The data rows of the sheets, for a progress bar; None when a sheet does not tell."""
    sizes = [sheet_rows(ws) for ws in worksheets]
    if any(size is None for size in sizes):
        return None
    return sum(max(0, size - 1) for size in sizes)


ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s/>]")


def sheet_rows(ws) -> int | None:
    """A sheet's rows, header included: its dimension, or else its row tags counted in the XML.
    openpyxl's write-only workbooks (our own export among them) write no dimension; counting
    the tags takes a fraction of the time parsing the rows takes."""
    if ws.max_row is not None:
        return ws.max_row
    try:
        source = ws._get_source()  # openpyxl 3.1's read-only sheet: its XML, opened on demand
    except AttributeError:
        return None
    with source:
        chunks = iter(partial(source.read, 1 << 20), b"")
        return sum(len(ROW_TAG.findall(chunk)) for chunk in chunks)


def _no_progress(done, total=None):
    pass


def read_plan(fileobj, *, progress=None) -> Plan:
    """Check a workbook completely; stores nothing. Raises WorkbookError for a file that is not a
    registration workbook. `progress(rows done, rows in all)` is called as rows are read (a
    background job's progress bar); the last call has both equal."""
    return Reader(progress).read(fileobj)
