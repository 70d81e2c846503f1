"""The sheets around the help requests: Toestemmingen (consent per household), Doorverwijzingen
(referrals), Contactmomenten (contacts) and Signalen (signals to policy).

A row names its help request as the Hulpvragen sheet does: household, person (empty: the main
person) and intake date, with `volgnummer` when one person has several help requests on one date
(the how-manieth, counting the stored ones first, then the rows of the Hulpvragen sheet). The help
request is a stored one or one of this workbook; its id is looked up when it is written
(`importer`). Identity on re-import: a consent by household, reikwijdte, organisation and date; a
referral by help request, organisation, date and kind; a contact by help request, date, kind,
minutes and note; a signal by date, theme, text and organisation (rows with the same identity are
one signal, linked to the help requests of those rows). Each stored record matches one row."""

import datetime
from collections import Counter, defaultdict
from functools import partial
from types import SimpleNamespace

from django.utils.translation import gettext as _

from hulpvragen.choices import SignaalBron
from hulpvragen.models import (
    Contactmoment,
    Doorverwijzing,
    Hulpvraag,
    Hulpvrager,
    Signaal,
    Toestemming,
)
from hulpvragen.services import (
    SIGNAAL_VOORZIENINGEN,
    toestemming_organisatie,
    validate_datum_na_aanmelding,
    validate_doorverwijzing_uitkomst,
    validate_intrekking_datum,
    validate_signaal_bron,
    validate_signaal_datum,
    validate_toestemming_datum,
    validate_toestemming_organisatie,
    validate_uitkomst_datum,
)
from noodfonds.checklist import SIGNAAL_THEMA
from registratie.workbook import parse
from registratie.workbook.columns import (
    CONTACTMOMENTEN,
    DOORVERWIJZINGEN,
    SIGNALEN,
    TOESTEMMINGEN,
    VOLGNUMMER,
    normalize,
)
from registratie.workbook.parse import BAD, Row
from registratie.workbook.plan import CHUNK, Verwijzing

MAX_MINUTEN = 32767
# A fund signal's theme that the database does not hold yet (an empty one): the importer makes
# it by the fund's rule (noodfonds.checklist.signaal_thema).
FONDS_THEMA = "noodfonds-thema"  # the field's range (PositiveSmallIntegerField)


class DossierSheets:
    """Part of `Reader`: consents, referrals, contacts and signals."""

    def read_dossier(self, sheets: dict) -> None:
        """`sheets`: {name: (worksheet, columns) or None} of the four sheets."""
        readers = {
            TOESTEMMINGEN: self._toestemming,
            DOORVERWIJZINGEN: self._doorverwijzing,
            CONTACTMOMENTEN: self._contact,
            SIGNALEN: self._signaal,
        }
        rows = {}
        for name, read in readers.items():
            if sheets.get(name) is not None:
                ws, columns = sheets[name]
                rows[name] = [
                    self._parsed(read, Row(self, name, number, values, columns))
                    for number, values in self.data_rows(ws, name)
                ]
        if not rows:
            return
        every = [r for sheet_rows in rows.values() for r in sheet_rows]
        self.known_households(r.ref for r in every)
        self._load_persons({r.ref for r in every})
        self._resolve([r for r in every if r.verwijzen])
        self._classify_toestemmingen(rows.get(TOESTEMMINGEN, []))
        self._classify(rows.get(DOORVERWIJZINGEN, []), "doorverwijzingen", _referral_keys)
        self._classify(rows.get(CONTACTMOMENTEN, []), "contactmomenten", _contact_keys)
        self._classify_signalen(rows.get(SIGNALEN, []))

    @staticmethod
    def _parsed(read, row):
        """The row's record; the row keeps only where it is (its cells are read: memory)."""
        record = read(row)
        row.values = ()
        return record

    # -- cells -------------------------------------------------------------------------------

    def _reference(self, row, *, required=True) -> SimpleNamespace:
        """The row's household, person and intake date (and volgnummer)."""
        r = SimpleNamespace(row=row, ok=True, stored=None, verwijzing=None)
        r.ref = self.household_ref(row, required=required)
        r.naam = row.get("hulpvrager", parse.text, max_length=200)
        r.intake = row.get(
            "datum_aanmelding",
            parse.date,
            allow_future=True,
            required=required,
            verwacht=_("de datum_aanmelding van de hulpvraag"),
        )
        volgnummer = row.get(VOLGNUMMER, parse.whole_number, minimum=1)
        r.volgnummer = 1 if volgnummer is None else volgnummer
        r.verwijzen = required or any(
            not parse.is_empty(row.raw(c)) for c in ("huishouden", "hulpvrager", "datum_aanmelding")
        )
        if r.verwijzen and not required:  # a signal's reference: all or nothing
            for column, value in (("huishouden", r.ref), ("datum_aanmelding", r.intake)):
                if value in (None, ""):
                    row.problem(
                        column,
                        None,
                        _("is verplicht als de hulpvraag is ingevuld"),
                        _("huishouden en datum_aanmelding van de hulpvraag, of alle drie leeg"),
                    )
        return r

    def _date_rule(self, row, column, datum, check, wording):
        """A date cell by the service's rule, its refusal keyed by this column; BAD when
        refused."""
        if not isinstance(datum, datetime.date):
            return datum
        rule = partial(check, datum, field=column)
        return datum if row.rule(column, datum, rule, wording) else BAD

    def _after_intake(self, row, column, datum, intake):
        if not isinstance(intake, datetime.date):
            return datum

        def wording():
            return {
                **parse.future_wording(),
                "voor_aanmelding": (
                    _("ligt voor de datum_aanmelding"),
                    _("een datum vanaf %s") % parse.show(intake),
                ),
            }

        check = partial(validate_datum_na_aanmelding, intake_datum=intake)
        return self._date_rule(row, column, datum, check, wording)

    def _label(self, row, column, name, *, required=False, empty=None):
        if required:
            return row.get(
                column,
                parse.label,
                self.ch[name],
                self.labels[name],
                required=True,
                verwacht=_("een van: %s") % ", ".join(self.labels[name]),
            )
        return row.get(column, parse.label, self.ch[name], self.labels[name], empty=empty)

    def _toestemming(self, row) -> SimpleNamespace:
        r = SimpleNamespace(row=row, ok=True, verwijzen=False)
        r.ref = self.household_ref(row)
        datum = row.get("datum", parse.date, allow_future=True, required=True)
        r.datum = self._date_rule(
            row, "datum", datum, validate_toestemming_datum, parse.future_wording
        )
        r.scope = self._label(row, "reikwijdte", "toestemming", required=True)
        naam = row.get("organisatie", parse.text, max_length=200)
        if r.scope not in (BAD, None) and naam is not BAD:

            def wording():
                return {
                    "organisatie_nodig": (
                        _("is verplicht bij deze reikwijdte"),
                        _("de organisatie waarmee gedeeld mag worden"),
                    )
                }

            check = partial(
                validate_toestemming_organisatie, scope=r.scope, organisatie=naam or None
            )
            row.rule("organisatie", naam, check, wording)
            naam = toestemming_organisatie(r.scope, naam)
        r.organisatie = BAD if naam is BAD else self.organisatie(naam, partner=False)
        ingetrokken = row.get("ingetrokken_op", parse.date, allow_future=True)
        if isinstance(r.datum, datetime.date):

            def withdrawn_wording():
                return {
                    **parse.future_wording(),
                    "voor_toestemming": (
                        _("ligt voor de datum van de toestemming"),
                        _("een datum vanaf %s") % parse.show(r.datum),
                    ),
                }

            check = partial(validate_intrekking_datum, toestemming_datum=r.datum)
            ingetrokken = self._date_rule(
                row, "ingetrokken_op", ingetrokken, check, withdrawn_wording
            )
        r.ingetrokken_op = ingetrokken
        return r

    def _doorverwijzing(self, row) -> SimpleNamespace:
        r = self._reference(row)
        naam = row.get(
            "organisatie",
            parse.text,
            max_length=200,
            required=True,
            verwacht=_("de organisatie waarnaar is doorverwezen"),
        )
        r.organisatie = BAD if naam is BAD else self.organisatie(naam, partner=False)
        datum = row.get("datum", parse.date, allow_future=True, required=True)
        r.datum = self._after_intake(row, "datum", datum, r.intake)
        r.soort = self._label(row, "soort", "doorverwijzing_soort", required=True)
        r.uitkomst = row.get("uitkomst", parse.text)
        uitkomst_datum = row.get("uitkomst_datum", parse.date, allow_future=True)
        if isinstance(r.datum, datetime.date):

            def wording():
                return {
                    **parse.future_wording(),
                    "voor_doorverwijzing": (
                        _("ligt voor de datum van de doorverwijzing"),
                        _("een datum vanaf %s") % parse.show(r.datum),
                    ),
                }

            check = partial(validate_uitkomst_datum, doorverwijzing_datum=r.datum)
            uitkomst_datum = self._date_rule(row, "uitkomst_datum", uitkomst_datum, check, wording)
        if isinstance(uitkomst_datum, datetime.date) and r.uitkomst is not BAD:

            def text_wording():
                return {
                    "leeg": (
                        _("is verplicht als de uitkomst_datum is ingevuld"),
                        _("wat de doorverwijzing opleverde"),
                    )
                }

            check = partial(validate_doorverwijzing_uitkomst, r.uitkomst)
            row.rule("uitkomst", r.uitkomst, check, text_wording)
        r.uitkomst_datum = uitkomst_datum
        r.notitie = row.get("notitie", parse.text)
        return r

    def _contact(self, row) -> SimpleNamespace:
        r = self._reference(row)
        datum = row.get("datum", parse.date, allow_future=True, required=True)
        r.datum = self._after_intake(row, "datum", datum, r.intake)
        r.soort = self._label(row, "soort", "contact_soort", required=True)
        r.minuten = row.get("minuten", parse.whole_number, minimum=0, maximum=MAX_MINUTEN)
        r.notitie = row.get("notitie", parse.text, max_length=500)
        return r

    def _signaal(self, row) -> SimpleNamespace:
        r = self._reference(row, required=False)
        datum = row.get("datum", parse.date, allow_future=True, required=True)
        r.datum = self._date_rule(row, "datum", datum, validate_signaal_datum, parse.future_wording)
        thema = row.get(
            "thema", parse.text, required=True, verwacht=_("een thema, uit: %s") % self._themas()
        )
        self._signaal_bron(row, r)
        r.thema = BAD
        if thema not in (BAD, ""):
            r.thema = self.themas.get(normalize(thema), BAD)
            if (
                r.thema is BAD
                and r.bron == SignaalBron.NOODFONDS
                and normalize(thema) == normalize(SIGNAAL_THEMA)
            ):
                r.thema = FONDS_THEMA  # the fund's own theme, made when the signal is written
            if r.thema is BAD:
                row.problem(
                    "thema",
                    thema,
                    _("is geen bekend thema"),
                    _("een thema, uit: %s") % self._themas(),
                )
        r.tekst = row.get(
            "tekst", parse.text, required=True, verwacht=_("de tekst van het signaal")
        )
        naam = row.get("organisatie", parse.text, max_length=200)
        r.organisatie = BAD if naam is BAD else self.organisatie(naam)
        return r

    def _signaal_bron(self, row, r) -> None:
        """The signal's source (empty: by hand) and provision, by the casework's rule
        (`validate_signaal_bron`): a fund signal names its provision and no help request."""
        r.bron = self._label(row, "bron", "signaal_bron", empty=SignaalBron.HANDMATIG)
        r.voorziening = self._label(row, "voorziening", "voorziening", empty="")
        if BAD in (r.bron, r.voorziening):
            return

        def wording():
            return {
                "voorziening_zonder_noodfonds": (
                    _("hoort alleen bij een signaal van het noodfonds"),
                    _("leeg, of bron %s") % self.label_of["signaal_bron"][SignaalBron.NOODFONDS],
                ),
                "voorziening_nodig": (
                    _("is verplicht bij een signaal van het noodfonds"),
                    _("een van: %s")
                    % ", ".join(self.label_of["voorziening"][v] for v in SIGNAAL_VOORZIENINGEN),
                ),
                "noodfonds_met_hulpvraag": (
                    _("een signaal van het noodfonds noemt geen hulpvraag"),
                    _("huishouden, hulpvrager en datum_aanmelding leeg"),
                ),
            }

        check = partial(validate_signaal_bron, r.bron, r.voorziening, met_hulpvraag=r.verwijzen)
        row.rule("voorziening", r.voorziening, check, wording)

    def _themas(self):
        return ", ".join(self.thema_names)

    # -- which help request ------------------------------------------------------------------

    def _load_persons(self, refs) -> None:
        """The persons of stored households that no earlier sheet named (a query per CHUNK of
        households), so that a name (or an empty name: the main person) finds its person."""
        ids = {
            self.stored_households[ref]["pk"]: ref
            for ref in refs
            if ref in self.stored_households and ref not in self.main_person_keys
        }
        keys = list(ids)
        for start in range(0, len(keys), CHUNK):
            for p in Hulpvrager.objects.filter(
                huishouden_id__in=keys[start : start + CHUNK]
            ).order_by("-is_hoofdpersoon", "pk"):
                ref = ids[p.huishouden_id]
                self.stored_person_map.setdefault((ref, normalize(p.naam)), p)
                self.stored_person_map.setdefault((ref, ""), p)
                self.main_person_keys.setdefault(ref, (ref, normalize(p.naam)))

    def _person(self, r):
        """The key of the row's person (stored or new in this workbook), or None."""
        if r.naam:
            key = (r.ref, normalize(r.naam))
        else:
            key = self.main_person_keys.get(r.ref)
        if key in self.plan.personen:
            return key
        stored = self.stored_person_map.get(key) if key else None
        if stored is None:
            return None
        self.plan.persoon_ids[key] = stored.pk
        return key

    def _resolve(self, rows) -> None:
        """Each row's help request: a stored one (its id) or one of the Hulpvragen sheet."""
        usable = []
        for r in rows:
            if r.ref in (BAD, "", None) or r.naam is BAD or not isinstance(r.intake, datetime.date):
                r.ok = False
                continue
            if r.volgnummer is BAD:
                r.ok = False
                continue
            if not self.is_known_household(r.ref):
                self.unknown_household(r.row, r.ref)
                r.ok = False
                continue
            key = self._person(r)
            if key is None:
                r.row.problem(
                    "hulpvrager",
                    r.naam,
                    _("is geen bekende hulpvrager van huishouden %s") % r.ref,
                    _("een hulpvrager van het blad Hulpvragen of Personen, of uit de registratie"),
                )
                r.ok = False
                continue
            r.persoon = key
            usable.append(r)
        stored = self._stored_help_requests(
            {self.plan.persoon_ids[r.persoon] for r in usable if r.persoon in self.plan.persoon_ids}
        )
        new = Counter((h.persoon, h.intake) for h in self.plan.hulpvragen)
        for r in usable:
            pk = self.plan.persoon_ids.get(r.persoon)
            known = stored.get((pk, r.intake), []) if pk is not None else []
            if r.volgnummer <= len(known):
                r.stored = known[r.volgnummer - 1]
            elif r.volgnummer > len(known) + new[(r.persoon, r.intake)]:
                self._no_help_request(r, len(known) + new[(r.persoon, r.intake)])
                continue
            r.verwijzing = Verwijzing(r.persoon, r.intake, r.volgnummer)

    def _no_help_request(self, r, count):
        r.ok = False
        if count == 0:
            r.row.problem(
                "datum_aanmelding",
                r.intake,
                _("is niet de datum_aanmelding van een hulpvraag van deze hulpvrager"),
                _("een hulpvraag van het blad Hulpvragen of uit de registratie"),
            )
        else:
            r.row.problem(
                VOLGNUMMER,
                r.volgnummer,
                _("is hoger dan het aantal hulpvragen van deze hulpvrager op die datum (%s)")
                % count,
                _("een nummer van 1 tot en met %s") % count,
            )

    def _stored_help_requests(self, person_ids) -> dict:
        """{(person id, intake date): [help request ids, oldest first]}."""
        ids, found = list(person_ids), defaultdict(list)
        for start in range(0, len(ids), CHUNK):
            for pk, person, intake in (
                Hulpvraag.objects.filter(hulpvrager_id__in=ids[start : start + CHUNK])
                .order_by("pk")
                .values_list("pk", "hulpvrager_id", "intake_datum")
            ):
                found[(person, intake)].append(pk)
        return found

    # -- new or already stored ---------------------------------------------------------------

    def _classify(self, rows, name, kind) -> None:
        """Rows matching a stored record of their (stored) help request are already there; the
        others are new, unless their household is anonymised."""
        model, fields_of, identity = kind
        rows = [r for r in rows if r.ok and r.row.ok and r.verwijzing is not None]
        ids = list({r.stored for r in rows if r.stored is not None})
        stored = Counter()
        for start in range(0, len(ids), CHUNK):
            stored.update(
                model.objects.filter(hulpvraag_id__in=ids[start : start + CHUNK]).values_list(
                    "hulpvraag_id", *identity
                )
            )
        for r in rows:
            fields = fields_of(r)
            key = (r.stored, *(fields[k] for k in identity))
            if r.stored is not None and stored[key] > 0:
                stored[key] -= 1
                self.plan.bestaand[name] += 1
            elif self.may_add_to_household(r.ref, [r.row]):
                getattr(self.plan, name).append({"hulpvraag": r.verwijzing, **fields})

    def _classify_toestemmingen(self, rows) -> None:
        rows = [r for r in [r for r in rows if self._known(r)] if r.row.ok]
        ids = list(
            {self.plan.huishouden_ids[r.ref] for r in rows if r.ref in self.stored_households}
        )
        stored = Counter()
        for start in range(0, len(ids), CHUNK):
            stored.update(
                Toestemming.objects.filter(
                    huishouden_id__in=ids[start : start + CHUNK]
                ).values_list("huishouden_id", "scope", "organisatie_id", "datum")
            )
        for r in rows:
            pk = self.plan.huishouden_ids.get(r.ref) if r.ref in self.stored_households else None
            key = (pk, r.scope, r.organisatie, r.datum)
            if pk is not None and stored[key] > 0:
                stored[key] -= 1
                self.plan.bestaand["toestemmingen"] += 1
            elif self.may_add_to_household(r.ref, [r.row]):
                self.plan.toestemmingen.append(
                    {
                        "huishouden": r.ref,
                        "datum": r.datum,
                        "scope": r.scope,
                        "organisatie": r.organisatie,
                        "ingetrokken_op": r.ingetrokken_op,
                    }
                )

    def _known(self, r) -> bool:
        if r.ref in (BAD, ""):
            return False
        if not self.is_known_household(r.ref):
            self.unknown_household(r.row, r.ref)
            return False
        return True

    def _classify_signalen(self, rows) -> None:
        """Rows with the same date, theme, text and organisation are one signal; a row that names
        a help request links the signal to it. A stored signal gets the links it lacks."""
        signals, bronnen = {}, {}
        for r in rows:
            if not r.row.ok or (r.verwijzen and r.verwijzing is None):
                continue
            key = (r.datum, r.thema, r.tekst, r.organisatie)
            links = signals.setdefault(key, {})
            bronnen.setdefault(key, (r.bron, r.voorziening))  # the first row's
            if r.verwijzing is not None:
                links.setdefault(r.verwijzing, r.stored)
        stored = self._stored_signals(list({key[0] for key in signals}))
        stored_links = self._stored_links(list(stored.values()))
        for (datum, thema, tekst, organisatie), links in signals.items():
            pk = stored.get((datum, thema, tekst, organisatie))
            if pk is None:
                self.plan.signalen.append(
                    {
                        "datum": datum,
                        "thema_id": thema,
                        "tekst": tekst,
                        "organisatie": organisatie,
                        "hulpvragen": list(links),
                        "bron": bronnen[(datum, thema, tekst, organisatie)][0],
                        "voorziening": bronnen[(datum, thema, tekst, organisatie)][1],
                    }
                )
                continue
            self.plan.bestaand["signalen"] += 1
            for verwijzing, hulpvraag in links.items():
                if (pk, hulpvraag) not in stored_links:
                    self.plan.koppelingen.append({"signaal_id": pk, "hulpvraag": verwijzing})

    def _stored_signals(self, dates) -> dict:
        """{(datum, thema id, tekst, organisatie id): id} of the stored signals on these dates."""
        stored = {}
        for start in range(0, len(dates), CHUNK):
            for pk, *key in Signaal.objects.filter(
                datum__in=dates[start : start + CHUNK]
            ).values_list("pk", "datum", "thema_id", "tekst", "organisatie_id"):
                stored.setdefault(tuple(key), pk)
        return stored

    def _stored_links(self, signal_ids) -> set:
        """{(signal id, help request id)} of these signals."""
        through, found = Signaal.hulpvragen.through, set()
        for start in range(0, len(signal_ids), CHUNK):
            found.update(
                through.objects.filter(
                    signaal_id__in=signal_ids[start : start + CHUNK]
                ).values_list("signaal_id", "hulpvraag_id")
            )
        return found


def _referral_fields(r) -> dict:
    return {
        "organisatie": r.organisatie,
        "datum": r.datum,
        "soort": r.soort,
        "uitkomst": r.uitkomst,
        "uitkomst_datum": r.uitkomst_datum,
        "notitie": r.notitie,
    }


def _contact_fields(r) -> dict:
    return {"datum": r.datum, "soort": r.soort, "minuten": r.minuten, "notitie": r.notitie}


# (model, the fields of a new record, the fields that identify it besides its help request);
# a new organisation (a key, not an id) never matches a stored record.
_referral_keys = (Doorverwijzing, _referral_fields, ("organisatie", "datum", "soort"))
_contact_keys = (Contactmoment, _contact_fields, ("datum", "soort", "minuten", "notitie"))
