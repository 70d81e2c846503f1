"""The scope matrix: every URL pattern that takes a record, keyed by its URL name, with the kind of
record it takes and, per variant of that record in the walker's world (tests/urlwalker.py), the
roles that may reach it. Everyone else gets a 404 (the anonymous visitor the login page).

A new page with a record argument must get a row here, or tests/test_scope.py fails naming it.
A page that moves to another namespace: rename its key (the test names rows left without URL).

The world's variants: "a" is vp_a's at org_a (where the organisation coordinator works; cohort
"a" is the trainer's), "b" is vp_b's at org_b (cohort "b" another trainer's; application "b" a
concept the committee does not see yet). See `urlwalker.build_world`.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from tests.urlwalker import LOGGED_IN


@dataclass(frozen=True)
class Scope:
    """`record`: the kind of record the URL names (a key of `urlwalker.ARGUMENTS`). `reach`:
    variant → the roles that may reach that record through this URL. `extra`: arguments that
    are not a record (an action's slug), filled in as given."""

    record: str
    reach: Mapping[str, frozenset]
    extra: Mapping[str, str] = field(default_factory=dict)


def reach(**variants):
    """`reach(a=[...], b=[...])`: the roles per variant of the record, as frozensets."""
    return MappingProxyType({name: frozenset(roles) for name, roles in variants.items()})


# Who reaches which record, by the rule that decides it:
CASEWORK = reach(a=["coordinator", "orgcoordinator", "vp_a"], b=["coordinator", "vp_b"])
COORDINATOR = reach(a=["coordinator"], b=["coordinator"])
# what an organisation coordinator manages (trusted persons, their logins): their organisation's
MANAGED = reach(a=["coordinator", "orgcoordinator"], b=["coordinator"])
# the trusted-person record: coordinators, its organisation's coordinator, the person self
TRUSTED_PERSON = reach(a=["coordinator", "orgcoordinator", "vp_a"], b=["coordinator", "vp_b"])
# the fund committee: submitted applications only ("a"), never a concept ("b")
COMMITTEE = reach(a=["commissie"], b=[])
# an attachment: the application's casework scope, or the committee's
ATTACHMENT = reach(
    a=["coordinator", "orgcoordinator", "vp_a", "commissie"], b=["coordinator", "vp_b"]
)
# payment batches (creditors' accounts): the coordinator only
PAYMENTS = reach(a=["coordinator"])
# training: coordinators all, a trainer the cohorts of their organisation
TRAINING = reach(a=["coordinator", "opleider"], b=["coordinator"])
# an enrolment page a trusted person may open for their own enrolment; a candidate's enrolment
# (not a trusted person yet) only coordinators and the cohort's trainers
ENROLMENT = reach(
    a=["coordinator", "opleider", "vp_a"],
    b=["coordinator", "vp_b"],
    kandidaat=["coordinator", "opleider"],
)
# the training of an enrolment, a trusted person's or a candidate's
TRAINING_DEELNAME = reach(
    a=["coordinator", "opleider"], b=["coordinator"], kandidaat=["coordinator", "opleider"]
)
# the certificate of a completed enrolment: coordinators, the cohort's trainers
CERTIFICATE = reach(afgerond_a=["coordinator", "opleider"], afgerond_b=["coordinator"])

# expenses (issue 22 §6): coordinators and the claim's own trusted person; nobody else
OWN_EXPENSE = reach(a=["coordinator", "vp_a"], b=["coordinator", "vp_b"])

# a user's own job and its file: the user who started it, nobody else (coordinators neither)
OWNER = reach(a=["vp_a"], coordinator=["coordinator"])

SCOPES = {
    # background jobs ("Mijn downloads")
    "taken:detail": Scope("taak", OWNER),
    "taken:status": Scope("taak", OWNER),
    "taken:download": Scope("taak", OWNER),
    "taken:opnieuw": Scope("taak", OWNER),
    # notices: the recipient only (and only while the record it links to is in their scope)
    "meldingen:open": Scope("melding", OWNER),
    # netwerk: the social map is for everyone logged in; inactive organisations coordinators only
    "netwerk:organisatie_detail": Scope(
        "organisatie", reach(a=LOGGED_IN, opgeheven=["coordinator"])
    ),
    "netwerk:organisatie_update": Scope(
        "organisatie", reach(a=["coordinator"], opgeheven=["coordinator"])
    ),
    "netwerk:vertrouwenspersoon_detail": Scope("vertrouwenspersoon", TRUSTED_PERSON),
    "netwerk:vertrouwenspersoon_update": Scope("vertrouwenspersoon", MANAGED),
    "netwerk:vertrouwenspersoon_inwerken": Scope("vertrouwenspersoon", COORDINATOR),
    "netwerk:gebruiker_detail": Scope("gebruiker", MANAGED),
    "netwerk:gebruiker_update": Scope("gebruiker", MANAGED),
    "netwerk:gebruiker_wachtwoord": Scope("gebruiker", MANAGED),
    "netwerk:gebruiker_deactiveer": Scope("gebruiker", MANAGED),
    "netwerk:gebruiker_activeer": Scope("gebruiker", MANAGED),
    "netwerk:gebruiker_ontgrendel": Scope("gebruiker", MANAGED),
    "netwerk:gebruiker_tweestaps_reset": Scope("gebruiker", MANAGED),
    # casework
    "hulpvragen:pilot_edit": Scope("pilot", reach(a=["coordinator"])),
    "hulpvragen:huishouden_detail": Scope("huishouden", CASEWORK),
    "hulpvragen:huishouden_edit": Scope("huishouden", CASEWORK),
    # handing all of a trusted person's households over: who manages that trusted person
    "hulpvragen:overdracht": Scope("vertrouwenspersoon", MANAGED),
    "hulpvragen:huishouden_xlsx": Scope("huishouden", CASEWORK),
    "hulpvragen:hulpvrager_create": Scope("huishouden", CASEWORK),
    "hulpvragen:hulpvraag_create": Scope("huishouden", CASEWORK),
    "hulpvragen:hulpvrager_edit": Scope("hulpvrager", CASEWORK),
    "hulpvragen:hulpvraag_detail": Scope("hulpvraag", CASEWORK),
    "hulpvragen:hulpvraag_edit": Scope("hulpvraag", CASEWORK),
    "hulpvragen:hulpvraag_status": Scope("hulpvraag", CASEWORK),
    "hulpvragen:hulpvraag_soort_uitkomst": Scope("hulpvraag", CASEWORK),
    # completeness (issue 23 §3): an organisation's for coordinators and its own coordinator; a
    # trusted person's for whoever sees the trusted person
    "hulpvragen:volledigheid_organisatie": Scope(
        "organisatie", reach(a=["coordinator", "orgcoordinator"], opgeheven=["coordinator"])
    ),
    "hulpvragen:volledigheid_vertrouwenspersoon": Scope("vertrouwenspersoon", TRUSTED_PERSON),
    "hulpvragen:hulpvraag_contact": Scope("hulpvraag", CASEWORK),
    "hulpvragen:hulpvraag_nazorg": Scope("hulpvraag", CASEWORK),
    "hulpvragen:doorverwijzing_create": Scope("hulpvraag", CASEWORK),
    "hulpvragen:doorverwijzing_uitkomst": Scope("doorverwijzing", CASEWORK),
    "hulpvragen:signaal_detail": Scope("signaal", CASEWORK),
    "hulpvragen:signaal_opvolgen": Scope("signaal", COORDINATOR),
    # privacy pages of a household (moving to the privacy namespace)
    "privacy:toestemming_create": Scope("huishouden", CASEWORK),
    "privacy:toestemming_intrekken": Scope("toestemming", CASEWORK),
    "privacy:inzage_xlsx": Scope("huishouden", COORDINATOR),
    "privacy:anonimiseren": Scope("huishouden", COORDINATOR),
    # merging two records of one household or person: coordinators only
    "samenvoegen:huishouden": Scope("huishouden", COORDINATOR),
    "samenvoegen:hulpvrager": Scope("hulpvrager", COORDINATOR),
    # fund: casework pages by the application's scope; the committee only submitted ones
    "noodfonds:aanvraag_detail": Scope("aanvraag", CASEWORK),
    "noodfonds:aanvraag_update": Scope("aanvraag", CASEWORK),
    "noodfonds:aanvraag_actie": Scope("aanvraag", CASEWORK, extra={"actie": "intrekken"}),
    "noodfonds:bijlage_upload": Scope("aanvraag", CASEWORK),
    "noodfonds:aanvraag_checklist": Scope("aanvraag", CASEWORK),
    "noodfonds:aanvraag_lening": Scope("aanvraag", COORDINATOR),
    "noodfonds:aanvraag_aflossing": Scope("aanvraag", COORDINATOR),
    "noodfonds:aanvraag_kwijtschelden": Scope("aanvraag", COORDINATOR),
    "noodfonds:bijlage_download": Scope("bijlage", ATTACHMENT),
    "noodfonds:bijlage_delete": Scope("bijlage", CASEWORK),
    "noodfonds:crediteur_opslaan": Scope("aanvraag", CASEWORK),
    "noodfonds:besluitbrief_maken": Scope("aanvraag", CASEWORK),
    # the letter names the creditor and the account: casework only, never the committee
    "noodfonds:besluitbrief_download": Scope("besluitbrief", CASEWORK),
    "noodfonds:batch_detail": Scope("betaalbatch", PAYMENTS),
    "noodfonds:batch_download": Scope("betaalbatch", PAYMENTS),
    "noodfonds:batch_betaald": Scope("betaalbatch", PAYMENTS),
    "noodfonds:batch_delete": Scope("betaalbatch", PAYMENTS),
    "noodfonds:batch_uit": Scope("batchregel", PAYMENTS),
    "noodfonds:commissie_detail": Scope("aanvraag", COMMITTEE),
    "noodfonds:commissie_beoordelen": Scope("aanvraag", COMMITTEE),
    "noodfonds:commissie_meer_informatie": Scope("aanvraag", COMMITTEE),
    "noodfonds:commissie_oordeel_wijzigen": Scope("aanvraag", COMMITTEE),
    # training
    "onkosten:declaratie_detail": Scope("declaratie", OWN_EXPENSE),
    "privacy:inzage_vertrouwenspersoon": Scope("vertrouwenspersoon", COORDINATOR),
    # a candidate's file: "a" and "b" are trusted persons' enrolments (theirs is in their own file)
    "privacy:inzage_deelname": Scope("deelname", reach(a=[], b=[], kandidaat=["coordinator"])),
    "onkosten:bon_download": Scope("declaratie", OWN_EXPENSE),
    "onkosten:declaratie_beoordelen": Scope("declaratie", COORDINATOR),
    "opleiding:cohort_detail": Scope("cohort", TRAINING),
    "opleiding:cohort_update": Scope("cohort", COORDINATOR),
    "opleiding:bijeenkomst_create": Scope("cohort", TRAINING),
    "opleiding:deelname_create": Scope("cohort", TRAINING),
    "opleiding:cohort_metingen": Scope("cohort", TRAINING),
    "opleiding:cohort_ontwikkeling": Scope("cohort", TRAINING),
    "opleiding:export_aanwezigheid": Scope("cohort", TRAINING),
    "opleiding:export_metingen": Scope("cohort", TRAINING),
    "opleiding:aanwezigheid": Scope("bijeenkomst", TRAINING),
    "opleiding:bijeenkomst_update": Scope("bijeenkomst", TRAINING),
    "opleiding:bijeenkomst_delete": Scope("bijeenkomst", TRAINING),
    "opleiding:deelname_detail": Scope("deelname", ENROLMENT),
    "opleiding:deelname_update": Scope("deelname", COORDINATOR),
    "opleiding:certificaat": Scope("deelname", COORDINATOR),
    "opleiding:certificaat_pdf": Scope("deelname", CERTIFICATE),
    "opleiding:meting_edit": Scope("deelname", TRAINING_DEELNAME, extra={"soort": "0"}),
    "opleiding:ontwikkelstap_create": Scope("deelname", TRAINING),
    "opleiding:leeruur_create": Scope("deelname", TRAINING),
    "opleiding:leeruur_delete": Scope("leeruur", TRAINING),
    "opleiding:ontwikkelstap_update": Scope("ontwikkelstap", TRAINING),
    "opleiding:ontwikkelstap_delete": Scope("ontwikkelstap", TRAINING),
}
