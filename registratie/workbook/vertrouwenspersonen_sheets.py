"""The Vertrouwenspersonen and Opleiding sheets: the trusted persons themselves (organisation,
status, period, hours) and their enrolments in the training's cohorts, which the report's key
figures read (active and trained trusted persons).

A trusted person is matched by name as on the other sheets (the organisation tells apart stored
ones with the same name); a stored one is not changed. A cohort is matched by name; a stored one
must have the same start date. An enrolment is identified by cohort and trusted person."""

from functools import partial

from django.utils.translation import gettext as _

from netwerk.models import VertrouwenspersoonStatus
from netwerk.services import validate_pilot_periode
from opleiding.models import Cohort, Deelname
from opleiding.services import validate_certificaat, validate_certificaat_datum
from registratie.workbook import parse
from registratie.workbook.columns import OPLEIDING, VERTROUWENSPERSONEN, normalize
from registratie.workbook.parse import BAD, Row
from registratie.workbook.plan import CHUNK

MAX_UREN = 32767  # the field's range (PositiveSmallIntegerField)


class VertrouwenspersonenSheets:
    """Part of `Reader`: the trusted persons and the training."""

    # -- Vertrouwenspersonen -------------------------------------------------------------------

    def read_vertrouwenspersonen(self, ws, columns):
        seen = {}
        for number, values in self.data_rows(ws, VERTROUWENSPERSONEN):
            row = Row(self, VERTROUWENSPERSONEN, number, values, columns)
            naam = row.get(
                "naam",
                parse.text,
                max_length=200,
                required=True,
                verwacht=_("de naam van de vertrouwenspersoon"),
            )
            org = row.get("organisatie", parse.text, max_length=200)
            velden = self._vertrouwenspersoon_velden(row)
            if naam is BAD:
                continue
            key = normalize(naam)
            if key in seen:
                row.problem(
                    "naam",
                    naam,
                    _("staat al op rij %(rij)s") % {"rij": seen[key]},
                    _("elke vertrouwenspersoon één keer"),
                )
                continue
            seen[key] = number
            organisatie = BAD if org is BAD else self.organisatie(org)
            found = self.vertrouwenspersoon(row, "naam", naam, organisatie)
            if isinstance(found, int):
                self.plan.bestaand["vertrouwenspersonen"] += 1
            elif found is not BAD and row.ok:
                new = self.plan.vertrouwenspersonen[found]
                new["kolom"] = "organisatie"
                new["velden"] = velden

    def _vertrouwenspersoon_velden(self, row) -> dict:
        status = row.get(
            "status", parse.label, self.ch["vp_status"], self.labels["vp_status"], empty=None
        )
        start = row.get("startdatum", parse.date, allow_future=True)
        end = row.get("einddatum", parse.date, allow_future=True)
        uren = row.get("uren_per_week", parse.whole_number, minimum=0, maximum=MAX_UREN)
        if row.ok:
            check = partial(validate_pilot_periode, startdatum=start, einddatum=end)
            row.rule("einddatum", end, check, _period_wording)
        velden = {
            "status": status or VertrouwenspersoonStatus.ACTIEF,
            "startdatum": start,
            "einddatum": end,
            "uren_per_week": uren,
        }
        # an empty cell leaves the field to what a trusted person named elsewhere gets
        return {name: value for name, value in velden.items() if value is not None}

    # -- Opleiding -----------------------------------------------------------------------------

    def read_opleiding(self, ws, columns):
        self.db_cohorts = {
            normalize(naam): (pk, startdatum)
            for pk, naam, startdatum in Cohort.objects.values_list("pk", "naam", "startdatum")
        }
        self.sheet_cohorts = {}  # key -> (startdatum, pilot, row number) of the cohort's first row
        rows = []
        for number, values in self.data_rows(ws, OPLEIDING):
            row = Row(self, OPLEIDING, number, values, columns)
            rows.append((row, self._deelname(row)))
        stored = self._stored_deelnames(
            [d["cohort"] for _row, d in rows if isinstance(d["cohort"], int)]
        )
        seen = {}
        for row, d in rows:
            if not row.ok:
                continue
            key = (d["cohort"], d["vertrouwenspersoon"])
            if key in seen:
                row.problem(
                    "vertrouwenspersoon",
                    row.raw("vertrouwenspersoon"),
                    _("staat al op rij %(rij)s voor dit cohort") % {"rij": seen[key]},
                    _("elke vertrouwenspersoon één keer per cohort"),
                )
                continue
            seen[key] = row.number
            if key in stored:
                self.plan.bestaand["deelnames"] += 1
            else:
                self.plan.deelnames.append(d)

    def _deelname(self, row) -> dict:
        naam = row.get(
            "cohort",
            parse.text,
            max_length=200,
            required=True,
            verwacht=_("de naam van het cohort"),
        )
        start = row.get("startdatum_cohort", parse.date, allow_future=True, required=True)
        pilot = row.get("pilot", parse.text, max_length=100)
        vp = row.get(
            "vertrouwenspersoon",
            parse.text,
            max_length=200,
            required=True,
            verwacht=_("de naam van de vertrouwenspersoon"),
        )
        org = row.get("organisatie", parse.text, max_length=200)
        status = row.get(
            "status",
            parse.label,
            self.ch["deelname_status"],
            self.labels["deelname_status"],
            required=True,
            verwacht=_("een van: %s") % ", ".join(self.labels["deelname_status"]),
        )
        datum = row.get("datum_status", parse.date, allow_future=True, required=True)
        certificaat = self._certificaat(row, status)
        pilot = (
            BAD if pilot is BAD else (self.pilot_for(row, "pilot", pilot, None) if pilot else None)
        )
        cohort = self._cohort(row, naam, start, pilot)
        organisatie = BAD if org is BAD else self.organisatie(org)
        vertrouwenspersoon = (
            BAD
            if vp is BAD
            else self.vertrouwenspersoon(row, "vertrouwenspersoon", vp, organisatie)
        )
        return {
            "cohort": cohort,
            "vertrouwenspersoon": vertrouwenspersoon,
            "status": status,
            "status_datum": datum,
            "certificaat_datum": certificaat,
        }

    def _certificaat(self, row, status):
        """The certificate date by the training's rules: not in the future, only when afgerond."""
        datum = row.get("certificaat_datum", parse.date, allow_future=True)
        if datum in (None, BAD) or status is BAD:
            return datum

        def wording():
            return {
                **parse.future_wording(),
                "niet_afgerond": (
                    _("hoort alleen bij de status Afgerond"),
                    _("leeg, of de status Afgerond"),
                ),
            }

        ok = row.rule(
            "certificaat_datum", datum, partial(validate_certificaat_datum, datum), wording
        ) and row.rule(
            "certificaat_datum",
            datum,
            partial(validate_certificaat, status=status, certificaat_datum=datum),
            wording,
        )
        return datum if ok else BAD

    def _cohort(self, row, naam, start, pilot):
        """A stored cohort's id (same start date), or the key of a new one; the rows of one
        cohort agree on its start date and pilot."""
        if naam is BAD or start is BAD or pilot is BAD:
            return BAD
        key = normalize(naam)
        if key in self.db_cohorts:
            pk, stored_start = self.db_cohorts[key]
            if stored_start != start:
                row.problem(
                    "startdatum_cohort",
                    start,
                    _("verschilt van het opgeslagen cohort %(naam)s") % {"naam": naam},
                    parse.show(stored_start),
                )
                return BAD
            return pk
        first = self.sheet_cohorts.setdefault(key, (start, pilot, row.number))
        for column, value, index in (("startdatum_cohort", start, 0), ("pilot", pilot, 1)):
            if value != first[index]:
                row.problem(
                    column,
                    row.raw(column),
                    _("verschilt van rij %(rij)s van hetzelfde cohort") % {"rij": first[2]},
                    _("dezelfde waarde op elke rij van cohort %s") % naam,
                )
                return BAD
        self.plan.cohorten.setdefault(key, {"naam": naam, "startdatum": start, "pilot": pilot})
        return key

    def _stored_deelnames(self, cohort_ids) -> set:
        ids, found = list(set(cohort_ids)), set()
        for start in range(0, len(ids), CHUNK):
            found.update(
                Deelname.objects.filter(cohort_id__in=ids[start : start + CHUNK]).values_list(
                    "cohort_id", "vertrouwenspersoon_id"
                )
            )
        return found


def _period_wording():
    return {"voor_start": (_("ligt voor de startdatum"), _("een datum vanaf de startdatum"))}
