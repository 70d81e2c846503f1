"""The main menu (templates/includes/nav.html) as groups of links, by role: at most six at the top
for anyone (the groups here, then "Meldingen" and the account menu in base.html). A group with
one link shows as one link, named after the group (but "Sociale kaart" stays itself). Links
appear only when the role has the page and the page exists; the views decide access. URL names,
not imports: the pages live in the apps above."""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from netwerk.roles import Rol, roles_of

COORDINATOR = Rol.COORDINATOR.value
ORGCOORDINATOR = Rol.ORGCOORDINATOR.value
VERTROUWENSPERSOON = Rol.VERTROUWENSPERSOON.value
COMMISSIE = Rol.FONDSCOMMISSIE.value
OPLEIDER = Rol.OPLEIDER.value
GEEN_ROL = ""  # a user without a role (yet) sees the social map
CASEWORK = {COORDINATOR, ORGCOORDINATOR, VERTROUWENSPERSOON}
COORDINATIE = {COORDINATOR, ORGCOORDINATOR}
ALLEN = {COORDINATOR, ORGCOORDINATOR, VERTROUWENSPERSOON, COMMISSIE, OPLEIDER, GEEN_ROL}

# (group, [(label, URL name, roles that get the link[, roles that do not])]). Coordinators find
# the training under "Netwerk" (they manage trusted persons and their training together, and their
# menu stays at six groups); trainers and trusted persons in training get "Opleiding" as a group
# of its own.
GROEPEN = (
    (
        _("Hulpvragen"),
        [
            (_("Mijn huishoudens"), "hulpvragen:mijn", {VERTROUWENSPERSOON}),
            (_("In beeld"), "hulpvragen:overzicht", COORDINATIE),
            (_("Hulpvragen"), "hulpvragen:hulpvraag_list", CASEWORK),
            (_("Huishoudens"), "hulpvragen:huishouden_list", CASEWORK),
            (_("Intake"), "hulpvragen:intake", CASEWORK),
            (_("Signalen"), "hulpvragen:signaal_list", CASEWORK),
            (_("Volledigheid"), "hulpvragen:volledigheid", {VERTROUWENSPERSOON}, COORDINATIE),
        ],
    ),
    (
        _("Noodfonds"),
        [
            (_("Aanvragen"), "noodfonds:aanvraag_list", CASEWORK),
            (_("Te beoordelen"), "noodfonds:commissie", {COMMISSIE}),
            (_("Budget"), "noodfonds:budget", {COORDINATOR}),
        ],
    ),
    (
        _("Opleiding"),
        [(_("Opleiding"), "opleiding:cohort_list", {OPLEIDER, VERTROUWENSPERSOON}, {COORDINATOR})],
    ),
    (
        _("Rapportage"),
        [
            (_("Kwartaalrapportage"), "rapportage:rapport", COORDINATIE),
            (_("Volledigheid"), "hulpvragen:volledigheid", COORDINATIE),
            (_("Import/export"), "registratie:registratie", {COORDINATOR}),
        ],
    ),
    (
        _("Netwerk"),
        [
            (_("Vertrouwenspersonen"), "netwerk:vertrouwenspersoon_list", COORDINATIE),
            (_("Opleiding"), "opleiding:cohort_list", {COORDINATOR}),
            (_("Gebruikers"), "netwerk:gebruiker_list", COORDINATIE),
            (_("Sociale kaart"), "netwerk:organisatie_list", ALLEN),
            (_("Onkosten"), "onkosten:declaratie_list", {COORDINATOR, VERTROUWENSPERSOON}),
            (_("Toegangslog"), "privacy:toegangslog_list", {COORDINATOR}),
        ],
    ),
)
# a group of one link shows that link under its own name, not the group's
EIGEN_NAAM = {"netwerk:organisatie_list"}


@dataclass
class Link:
    label: str
    url: str
    actief: bool = False
    eigen_naam: bool = False


@dataclass
class Groep:
    titel: str
    links: list[Link] = field(default_factory=list)

    @property
    def actief(self) -> bool:
        return any(link.actief for link in self.links)

    @property
    def enkel(self) -> Link | None:
        """A group of one link shows as that link alone, named after the group; else None."""
        if len(self.links) != 1:
            return None
        link = self.links[0]
        return link if link.eigen_naam else Link(self.titel, link.url, link.actief)


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:  # an app that is not installed
        return None


def menu(user, path: str = "") -> list[Groep]:
    """The groups of links `user`'s roles have, the link of the page at `path` marked active."""
    rollen = set(roles_of(user)) or {GEEN_ROL}
    groepen = []
    for titel, links in GROEPEN:
        groep = Groep(str(titel))
        for label, name, voor, *behalve in links:
            if not rollen & voor or behalve and rollen & behalve[0]:
                continue
            url = _url(name)
            if url is not None:
                groep.links.append(Link(str(label), url, path == url, name in EIGEN_NAAM))
        if groep.links:
            groepen.append(groep)
    return groepen
