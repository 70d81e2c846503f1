"""The Personen and Huishoudens sheets: every person of a household (also those who never asked
for help themselves) and a household's composition and how it came in. Persons are checked
together with those of the Hulpvragen sheet (HulpvragenSheet.check_persons); a household is one
of the Hulpvragen sheet or a stored one."""

from collections import defaultdict
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hulpvragen.choices import Geslacht, Samenstelling
from hulpvragen.models import Huishouden
from hulpvragen.services import validate_not_anonymised
from registratie.workbook import parse
from registratie.workbook.columns import HUISHOUDENS, PERSONEN, normalize
from registratie.workbook.parse import BAD, Row
from registratie.workbook.plan import CHUNK, PersoonRij

MAX_KINDEREN = 32767  # the field's range (PositiveSmallIntegerField)
COMPOSITION = ("samenstelling", "aantal_kinderen", "binnenkomst", "doorverwezen_door")


class HuishoudensSheets:
    """Part of `Reader`: the Personen and Huishoudens sheets."""

    # -- households named on other sheets ----------------------------------------------------

    def household_ref(self, row, column="huishouden", *, required=True):
        return row.get(
            column,
            parse.text,
            max_length=20,
            required=required,
            verwacht=_("de referentie van het huishouden"),
        )

    def known_households(self, refs) -> None:
        """Look up the stored households among `refs` that no earlier sheet named (a query per
        CHUNK of them): afterwards a known household is in plan.huishoudens (new) or in
        stored_households and plan.huishouden_ids (stored)."""
        unknown = [
            ref
            for ref in dict.fromkeys(refs)
            if ref not in (BAD, "", None)
            and ref not in self.plan.huishoudens
            and ref not in self.stored_households
        ]
        found = self._stored_households(unknown)
        self.stored_households.update(found)
        self.plan.huishouden_ids.update((ref, h["pk"]) for ref, h in found.items())

    def is_known_household(self, ref) -> bool:
        return ref in self.plan.huishoudens or ref in self.stored_households

    def unknown_household(self, row, ref, column="huishouden"):
        row.problem(
            column,
            ref,
            _("is geen bekend huishouden"),
            _("een referentie van het blad Hulpvragen of uit de registratie"),
        )

    def may_add_to_household(self, ref, rows, column="huishouden") -> bool:
        """By the casework rule an anonymised household takes nothing new: a problem on each of
        `rows` (Row or a sheet's row record) otherwise."""
        household = self.stored_households.get(ref)
        if household is None:
            return True
        try:
            validate_not_anonymised(household["geanonimiseerd_op"])
        except ValidationError as exc:
            for r in rows:
                sheet = getattr(r, "blad", None) or r.sheet
                number = getattr(r, "rij", None) or r.number
                self.problem(sheet, number, column, ref, exc.messages[0])
                r.ok = False
            return False
        return True

    # -- Personen -------------------------------------------------------------------------------

    def read_personen(self, ws, columns) -> list[PersoonRij]:
        ch, labels = self.ch, self.labels
        result = []
        for number, values in self.data_rows(ws, PERSONEN):
            row = Row(self, PERSONEN, number, values, columns)
            p = PersoonRij(rij=number, blad=PERSONEN)
            p.ref = self.household_ref(row)
            p.naam = row.get("hulpvrager", parse.text, max_length=200)
            p.geslacht = row.get(
                "geslacht",
                parse.label,
                ch["geslacht"],
                labels["geslacht"],
                empty=Geslacht.ONBEKEND,
            )
            p.geboortejaar = row.get("geboortejaar", parse.birth_year)
            p.taal = row.get("taal", parse.text, max_length=50)
            p.is_hoofdpersoon = row.get(
                "hoofdpersoon", parse.label, ch["ja_nee"], labels["ja_nee"], empty=None
            )
            result.append((row, p))
        self.known_households(p.ref for _row, p in result)
        personen = []
        for row, p in result:
            if p.ref not in (BAD, "") and not self.is_known_household(p.ref):
                self.unknown_household(row, p.ref)
            p.ok = row.ok
            if self.is_known_household(p.ref):
                personen.append(p)
        self.one_main_person(personen)
        return personen

    def one_main_person(self, personen):
        """A new household has at most one person marked as its main person."""
        marked = defaultdict(dict)
        for p in personen:
            if p.is_hoofdpersoon is True and p.naam is not BAD and p.ref in self.plan.huishoudens:
                marked[p.ref].setdefault(normalize(p.naam), []).append(p)
        for ref, names in marked.items():
            if len(names) < 2:
                continue
            for rows in names.values():
                for p in rows:
                    self.problem(
                        PERSONEN,
                        p.rij,
                        "hoofdpersoon",
                        self.label_of["ja_nee"][True],
                        _("huishouden %s heeft meer dan één hoofdpersoon") % ref,
                        _("Ja bij één persoon van het huishouden"),
                    )
                    p.ok = False

    def check_main_person(self, key, listed, person, what):
        """Being the main person agrees across rows and with what is stored; a new person of a
        stored household is not its main person (it has one)."""
        value = self._agree(
            PERSONEN, key, listed, "hoofdpersoon", "is_hoofdpersoon", None, person, what
        )
        if value is True and person is None and key[0] in self.stored_households:
            for p in listed:
                if p.is_hoofdpersoon is True:
                    self.problem(
                        PERSONEN,
                        p.rij,
                        "hoofdpersoon",
                        self.label_of["ja_nee"][True],
                        _("huishouden %s heeft al een hoofdpersoon") % key[0],
                        _("Nee of leeg"),
                    )
                    p.ok = False

    def may_add_person(self, ref, listed) -> bool:
        """A new person of a stored household, by the casework rule for anonymised ones (a
        person only on the Hulpvragen sheet: its help request rows say so)."""
        return self.may_add_to_household(ref, listed)

    # -- Huishoudens ---------------------------------------------------------------------------

    def read_huishoudens(self, ws, columns):
        ch, labels = self.ch, self.labels
        rows, seen = [], {}
        for number, values in self.data_rows(ws, HUISHOUDENS):
            row = Row(self, HUISHOUDENS, number, values, columns)
            ref = self.household_ref(row)
            h = SimpleNamespace(rij=number, blad=HUISHOUDENS, ok=True)
            h.samenstelling = row.get(
                "samenstelling", parse.label, ch["samenstelling"], labels["samenstelling"]
            )
            h.aantal_kinderen = row.get(
                "aantal_kinderen", parse.whole_number, minimum=0, maximum=MAX_KINDEREN
            )
            h.binnenkomst = row.get(
                "binnenkomst", parse.label, ch["binnenkomst"], labels["binnenkomst"]
            )
            door = row.get("doorverwezen_door", parse.text, max_length=200)
            h.doorverwezen_door = BAD if door is BAD else self.organisatie(door, partner=False)
            if ref not in (BAD, ""):
                if ref in seen:
                    row.problem(
                        "huishouden",
                        ref,
                        _("staat al op rij %s") % seen[ref],
                        _("elk huishouden één keer"),
                    )
                seen.setdefault(ref, number)
            rows.append((row, ref, h))
        self.known_households(ref for _row, ref, _h in rows)
        stored = self._stored_composition(
            [ref for _row, ref, _h in rows if ref in self.stored_households]
        )
        for row, ref, h in rows:
            if ref in (BAD, ""):
                continue
            if not self.is_known_household(ref):
                self.unknown_household(row, ref)
            elif row.ok:
                self._composition(ref, h, stored.get(ref))

    def _composition(self, ref, h, stored):
        """A new household gets it; a stored one must agree (empty and Onbekend: not given)."""
        what = _("huishouden %s") % ref
        for column in COMPOSITION:
            unknown = Samenstelling.ONBEKEND if column == "samenstelling" else None
            self._agree(HUISHOUDENS, ref, [h], column, column, unknown, stored, what)
        household = self.plan.huishoudens.get(ref)
        if household is None or not h.ok:
            return
        household["samenstelling"] = h.samenstelling or Samenstelling.ONBEKEND
        household["aantal_kinderen"] = h.aantal_kinderen or 0
        if h.binnenkomst:
            household["binnenkomst"] = h.binnenkomst
        household["doorverwezen_door"] = h.doorverwezen_door

    def _stored_composition(self, refs) -> dict:
        stored = {}
        for start in range(0, len(refs), CHUNK):
            for h in Huishouden.objects.filter(referentie__in=refs[start : start + CHUNK]).values(
                "referentie", *COMPOSITION[:3], "doorverwezen_door_id"
            ):
                h["doorverwezen_door"] = h["doorverwezen_door_id"]
                stored[h["referentie"]] = h
        return stored
