"""The Hulpvragen sheet: cells, status history, and the rules across rows (one household, one
person) and against the stored registration; then which rows are new."""

import datetime
import re
from collections import Counter, defaultdict
from functools import partial

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hulpvragen.choices import Geslacht, Inkomsten, JaNeeOnbekend, Status
from hulpvragen.models import Huishouden, Hulpvraag, Hulpvrager, OudeReferentie
from hulpvragen.services import (
    validate_geboortejaar,
    validate_intake_datum,
    validate_not_anonymised,
    validate_status_datum,
    validate_uitkomst_categorie,
)
from registratie.workbook import parse
from registratie.workbook.columns import (
    HULPVRAGEN,
    PERSONEN,
    normalize,
)
from registratie.workbook.parse import BAD, CellError, Row
from registratie.workbook.plan import CHUNK, HulpvraagRij, PersoonRij

# "01-03-2021 Afgerond (Opgelost)": the date, the status, that closing's outcome category
HISTORY_PART = re.compile(r"^(\S+)\s+([^()]+?)(?:\s*\(([^()]*)\))?$")
# Cells that are read but not stored as they are: a list of themes, a dated status history.
MAX_THEMAS = 1_000
MAX_HISTORIE = 2_000


class HulpvragenSheet:
    """Part of `Reader`: the Hulpvragen sheet."""

    def read_hulpvragen(self, ws, columns) -> list[HulpvraagRij]:
        rows = []
        for number, values in self.data_rows(ws, HULPVRAGEN):
            rows.append(self.read_hulpvraag(Row(self, HULPVRAGEN, number, values, columns)))
        return rows

    def read_hulpvraag(self, row) -> HulpvraagRij:
        ch, labels = self.ch, self.labels
        r = HulpvraagRij(rij=row.number)
        r.ref = row.get(
            "huishouden",
            parse.text,
            max_length=20,
            required=True,
            verwacht=_("de referentie van het huishouden"),
        )
        r.naam = row.get("hulpvrager", parse.text, max_length=200)
        r.intake = row.get(
            "datum_aanmelding",
            parse.date,
            allow_future=True,
            required=True,
            verwacht=_("een datum als dd-mm-jjjj of jjjj-mm-dd"),
        )
        if isinstance(r.intake, datetime.date) and not row.rule(
            "datum_aanmelding",
            r.intake,
            partial(validate_intake_datum, r.intake),
            parse.date_wording,
        ):
            r.intake = BAD
        pilot = row.get("pilot", parse.text, max_length=100)
        r.geslacht = row.get(
            "geslacht", parse.label, ch["geslacht"], labels["geslacht"], empty=Geslacht.ONBEKEND
        )
        r.geboortejaar = row.get("geboortejaar", parse.birth_year)
        self.check_birth_year(row, r)
        r.woonplaats = row.get("woonplaats", parse.label, ch["woonplaats"], labels["woonplaats"])
        r.inkomsten = row.get(
            "inkomsten", parse.label, ch["inkomsten"], labels["inkomsten"], empty=Inkomsten.ONBEKEND
        )
        r.contact = row.get(
            "contact_formeel",
            parse.label,
            ch["contact_formeel"],
            labels["contact_formeel"],
            empty=JaNeeOnbekend.ONBEKEND,
        )
        r.soort = row.get(
            "soort",
            parse.label,
            ch["soort"],
            labels["soort"],
            required=True,
            verwacht=_("een van: %s") % ", ".join(labels["soort"]),
        )
        r.terugkerend = row.get(
            "terugkerend", parse.label, ch["terugkerend"], labels["terugkerend"], empty=""
        )
        r.status = row.get(
            "status",
            parse.label,
            ch["status"],
            labels["status"],
            required=True,
            verwacht=_("een van: %s") % ", ".join(labels["status"]),
        )
        r.datum_afgerond = self.read_datum_afgerond(row, r)
        r.uitkomst_categorie = self.read_uitkomst_categorie(row, r)
        org = row.get("organisatie", parse.text, max_length=200)
        vp = row.get("vertrouwenspersoon", parse.text, max_length=200)
        themas = row.get("themas", parse.text, max_length=MAX_THEMAS)
        r.omschrijving = row.get("omschrijving", parse.text)
        if not row.fits("omschrijving", r.omschrijving, model=Hulpvraag, field="omschrijving"):
            r.omschrijving = BAD
        history = row.get("statushistorie", parse.text, max_length=MAX_HISTORIE)
        r.organisatie = BAD if org is BAD else self.organisatie(org)
        r.vertrouwenspersoon = (
            BAD
            if vp is BAD
            else self.vertrouwenspersoon(row, "vertrouwenspersoon", vp, r.organisatie)
        )
        r.themas = self.read_themas(row, themas) if themas not in (BAD, "") else []
        r.pilot = BAD if pilot is BAD else self.pilot_for(row, "pilot", pilot, r.intake)
        self.check_dates(row, r)
        r.historie = self.history(row, r, history)
        self.check_last_closing(row, r, history)
        r.ok = row.ok
        return r

    def check_birth_year(self, row, r):
        """By the casework's birth-year rule: not after the year of the intake."""
        if isinstance(r.geboortejaar, int) and isinstance(r.intake, datetime.date):

            def wording():
                return {
                    "na_aanmelding": (
                        _("ligt na het jaar van de datum_aanmelding"),
                        _("een jaar tot en met %s") % r.intake.year,
                    )
                }

            check = partial(validate_geboortejaar, r.geboortejaar, intake_datum=r.intake)
            if not row.rule("geboortejaar", r.geboortejaar, check, wording):
                r.geboortejaar = BAD

    def read_themas(self, row, cell):
        ids = []
        for part in cell.split(","):
            if not part.strip():
                continue
            pk = self.themas.get(normalize(part))
            if pk is None:
                row.problem(
                    "themas",
                    part.strip(),
                    _("is geen bekend thema"),
                    _("thema's gescheiden door komma's, uit: %s") % ", ".join(self.thema_names),
                )
            elif pk not in ids:
                ids.append(pk)
        return ids

    def read_datum_afgerond(self, row, r):
        """The date of the row's status, by the rule for the date of a status change."""
        datum = row.get("datum_afgerond", parse.date, allow_future=True)
        if not isinstance(datum, datetime.date):
            return datum
        intake = r.intake if isinstance(r.intake, datetime.date) else None

        def wording():
            return {
                **parse.date_wording(),
                "voor_aanmelding": (
                    _("ligt voor de datum_aanmelding"),
                    _("een datum vanaf %s") % parse.show(intake),
                ),
            }

        check = partial(validate_status_datum, datum, intake_datum=intake)
        return datum if row.rule("datum_afgerond", datum, check, wording) else BAD

    def read_uitkomst_categorie(self, row, r):
        """The outcome's category, by the service's rule (only with status Afgerond)."""
        categorie = row.get(
            "soort_uitkomst",
            parse.label,
            self.ch["soort_uitkomst"],
            self.labels["soort_uitkomst"],
            empty="",
        )
        if categorie in (BAD, "") or r.status is BAD:
            return categorie

        def wording():
            return {
                "niet_afgerond": (
                    _("hoort alleen bij status Afgerond"),
                    _("leeg, of status Afgerond"),
                )
            }

        check = partial(validate_uitkomst_categorie, categorie, status=r.status)
        return categorie if row.rule("soort_uitkomst", categorie, check, wording) else BAD

    def check_dates(self, row, r):
        if r.datum_afgerond in (None, BAD) or r.intake in (None, BAD):
            return
        if r.status == Status.NOG_IN_BEHANDELING:
            row.problem(
                "datum_afgerond",
                r.datum_afgerond,
                _("hoort niet bij status Nog in behandeling"),
                _("leeg, of een andere status"),
            )

    def history(self, row, r, cell):
        """The dated status history: the extra column when filled, else derived from the status
        (it counts from datum_afgerond when filled, else from datum_aanmelding)."""
        if cell:
            return self.history_from_text(row, r, cell)
        if r.intake in (None, BAD) or r.status is BAD or r.datum_afgerond is BAD:
            return []
        if (
            r.datum_afgerond
            and r.datum_afgerond > r.intake
            and r.status != Status.NOG_IN_BEHANDELING
        ):
            return [(r.intake, Status.NOG_IN_BEHANDELING), (r.datum_afgerond, r.status)]
        return [(r.intake, r.status)]

    def history_from_text(self, row, r, cell):
        expected = _(
            "statussen met datum, zoals: 05-01-2021 Nog in behandeling; 01-03-2021 Afgerond "
            "(Opgelost)"
        )
        entries = []
        for part in cell.split(";"):
            match = HISTORY_PART.match(part.strip())
            try:
                if not match:
                    raise CellError("")
                entries.append(
                    (
                        parse.date(match.group(1), allow_future=True),
                        parse.label(match.group(2), self.ch["status"], self.labels["status"]),
                        self.history_categorie(match.group(3)),
                    )
                )
            except CellError:
                row.problem("statushistorie", cell, _("is geen geldige statushistorie"), expected)
                return []
            if entries[-1][2] and entries[-1][1] != Status.AFGEROND:
                row.problem(
                    "statushistorie",
                    cell,
                    _("heeft een soort uitkomst bij een status die niet Afgerond is"),
                    expected,
                )
                return []
        if not self.history_in_order(row, r, cell, entries, expected):
            return entries
        if r.status not in (BAD, None) and entries[-1][1] != r.status:
            row.problem(
                "statushistorie",
                cell,
                _("eindigt niet met de status van de rij"),
                self.label_of["status"][r.status],
            )
        return entries

    def history_categorie(self, text):
        """The outcome category in brackets after a status ("" when there are none)."""
        if text is None or not text.strip():
            return ""
        return parse.label(text, self.ch["soort_uitkomst"], self.labels["soort_uitkomst"])

    def check_last_closing(self, row, r, cell):
        """The history's last closing and the column soort_uitkomst name the same category when
        both do; the history's, when the column is empty, is the help request's."""
        if not cell or not r.historie or r.uitkomst_categorie is BAD:
            return
        _datum, status, *categorie = r.historie[-1]
        categorie = categorie[0] if categorie else ""
        if status != Status.AFGEROND or not categorie:
            return
        if not r.uitkomst_categorie:
            r.uitkomst_categorie = categorie
        elif r.uitkomst_categorie != categorie:
            row.problem(
                "soort_uitkomst",
                self.label_of["soort_uitkomst"][r.uitkomst_categorie],
                _("verschilt van de soort uitkomst van de laatste afronding in de statushistorie"),
                self.label_of["soort_uitkomst"][categorie],
            )

    def history_in_order(self, row, r, cell, entries, expected):
        """Every dated status by the rule for the date of a status change."""

        def wording():
            return {
                "toekomst": (_("is geen geldige statushistorie"), expected),
                "voor_vorige": (_("staat niet op volgorde van datum"), expected),
                "voor_aanmelding": (_("ligt voor de datum_aanmelding"), expected),
            }

        intake = r.intake if isinstance(r.intake, datetime.date) else None
        previous = None
        for datum, *_rest in entries:
            check = partial(validate_status_datum, datum, intake_datum=intake, vorige=previous)
            if not row.rule("statushistorie", cell, check, wording):
                return False
            previous = datum
        return True

    # -- Hulpvragen: across rows --------------------------------------------------------------

    def check_households(self, rows):
        """Residence, income, contact with formal agencies and partner organisation belong to
        the household: rows of one household must agree, and agree with what is stored."""
        by_ref = defaultdict(list)
        for r in rows:
            if r.ref not in (BAD, ""):
                by_ref[r.ref].append(r)
        self.stored_households = self._stored_households(list(by_ref))
        merged = self._merged_references(
            [ref for ref in by_ref if ref not in self.stored_households]
        )
        for ref, group in by_ref.items():
            if ref in merged:
                for r in group:
                    self.problem(
                        HULPVRAGEN,
                        r.rij,
                        "huishouden",
                        ref,
                        _("is samengevoegd met huishouden %s") % merged[ref],
                        _("de referentie %s") % merged[ref],
                    )
                    r.ok = False
                continue
            stored = self.stored_households.get(ref)
            values = {}
            for column, attr, unknown in (
                ("woonplaats", "woonplaats", None),
                ("inkomsten", "inkomsten", Inkomsten.ONBEKEND),
                ("contact_formeel", "contact", JaNeeOnbekend.ONBEKEND),
                ("organisatie", "organisatie", None),
            ):
                values[column] = self._agree(HULPVRAGEN, ref, group, column, attr, unknown, stored)
            if stored is not None:
                self.plan.huishouden_ids[ref] = stored["pk"]
                continue
            if values["woonplaats"] is None and not any(r.woonplaats is BAD for r in group):
                first = group[0]
                self.problem(
                    HULPVRAGEN,
                    first.rij,
                    "woonplaats",
                    None,
                    _("is verplicht voor een nieuw huishouden"),
                    _("de woonplaats op minstens één rij van huishouden %s") % ref,
                )
                for r in group:
                    r.ok = False
            latest_first = sorted(group, key=_recency, reverse=True)
            self.plan.huishoudens[ref] = {
                "referentie": ref,
                "woonplaats": values["woonplaats"],
                "inkomsten": values["inkomsten"] or Inkomsten.ONBEKEND,
                "contact_formeel": values["contact_formeel"] or JaNeeOnbekend.ONBEKEND,
                "organisatie": values["organisatie"],
                # The household's trusted person: the one on its most recent help request.
                "vertrouwenspersoon": next(
                    (
                        r.vertrouwenspersoon
                        for r in latest_first
                        if r.vertrouwenspersoon not in (None, BAD)
                    ),
                    None,
                ),
                "rij": latest_first[0].rij,
            }

    def _stored_households(self, refs):
        stored = {}
        for start in range(0, len(refs), CHUNK):
            for h in Huishouden.objects.filter(referentie__in=refs[start : start + CHUNK]).values(
                "pk",
                "referentie",
                "woonplaats",
                "inkomsten",
                "contact_formeel",
                "organisatie_id",
                "geanonimiseerd_op",
            ):
                h["contact"] = h["contact_formeel"]
                h["organisatie"] = h["organisatie_id"]
                stored[h["referentie"]] = h
        return stored

    def _merged_references(self, refs) -> dict:
        """Old references (of households merged into another) -> the kept household's."""
        merged = {}
        for start in range(0, len(refs), CHUNK):
            merged.update(
                OudeReferentie.objects.filter(
                    referentie__in=refs[start : start + CHUNK]
                ).values_list("referentie", "huishouden__referentie")
            )
        return merged

    def _agree(self, sheet, owner, group, column, attr, unknown, stored, what=None):
        """The one value the rows of a household (or person) give for a column, or None.
        Different values: a problem on each row involved. A value unlike the stored one: a problem."""
        given = defaultdict(list)
        for r in group:
            value = getattr(r, attr)
            if value not in (None, BAD, "", unknown):
                given[value].append(r)
        what = what or _("huishouden %s") % owner
        if len(given) > 1:
            summary = "; ".join(
                _("rij %(rows)s: %(value)s")
                % {
                    "rows": ", ".join(_row_on(r, sheet) for r in rs),
                    "value": self.show_value(column, v),
                }
                for v, rs in given.items()
            )
            for value, rs in given.items():
                for r in rs:
                    self.problem(
                        getattr(r, "blad", sheet),
                        r.rij,
                        column,
                        self.show_value(column, value),
                        _("spreekt andere rijen van %(what)s tegen (%(summary)s)")
                        % {"what": what, "summary": summary},
                        _("dezelfde waarde op elke rij van %s") % what,
                    )
                    r.ok = False
            return BAD
        value = next(iter(given), None)
        if stored is not None and value is not None:
            stored_value = stored[attr] if isinstance(stored, dict) else getattr(stored, attr)
            if stored_value != value:
                for r in given[value]:
                    self.problem(
                        getattr(r, "blad", sheet),
                        r.rij,
                        column,
                        self.show_value(column, value),
                        _("verschilt van wat al is vastgelegd voor %(what)s (%(stored)s)")
                        % {
                            "what": what,
                            "stored": self.show_value(column, stored_value) or _("leeg"),
                        },
                        _("leeg laten, of %s")
                        % (self.show_value(column, stored_value) or _("leeg")),
                    )
                    r.ok = False
        return value

    def show_value(self, column, value):
        if value in (None, ""):
            return ""
        if isinstance(value, bool):
            return self.label_of["ja_nee"][value]
        if column in ("organisatie", "doorverwezen_door"):
            return self.org_names.get(value) or self.plan.organisaties.get(value, str(value))
        lists = {
            "woonplaats": "woonplaats",
            "inkomsten": "inkomsten",
            "contact_formeel": "contact_formeel",
            "geslacht": "geslacht",
        }
        if column in lists:
            return self.label_of[lists[column]].get(value, str(value))
        return str(value)

    def check_persons(self, rows, personen=()):
        """Equal household and name is one person, on the Hulpvragen and the Personen sheet; an
        empty name is the household's main person. Sex, birth year, language and being the main
        person must agree across rows and with what is stored."""
        stored = self._stored_persons()
        self.stored_person_map = stored
        first_named = {}
        for p in personen:  # in a new household the person marked as main person is it
            if p.is_hoofdpersoon is True and p.ref not in (BAD, "") and p.naam is not BAD:
                first_named.setdefault(p.ref, p.naam)
        for r in rows:
            if r.ref not in (BAD, "") and r.naam not in (BAD, ""):
                first_named.setdefault(r.ref, r.naam)
        main = self.main_person_keys = {}
        by_person = defaultdict(list)
        for r in [*rows, *personen]:
            if r.ref in (BAD, "") or r.naam is BAD:
                continue
            if r.ref not in main:
                main[r.ref] = self._main_person(r.ref, first_named.get(r.ref, ""), stored)
            key = (r.ref, normalize(r.naam)) if r.naam else main[r.ref]
            r.persoon = key
            by_person[key].append(r)
        new = {}
        for key, group in by_person.items():
            fields = self._check_person(key, group, stored.get(key), main)
            if fields is not None:
                new[key] = fields
        # Each new household's main person first: the casework service makes the first person
        # of a household without persons its main person.
        self.plan.personen.update((k, v) for k, v in new.items() if main.get(k[0]) == k)
        self.plan.personen.update((k, v) for k, v in new.items() if main.get(k[0]) != k)

    def _check_person(self, key, group, person, main):
        """The fields of a new person (None for a stored one), its rows checked."""
        what = _("hulpvrager %(naam)s van huishouden %(ref)s") % {
            "naam": group[0].naam or key[1] or _("(zonder naam)"),
            "ref": key[0],
        }
        sex = self._agree(
            HULPVRAGEN, key, group, "geslacht", "geslacht", Geslacht.ONBEKEND, person, what
        )
        year = self._agree(
            HULPVRAGEN, key, group, "geboortejaar", "geboortejaar", None, person, what
        )
        listed = [r for r in group if isinstance(r, PersoonRij)]
        taal = self._agree(PERSONEN, key, listed, "taal", "taal", "", person, what)
        self.check_main_person(key, listed, person, what)
        if person is not None:
            self.plan.persoon_ids[key] = person.pk
            return None
        if key[0] not in self.plan.huishoudens and not self.may_add_person(key[0], listed):
            return None
        return {
            "naam": next((r.naam for r in group if r.naam), ""),
            "geslacht": sex if sex not in (None, BAD) else Geslacht.ONBEKEND,
            "geboortejaar": year if year is not BAD else None,
            "taal": taal if taal not in (None, BAD) else "",
        }

    def _stored_persons(self):
        """(ref, name key) -> person of the stored households in this workbook; the main person
        also under (ref, "")."""
        ids = {h["pk"]: ref for ref, h in self.stored_households.items()}
        keys = list(ids)
        stored = {}
        for start in range(0, len(keys), CHUNK):
            for p in Hulpvrager.objects.filter(
                huishouden_id__in=keys[start : start + CHUNK]
            ).order_by("-is_hoofdpersoon", "pk"):
                ref = ids[p.huishouden_id]
                stored.setdefault((ref, normalize(p.naam)), p)
                stored.setdefault((ref, ""), p)
        return stored

    def _main_person(self, ref, first_named, stored):
        """A stored household's main person; in a new household the first named person."""
        if ref in self.stored_households:
            person = stored.get((ref, ""))
            return (ref, normalize(person.naam)) if person else (ref, "")
        return (ref, normalize(first_named))

    def classify_hulpvragen(self, rows):
        """A help request is identified by household, person and intake date; each stored one
        matches one row (so a file imported twice creates nothing the second time)."""
        person_ids = [pk for pk in self.plan.persoon_ids.values()]
        stored = Counter()
        for start in range(0, len(person_ids), CHUNK):
            stored.update(
                Hulpvraag.objects.filter(
                    hulpvrager_id__in=person_ids[start : start + CHUNK]
                ).values_list("hulpvrager_id", "intake_datum")
            )
        for r in rows:
            if not r.ok:
                continue
            pk = self.plan.persoon_ids.get(r.persoon)
            if pk is not None and stored[(pk, r.intake)] > 0:
                stored[(pk, r.intake)] -= 1
                self.plan.bestaand["hulpvragen"] += 1
            elif self.may_add_to(r):
                self.plan.hulpvragen.append(r)

    def may_add_to(self, r) -> bool:
        """By the casework rule, an anonymised household takes nothing new."""
        household = self.stored_households.get(r.ref)
        if household is None:
            return True
        try:
            validate_not_anonymised(household["geanonimiseerd_op"])
        except ValidationError as exc:
            self.problem(HULPVRAGEN, r.rij, "huishouden", r.ref, exc.messages[0])
            r.ok = False
            return False
        return True


def _row_on(r, sheet) -> str:
    """A row's number, with its sheet when that is another one ("2 (Personen)")."""
    blad = getattr(r, "blad", sheet)
    return str(r.rij) if blad == sheet else f"{r.rij} ({blad})"


def _recency(r):
    return (r.intake if isinstance(r.intake, datetime.date) else datetime.date.min, r.rij)
