"""The Noodfonds sheet: one fund application per row, its identity on re-import."""

import datetime
from collections import Counter, defaultdict
from functools import partial

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hulpvragen.models import Huishouden
from noodfonds.betalingen import validate_crediteur
from noodfonds.choices import AanvraagStatus
from noodfonds.models import Aanvraag
from noodfonds.services import (
    validate_besluit_datum,
    validate_fonds_datum,
    validate_uitbetaald_bedrag,
    validate_uitbetaald_op,
)
from registratie.workbook import parse
from registratie.workbook.columns import (
    NOODFONDS,
)
from registratie.workbook.noodfonds_keten import read_keten
from registratie.workbook.parse import BAD, Row
from registratie.workbook.plan import CHUNK, AanvraagRij


class NoodfondsSheet:
    """Part of `Reader`: the Noodfonds sheet."""

    def read_aanvragen(self, ws, columns):
        rows, refs = [], {}
        self.other_households = defaultdict(list)
        for number, values in self.data_rows(ws, NOODFONDS):
            a = self.read_aanvraag(Row(self, NOODFONDS, number, values, columns))
            if a.referentie:
                key = a.referentie.casefold()
                if key in refs:
                    self.problem(
                        NOODFONDS,
                        a.rij,
                        "referentie",
                        a.referentie,
                        _("staat al op rij %s") % refs[key],
                        _("elke referentie één keer"),
                    )
                    a.ok = False
                refs.setdefault(key, a.rij)
            rows.append(a)
        self.check_other_households()
        self.classify_aanvragen(rows)

    def read_aanvraag(self, row) -> AanvraagRij:
        ch, labels = self.ch, self.labels
        a = AanvraagRij(rij=row.number)
        a.datum = self.fund_date(row, "datum_aanvraag")
        org = row.get(
            "organisatie",
            parse.text,
            max_length=200,
            required=True,
            verwacht=_("de naam van de aanvragende organisatie"),
        )
        vp = row.get("vertrouwenspersoon", parse.text, max_length=200)
        a.woonplaats = row.get(
            "woonplaats",
            parse.label,
            ch["woonplaats"],
            labels["woonplaats"],
            required=True,
            verwacht=_("een van: %s") % ", ".join(labels["woonplaats"]),
        )
        a.onderwerp = row.get(
            "onderwerp",
            parse.label,
            ch["onderwerp"],
            labels["onderwerp"],
            required=True,
            verwacht=_("een van: %s") % ", ".join(labels["onderwerp"]),
        )
        a.inkomsten = row.get(
            "inkomsten",
            parse.label,
            ch["inkomsten"],
            labels["inkomsten"],
            required=True,
            verwacht=_("een van: %s") % ", ".join(labels["inkomsten"]),
        )
        a.contact = row.get(
            "contact_formeel",
            parse.label,
            ch["ja_nee"],
            labels["ja_nee"],
            required=True,
            verwacht=_("Ja of Nee"),
        )
        a.gevraagd = row.get(
            "gevraagd_bedrag", parse.amount, required=True, verwacht=_("een bedrag van 0 of meer")
        )
        a.status = row.get(
            "status",
            parse.label,
            ch["aanvraag_status"],
            labels["aanvraag_status"],
            required=True,
            verwacht=_("een van: %s") % ", ".join(labels["aanvraag_status"]),
        )
        a.toegekend = row.get("toegekend_bedrag", parse.amount)
        a.referentie = row.get("referentie", parse.text, max_length=20)
        a.huishouden = row.get("huishouden", parse.text, max_length=20)
        a.motivatie = row.get("motivatie", parse.text)
        if not row.fits("motivatie", a.motivatie, model=Aanvraag, field="motivatie"):
            a.motivatie = BAD
        a.besloten_op = self.fund_date(row, "besloten_op")
        a.uitbetaald_bedrag = row.get("uitbetaald_bedrag", parse.amount)
        a.uitbetaald_op = self.fund_date(row, "uitbetaald_op")
        a.uitbetaald_aan = row.get(
            "uitbetaald_aan", parse.label, ch["uitbetaald_aan"], labels["uitbetaald_aan"], empty=""
        )
        if a.datum is None and a.status not in (BAD, AanvraagStatus.CONCEPT):
            row.problem(
                "datum_aanvraag",
                None,
                _("is verplicht voor een ingediende aanvraag"),
                _("een datum als dd-mm-jjjj of jjjj-mm-dd (alleen leeg bij status Concept)"),
            )
        self.check_decision(row, a)
        self.check_payment(row, a)
        self.read_crediteur(row, a)
        read_keten(self, row, a)  # issue 21: provision, checklist, loan
        a.organisatie = BAD if org is BAD else self.organisatie(org)
        a.vertrouwenspersoon = (
            BAD
            if vp is BAD
            else self.vertrouwenspersoon(row, "vertrouwenspersoon", vp, a.organisatie)
        )
        if (
            a.huishouden not in (BAD, "")
            and a.huishouden not in self.plan.huishoudens
            and a.huishouden not in self.plan.huishouden_ids
        ):
            self.other_households[a.huishouden].append((row, a))
        for name in ("referentie", "huishouden", "motivatie", "uitbetaald_aan"):
            if getattr(a, name) is BAD:
                setattr(a, name, "")
        a.ok = row.ok
        return a

    def read_crediteur(self, row, a):
        """The creditor columns, by the fund's creditor rules (`validate_crediteur`: a name,
        a valid IBAN, a reference that fits); all empty means no creditor."""
        naam = row.get("crediteur_naam", parse.text)
        iban = row.get("crediteur_iban", parse.text)
        kenmerk = row.get("crediteur_kenmerk", parse.text)
        if BAD in (naam, iban, kenmerk) or not (naam or iban or kenmerk):
            return
        kolom = {"naam": "crediteur_naam", "iban": "crediteur_iban", "kenmerk": "crediteur_kenmerk"}

        def check():
            try:
                gegevens.update(validate_crediteur(naam=naam, iban=iban, kenmerk=kenmerk))
            except ValidationError as exc:
                raise ValidationError({kolom[k]: v for k, v in exc.error_dict.items()}) from exc

        gegevens = {}
        if row.rule("crediteur_iban", iban, check, dict):
            a.crediteur_naam = gegevens["naam"]
            a.crediteur_iban = gegevens["iban"]
            a.crediteur_kenmerk = gegevens["kenmerk"]

    def fund_date(self, row, column):
        """A date of the fund's books, by its rule (`validate_fonds_datum`)."""
        datum = row.get(column, parse.date)
        if isinstance(datum, datetime.date):
            check = partial(validate_fonds_datum, datum, field=column)
            if not row.rule(column, datum, check, parse.date_wording):
                return BAD
        return datum

    def check_decision(self, row, a):
        """By the fund's rule: a granted or paid application has its decision date (the report
        counts a grant from it)."""
        if a.status in (None, BAD) or a.besloten_op is BAD:
            return
        status = self.label_of["aanvraag_status"].get(a.status, a.status)

        def wording():
            return {
                "besluit_datum_nodig": (
                    _("is verplicht bij de status %s") % status,
                    _(
                        "de datum van het besluit als dd-mm-jjjj (zo nodig in een kolom besloten_op)"
                    ),
                )
            }

        check = partial(validate_besluit_datum, status=a.status, besloten_op=a.besloten_op)
        row.rule("besloten_op", a.besloten_op, check, wording)

    def check_payment(self, row, a):
        """By the fund's payment rules: never more than granted, never before the decision."""
        if a.uitbetaald_bedrag not in (None, BAD) and a.toegekend not in (None, BAD):

            def wording():
                return {
                    "meer_dan_toegekend": (
                        _("is meer dan het toegekende bedrag"),
                        _("ten hoogste %s") % a.toegekend,
                    )
                }

            check = partial(
                validate_uitbetaald_bedrag, a.uitbetaald_bedrag, toegekend_bedrag=a.toegekend
            )
            row.rule("uitbetaald_bedrag", a.uitbetaald_bedrag, check, wording)
        if a.uitbetaald_op not in (None, BAD) and a.besloten_op not in (None, BAD):

            def wording():
                return {
                    **parse.date_wording(),
                    "voor_besluit": (
                        _("ligt voor de datum van het besluit"),
                        _("een datum vanaf %s") % parse.show(a.besloten_op),
                    ),
                }

            check = partial(validate_uitbetaald_op, a.uitbetaald_op, besloten_op=a.besloten_op)
            row.rule("uitbetaald_op", a.uitbetaald_op, check, wording)

    def check_other_households(self):
        """Applications may name a household that is not on the Hulpvragen sheet but stored."""
        refs = list(self.other_households)
        for start in range(0, len(refs), CHUNK):
            for pk, ref in Huishouden.objects.filter(
                referentie__in=refs[start : start + CHUNK]
            ).values_list("pk", "referentie"):
                self.plan.huishouden_ids[ref] = pk
        for ref, rows in self.other_households.items():
            if ref in self.plan.huishouden_ids:
                continue
            for row, a in rows:
                row.problem(
                    "huishouden",
                    ref,
                    _("is geen bekend huishouden"),
                    _("een referentie van het blad Hulpvragen of uit de registratie"),
                )
                a.ok = False

    def classify_aanvragen(self, rows):
        """Identity: the referentie when filled in; otherwise date, organisation, trusted person,
        residence, subject, income and amount asked, each stored application matching one row."""
        refs = [a.referentie for a in rows if a.ok and a.referentie]
        stored_refs = set()
        for start in range(0, len(refs), CHUNK):
            stored_refs.update(
                r.casefold()
                for r in Aanvraag.objects.filter(
                    referentie__in=refs[start : start + CHUNK]
                ).values_list("referentie", flat=True)
            )
        stored = None
        for a in rows:
            if not a.ok:
                continue
            if a.referentie:
                if a.referentie.casefold() in stored_refs:
                    self.plan.bestaand["aanvragen"] += 1
                else:
                    self.plan.aanvragen.append(a)
                continue
            if stored is None:
                stored = Counter(
                    Aanvraag.objects.values_list(
                        "ingediend_op",
                        "organisatie_id",
                        "vertrouwenspersoon_id",
                        "woonplaats",
                        "onderwerp",
                        "inkomsten",
                        "gevraagd_bedrag",
                    )
                )
            key = (
                a.datum,
                a.organisatie,
                a.vertrouwenspersoon,
                a.woonplaats,
                a.onderwerp,
                a.inkomsten,
                a.gevraagd,
            )
            if stored[key] > 0:
                stored[key] -= 1
                self.plan.bestaand["aanvragen"] += 1
            else:
                self.plan.aanvragen.append(a)
