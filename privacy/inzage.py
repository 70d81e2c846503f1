"""Right of access (AVG art. 15): everything stored about one household and its persons as one
workbook, a sheet per kind of record; the same for a trusted person and for a candidate of the
training. Written through samenvooruit.xlsx (its formula guard on every
cell). For coordinators only; the view logs the download."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hulpvragen.exports import persoon_header, persoon_rows
from hulpvragen.models import (
    Contactmoment,
    Doorverwijzing,
    Huishouden,
    Hulpvraag,
    Signaal,
    StatusWijziging,
)
from netwerk.models import Toegangslog
from noodfonds.models import (
    Aflossing,
    Beoordeling,
    Besluitbrief,
    Bijlage,
    ChecklistItem,
    Crediteur,
    Lening,
    Overgang,
)
from onkosten.models import Declaratie, Vrijwilligersvergoeding
from opleiding.choices import LEVENSDOMEINEN
from opleiding.models import Aanwezigheid, Deelname, Leeruur, Meting, Ontwikkelstap
from privacy import selectors
from samenvooruit.exporters import Exporter, Sheet
from taken.services import Uitkomst, achtergrondtaak, export_uitkomst


def _naam(obj):
    return str(obj) if obj else ""


def _user(user):
    return user.get_username() if user else ""


def _local(moment):
    return timezone.localtime(moment) if moment else None


def _huishouden_rows(hh: Huishouden):
    return [
        (_("Referentie"), hh.referentie),
        (_("Woonplaats"), hh.get_woonplaats_display()),
        (_("Adres"), hh.adres),
        (_("Postcode"), hh.postcode),
        (_("Samenstelling"), hh.get_samenstelling_display()),
        (_("Aantal kinderen"), hh.aantal_kinderen),
        (_("Inkomsten"), hh.get_inkomsten_display()),
        (_("Contact met formele instanties"), hh.get_contact_formeel_display()),
        (_("Hoe binnengekomen"), hh.get_binnenkomst_display()),
        (_("Doorverwezen door"), _naam(hh.doorverwezen_door)),
        (_("Vertrouwenspersoon"), _naam(hh.vertrouwenspersoon)),
        (_("Organisatie"), _naam(hh.organisatie)),
        (_("Notitie"), hh.notitie),
        (_("Aangemaakt op"), _local(hh.aangemaakt_op)),
        (_("Geanonimiseerd op"), _local(hh.geanonimiseerd_op)),
    ]


def _sheets_casework(hh: Huishouden, hulpvragen):
    hv_ids = [h.pk for h in hulpvragen]
    yield (
        _("Personen"),
        persoon_header(),
        list(persoon_rows(hh.personen.all())),
    )
    yield (
        _("Toestemming"),
        [
            _("Datum"),
            _("Reikwijdte"),
            _("Delen met"),
            _("Vastgelegd door"),
            _("Ingetrokken op"),
            _("Ingetrokken door"),
        ],
        [
            [
                t.datum,
                t.get_scope_display(),
                _naam(t.organisatie),
                _user(t.vastgelegd_door),
                t.ingetrokken_op,
                _user(t.ingetrokken_door),
            ]
            for t in hh.toestemmingen.select_related(
                "organisatie", "vastgelegd_door", "ingetrokken_door"
            )
        ],
    )
    yield (
        _("Hulpvragen"),
        [
            _("Aanmelding"),
            _("Hulpvrager"),
            _("Pilot"),
            _("Soort"),
            _("Terugkerend"),
            _("Thema's"),
            _("Status"),
            _("Datum afgerond"),
            _("Uitkomst"),
            _("Omschrijving"),
            _("Vertrouwenspersoon"),
            _("Opvolgdatum"),
        ],
        [
            [
                h.intake_datum,
                h.hulpvrager.naam,
                _naam(h.pilot),
                h.get_soort_display(),
                h.get_terugkerend_display(),
                ", ".join(t.naam for t in h.themas.all()),
                h.get_status_display(),
                h.datum_afgerond,
                h.uitkomst,
                h.omschrijving,
                _naam(h.vertrouwenspersoon),
                h.nazorg_datum,
            ]
            for h in hulpvragen
        ],
    )
    yield (
        _("Statushistorie"),
        [_("Hulpvraag"), _("Datum"), _("Van"), _("Naar"), _("Door"), _("Notitie")],
        [
            [
                w.hulpvraag.intake_datum,
                w.datum,
                w.get_van_display(),
                w.get_naar_display(),
                _user(w.door),
                w.notitie,
            ]
            for w in StatusWijziging.objects.filter(hulpvraag__in=hv_ids)
            .select_related("hulpvraag", "door")
            .order_by("hulpvraag__intake_datum", "datum", "pk")
        ],
    )
    yield (
        _("Contactmomenten"),
        [_("Hulpvraag"), _("Datum"), _("Soort"), _("Minuten"), _("Door"), _("Notitie")],
        [
            [
                c.hulpvraag.intake_datum,
                c.datum,
                c.get_soort_display(),
                c.minuten,
                _user(c.door),
                c.notitie,
            ]
            for c in Contactmoment.objects.filter(hulpvraag__in=hv_ids)
            .select_related("hulpvraag", "door")
            .order_by("datum", "pk")
        ],
    )
    yield (
        _("Doorverwijzingen"),
        [
            _("Hulpvraag"),
            _("Datum"),
            _("Organisatie"),
            _("Soort"),
            _("Uitkomst"),
            _("Datum uitkomst"),
            _("Notitie"),
        ],
        [
            [
                d.hulpvraag.intake_datum,
                d.datum,
                d.organisatie.naam,
                d.get_soort_display(),
                d.uitkomst,
                d.uitkomst_datum,
                d.notitie,
            ]
            for d in Doorverwijzing.objects.filter(hulpvraag__in=hv_ids)
            .select_related("hulpvraag", "organisatie")
            .order_by("datum", "pk")
        ],
    )
    yield (
        _("Signalen"),
        [_("Datum"), _("Thema"), _("Signaal"), _("Organisatie")],
        [
            [s.datum, s.thema.naam, s.tekst, _naam(s.organisatie)]
            for s in Signaal.objects.filter(hulpvragen__in=hv_ids)
            .distinct()
            .select_related("thema", "organisatie")
            .order_by("datum", "pk")
        ],
    )


def _sheets_fonds(aanvragen):
    yield (
        _("Aanvragen"),
        [
            _("Referentie"),
            _("Organisatie"),
            _("Vertrouwenspersoon"),
            _("Woonplaats"),
            _("Onderwerp"),
            _("Inkomsten"),
            _("Contact met formeel"),
            _("Gevraagd bedrag"),
            _("Motivatie"),
            _("Status"),
            _("Ingediend op"),
            _("Besloten op"),
            _("Toegekend bedrag"),
            _("Toelichting besluit"),
            _("Vraag van de commissie"),
            _("Antwoord van de aanvrager"),
            _("Uitbetaald bedrag"),
            _("Uitbetaald op"),
            _("Uitbetaald aan"),
            _("Voorliggende voorziening"),
            _("Resultaat voorliggende voorziening"),
        ],
        [
            [
                a.referentie,
                _naam(a.organisatie),
                _naam(a.vertrouwenspersoon),
                a.get_woonplaats_display(),
                a.get_onderwerp_display(),
                a.get_inkomsten_display(),
                _("ja") if a.contact_formeel else _("nee"),
                a.gevraagd_bedrag,
                a.motivatie,
                a.get_status_display(),
                a.ingediend_op,
                a.besloten_op,
                a.toegekend_bedrag,
                a.besluit_toelichting,
                a.informatievraag,
                a.informatieantwoord,
                a.uitbetaald_bedrag,
                a.uitbetaald_op,
                a.get_uitbetaald_aan_display(),
                a.get_voorziening_display(),
                a.get_voorziening_resultaat_display(),
            ]
            for a in aanvragen
        ],
    )
    yield (
        _("Beoordelingen"),
        [_("Aanvraag"), _("Datum"), _("Lid"), _("Oordeel"), _("Bedrag"), _("Motivering")],
        [
            [b.aanvraag.referentie, _local(b.datum), _user(b.lid), b.get_stem_display()]
            + [b.bedrag, b.motivering]
            for b in Beoordeling.objects.filter(aanvraag__in=aanvragen)
            .select_related("aanvraag", "lid")
            .order_by("aanvraag__referentie", "datum", "pk")
        ],
    )
    yield (
        _("Verloop aanvragen"),
        [_("Aanvraag"), _("Op"), _("Actie"), _("Van"), _("Naar"), _("Door"), _("Toelichting")],
        [
            [o.aanvraag.referentie, _local(o.op), o.get_actie_display(), o.get_van_display()]
            + [o.get_naar_display(), _user(o.door), o.toelichting]
            for o in Overgang.objects.filter(aanvraag__in=aanvragen)
            .select_related("aanvraag", "door")
            .order_by("aanvraag__referentie", "op", "pk")
        ],
    )
    yield (
        _("Bijlagen"),
        [_("Aanvraag"), _("Soort"), _("Bestandsnaam"), _("Type"), _("Grootte"), _("Geüpload")],
        [
            [b.aanvraag.referentie, b.get_soort_display(), b.naam, b.content_type, b.grootte]
            + [_local(b.geupload_op)]
            for b in Bijlage.objects.filter(aanvraag__in=aanvragen)
            .select_related("aanvraag")
            .order_by("aanvraag__referentie", "pk")
        ],
    )
    yield from _sheets_keten(aanvragen)


def _sheets_keten(aanvragen):
    """Issue 21: the papers checklist (state, by whom, when), the loans and their repayments."""
    yield (
        _("Checklist"),
        [_("Aanvraag"), _("Stuk"), _("Status"), _("Door"), _("Op")],
        [
            [c.aanvraag.referentie, c.get_soort_display(), c.get_status_display()]
            + [_user(c.door), _local(c.op)]
            for c in ChecklistItem.objects.filter(aanvraag__in=aanvragen)
            .select_related("aanvraag", "door")
            .order_by("aanvraag__referentie", "soort")
        ],
    )
    yield (
        _("Leningen"),
        [
            _("Aanvraag"),
            _("Geleend bedrag"),
            _("Aflossing per maand"),
            _("Eerste maand"),
            _("Kwijtgescholden op"),
            _("Kwijtgescholden bedrag"),
            _("Reden kwijtschelding"),
        ],
        [
            [le.aanvraag.referentie, le.bedrag, le.per_maand, le.eerste_maand]
            + [le.kwijtgescholden_op, le.kwijtgescholden_bedrag, le.kwijtschelding_reden]
            for le in Lening.objects.filter(aanvraag__in=aanvragen)
            .select_related("aanvraag")
            .order_by("aanvraag__referentie")
        ],
    )
    yield (
        _("Aflossingen"),
        [_("Aanvraag"), _("Datum"), _("Bedrag")],
        [
            [a.lening.aanvraag.referentie, a.datum, a.bedrag]
            for a in Aflossing.objects.filter(lening__aanvraag__in=aanvragen)
            .select_related("lening__aanvraag")
            .order_by("lening__aanvraag__referentie", "datum", "pk")
        ],
    )


def _sheets_betalingen(aanvragen):
    """Whom the fund paid for the household (issue 21), and the decision letters made."""
    yield (
        _("Crediteuren"),
        [_("Aanvraag"), _("Crediteur"), _("IBAN"), _("Betalingskenmerk"), _("Betaalbatch")]
        + [_("Betaald op")],
        [
            [c.aanvraag.referentie, c.naam, c.iban, c.kenmerk, str(c.batch or "")]
            + [c.batch.betaald_op if c.batch else None]
            for c in Crediteur.objects.filter(aanvraag__in=aanvragen)
            .select_related("aanvraag", "batch")
            .order_by("aanvraag__referentie")
        ],
    )
    yield (
        _("Besluitbrieven"),
        [_("Aanvraag"), _("Gemaakt op"), _("Status"), _("Bestandsnaam")],
        [
            [b.aanvraag.referentie, _local(b.gemaakt_op), b.get_status_display(), b.bestandsnaam]
            for b in Besluitbrief.objects.filter(aanvraag__in=aanvragen)
            .select_related("aanvraag")
            .order_by("aanvraag__referentie", "gemaakt_op", "pk")
        ],
    )


def toegangslog_entries(hh: Huishouden, hulpvragen, aanvragen):
    """Access-log entries about the household, its persons, help requests, applications and
    their attachments (records are named in the log by model label and id)."""

    def about(label, ids):
        return Q(object_type=label, object_id__in=[str(i) for i in ids])

    bijlagen = set(Bijlage.objects.filter(aanvraag__in=aanvragen).values_list("pk", flat=True))
    bijlagen |= set(
        Bijlage.history.filter(aanvraag_id__in=[a.pk for a in aanvragen]).values_list(
            "id", flat=True
        )
    )
    query = (
        about("hulpvragen.huishouden", [hh.pk])
        | about("hulpvragen.hulpvrager", hh.personen.values_list("pk", flat=True))
        | about("hulpvragen.hulpvraag", [h.pk for h in hulpvragen])
        | about("noodfonds.aanvraag", [a.pk for a in aanvragen])
        | about("noodfonds.bijlage", bijlagen)
        | about(
            "noodfonds.besluitbrief",
            Besluitbrief.objects.filter(aanvraag__in=aanvragen).values_list("pk", flat=True),
        )
    )
    return Toegangslog.objects.filter(query).order_by("tijdstip", "pk")


class InzageExport(Exporter):
    """The right-of-access workbook of one household: a sheet per kind of record, then every
    change and every access-log entry about it."""

    def __init__(self, huishouden: Huishouden):
        self.huishouden = huishouden

    def filename(self):
        return f"inzage-{self.huishouden.referentie}.xlsx"

    def lists(self):
        hh = self.huishouden
        hulpvragen = list(
            Hulpvraag.objects.filter(huishouden=hh)
            .select_related("hulpvrager", "pilot", "vertrouwenspersoon")
            .prefetch_related("themas")
            .order_by("intake_datum", "pk")
        )
        aanvragen = list(
            hh.aanvragen.select_related("organisatie", "vertrouwenspersoon").order_by("referentie")
        )
        yield Sheet(_("Huishouden"), [_("Veld"), _("Waarde")], _huishouden_rows(hh), [30, 50])
        for title, header, rows in (
            *_sheets_casework(hh, hulpvragen),
            *_sheets_fonds(aanvragen),
            *_sheets_betalingen(aanvragen),
        ):
            yield Sheet(title, header, rows)
        yield Sheet(
            _("Wijzigingen"),
            [_("Op"), _("Door"), _("Gegeven"), _("Wat"), _("Veld"), _("Van"), _("Naar")],
            (
                [_local(w.op), w.door, w.record, w.reden or w.soort_label(), *veld]
                for w in selectors.alle_wijzigingen(hh)
                for veld in (w.velden or [("", "", "")])
            ),
        )
        yield Sheet(
            _("Toegangslog"),
            [_("Tijdstip"), _("Gebruiker"), _("Actie"), _("Resultaat"), _("Pagina"), _("Gegeven")],
            (
                [_local(e.tijdstip), e.gebruikersnaam, e.get_actie_display()]
                + [e.get_resultaat_display(), e.view, f"{e.object_type} {e.object_ref}"]
                for e in toegangslog_entries(hh, hulpvragen, aanvragen)
            ),
        )


@achtergrondtaak
def inzage_als_taak(*, voortgang, gebruiker_id: int, referentie: str) -> Uitkomst:
    """The right-of-access file as a background job, for a user who may still see the household
    (the worker checks the scope again)."""
    gebruiker = get_user_model().objects.get(pk=gebruiker_id)
    huishouden = Huishouden.objects.visible_to(gebruiker).get(referentie=referentie)
    return export_uitkomst(InzageExport(huishouden), voortgang)


# --- a trusted person's right of access (issue 22 §3, §6) ---------------------------------------


class VertrouwenspersoonInzageExport(Exporter):
    """The right-of-access workbook of one trusted person: their record with the onboarding,
    their expense claims with the receipts' names and what became of them, and the flat
    allowances paid to them. (The receipts themselves are downloaded from each claim.)"""

    def __init__(self, persoon):
        self.persoon = persoon

    def filename(self):
        return f"inzage-vertrouwenspersoon-{self.persoon.uuid}.xlsx"

    def lists(self):
        vp = self.persoon
        yield Sheet(
            _("Vertrouwenspersoon"),
            [_("Veld"), _("Waarde")],
            [
                (_("Naam"), vp.naam),
                (_("Organisatie"), _naam(vp.organisatie)),
                (_("Status"), vp.get_status_display()),
                (_("Startdatum"), vp.startdatum),
                (_("Einddatum"), vp.einddatum),
                (_("Telefoon"), vp.telefoon),
                (_("Datum VOG"), vp.vog_datum),
                (_("Geheimhoudingsverklaring getekend op"), vp.geheimhouding_datum),
                (_("Opleiding afgerond op"), vp.opleiding_afgerond_op),
                (_("Reden vrijstelling"), vp.vrijstelling_reden),
                (_("Datum vrijstelling"), vp.vrijstelling_datum),
            ],
            [30, 50],
        )
        yield Sheet(
            _("Declaraties"),
            [
                _("Datum"),
                _("Soort"),
                _("Omschrijving"),
                _("Bedrag (€)"),
                _("Status"),
                _("Beoordeeld op"),
                _("Toelichting"),
                _("Bon"),
                _("Bon verwijderd op"),
            ],
            [
                [
                    d.datum,
                    d.get_soort_display(),
                    d.omschrijving,
                    d.bedrag,
                    d.get_status_display(),
                    _local(d.beoordeeld_op),
                    d.toelichting,
                    d.bon_naam,
                    _local(d.bon_verwijderd_op),
                ]
                for d in Declaratie.objects.filter(vertrouwenspersoon=vp).order_by("datum", "pk")
            ],
        )
        yield Sheet(
            _("Leeruren"),
            [_("Datum"), _("Soort"), _("Uren"), _("Omschrijving")],
            [
                [u.datum, u.get_soort_display(), u.uren, u.omschrijving]
                for u in Leeruur.objects.filter(vertrouwenspersoon=vp).order_by("datum", "pk")
            ],
        )
        yield Sheet(
            _("Ontwikkelstappen"),
            [_("Datum"), _("Soort"), _("Toelichting")],
            [
                [s.datum, s.get_soort_display(), s.toelichting]
                for s in Ontwikkelstap.objects.filter(vertrouwenspersoon=vp).order_by("datum", "pk")
            ],
        )
        yield from _sheets_opleiding(Deelname.objects.filter(vertrouwenspersoon=vp))
        yield Sheet(
            _("Vrijwilligersvergoeding"),
            [_("Datum"), _("Bedrag (€)"), _("Omschrijving")],
            [
                [b.datum, b.bedrag, b.omschrijving]
                for b in Vrijwilligersvergoeding.objects.filter(vertrouwenspersoon=vp).order_by(
                    "datum", "pk"
                )
            ],
        )


# --- a candidate's right of access: someone enrolled in the training, not a trusted person yet ---


class DeelnameInzageExport(Exporter):
    """The right-of-access workbook of one candidate of the training: what they gave at the
    enrolment, and their training (enrolment, attendance, measurements). A trusted person's
    enrolments are in their own file (`VertrouwenspersoonInzageExport`)."""

    def __init__(self, deelname):
        self.deelname = deelname

    def filename(self):
        return f"inzage-kandidaat-{self.deelname.uuid}.xlsx"

    def lists(self):
        d = self.deelname
        yield Sheet(
            _("Kandidaat"),
            [_("Veld"), _("Waarde")],
            [
                (_("Naam"), d.kandidaat_naam),
                (_("Telefoon"), d.kandidaat_telefoon),
                (_("E-mail"), d.kandidaat_email),
                (_("Organisatie"), _naam(d.kandidaat_organisatie)),
            ],
            [30, 50],
        )
        yield from _sheets_opleiding(Deelname.objects.filter(pk=d.pk))


def _sheets_opleiding(deelnames):
    """The training of these enrolments (a queryset): the enrolments, the attendance, the
    measurements."""
    deelnames = list(deelnames.select_related("cohort__pilot").order_by("cohort__startdatum", "pk"))
    ids = [d.pk for d in deelnames]
    yield Sheet(
        _("Opleiding"),
        [
            _("Cohort"),
            _("Pilot"),
            _("Intakedatum"),
            _("Status"),
            _("Datum status"),
            _("Datum certificaat"),
        ],
        [
            [
                d.cohort.naam,
                _naam(d.cohort.pilot),
                d.intake_datum,
                d.get_status_display(),
                d.status_datum,
                d.certificaat_datum,
            ]
            for d in deelnames
        ],
    )
    yield Sheet(
        _("Aanwezigheid"),
        [_("Cohort"), _("Datum"), _("Bijeenkomst"), _("Onderwerp"), _("Aanwezigheid")],
        [
            [
                a.bijeenkomst.cohort.naam,
                a.bijeenkomst.datum,
                a.bijeenkomst.get_soort_display(),
                a.bijeenkomst.onderwerp,
                a.get_status_display(),
            ]
            for a in Aanwezigheid.objects.filter(deelname_id__in=ids)
            .select_related("bijeenkomst__cohort")
            .order_by("bijeenkomst__datum", "pk")
        ],
    )
    yield Sheet(
        _("Metingen"),
        [
            _("Cohort"),
            _("Meting"),
            _("Datum"),
            *(label for _veld, label in LEVENSDOMEINEN),
            _("Toelichting"),
        ],
        [
            [
                m.deelname.cohort.naam,
                m.get_soort_display(),
                m.datum,
                *(getattr(m, veld) for veld, _label in LEVENSDOMEINEN),
                m.toelichting,
            ]
            for m in Meting.objects.filter(deelname_id__in=ids)
            .select_related("deelname__cohort")
            .order_by("datum", "pk")
        ],
    )
