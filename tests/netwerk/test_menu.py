"""Issue 18 §2: the main menu in groups. A coordinator's sixteen pages fit in at most six groups at
the top; every page a role had in the menu is still there, in a group that folds open without
script (<details>); a group of one page is that page's link."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

# Every page each role found in the menu before the groups (and still must).
PAGES = {
    "coordinator": [
        "hulpvragen:huishouden_list",
        "hulpvragen:hulpvraag_list",
        "hulpvragen:intake",
        "hulpvragen:overzicht",
        "hulpvragen:signaal_list",
        "noodfonds:aanvraag_list",
        "noodfonds:budget",
        "opleiding:cohort_list",
        "rapportage:rapport",
        "registratie:registratie",
        "netwerk:organisatie_list",
        "netwerk:vertrouwenspersoon_list",
        "netwerk:gebruiker_list",
        "privacy:toegangslog_list",
        "meldingen:inbox",
        "taken:mijn",
        "tweestaps",
    ],
    "vp_a": [
        "hulpvragen:mijn",
        "hulpvragen:huishouden_list",
        "hulpvragen:hulpvraag_list",
        "hulpvragen:intake",
        "hulpvragen:signaal_list",
        "noodfonds:aanvraag_list",
        "opleiding:cohort_list",
        "netwerk:organisatie_list",
        "meldingen:inbox",
    ],
    "commissie": ["noodfonds:commissie", "netwerk:organisatie_list", "meldingen:inbox"],
    "opleider": ["opleiding:cohort_list", "netwerk:organisatie_list", "meldingen:inbox"],
    "outsider": ["netwerk:organisatie_list", "meldingen:inbox"],
}


class Menu(HTMLParser):
    """The main menu (#hoofdmenu) as its top-level items: each a link or a group (<details>)
    with its name (<summary>) and the links inside."""

    def __init__(self):
        super().__init__()
        self.top = []  # [{"summary": str | None, "links": [href]}]
        self.depth = 0  # <ul>s open inside #hoofdmenu
        self.in_menu = False
        self.div_depth = 0
        self.in_summary = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id") == "hoofdmenu":
            self.in_menu, self.div_depth = True, 0
        if not self.in_menu:
            return
        if tag == "div":
            self.div_depth += 1
        elif tag == "ul":
            self.depth += 1
        elif tag == "li" and self.depth == 1:
            self.top.append({"summary": None, "links": []})
        elif tag == "summary" and self.depth == 1:
            self.in_summary = True
            self.top[-1]["summary"] = ""
        elif tag in ("a", "form") and self.top:
            self.top[-1]["links"].append(attrs.get("href") or attrs.get("action"))

    def handle_endtag(self, tag):
        if not self.in_menu:
            return
        if tag == "ul":
            self.depth -= 1
        elif tag == "summary":
            self.in_summary = False
        elif tag == "div":
            self.div_depth -= 1
            if self.div_depth == 0:
                self.in_menu = False

    def handle_data(self, data):
        if self.in_summary:
            self.top[-1]["summary"] += data


def menu_of(client, user):
    client.force_login(user)
    menu = Menu()
    menu.feed(client.get(reverse("home"), follow=True).content.decode())
    return menu.top


@pytest.mark.parametrize("role", PAGES)
def test_menu_has_at_most_six_groups_and_keeps_every_page_of_the_role(client, users, role):
    top = menu_of(client, users[role])

    assert 1 <= len(top) <= 6
    links = {href for item in top for href in item["links"]}
    assert {reverse(name) for name in PAGES[role]} <= links


def test_coordinators_menu_is_six_groups(client, coordinator):
    top = menu_of(client, coordinator)

    names = [" ".join((item["summary"] or "").split()) for item in top]
    assert len(top) == 6
    assert names[:4] == ["Hulpvragen", "Noodfonds", "Rapportage", "Netwerk"]
    assert names[4] == ""  # "Meldingen": a link of its own, with the unread count
    assert names[5] == "Account van coord"  # downloads, two-factor and logging out
    assert reverse("logout") in top[5]["links"]


@pytest.mark.parametrize(
    ("role", "group"),
    [("coordinator", "Rapportage"), ("orgcoordinator", "Rapportage"), ("vp_a", "Hulpvragen")],
)
def test_the_completeness_page_is_in_the_menu_once(client, users, role, group):
    """Issue 23 §3: coordinators find it beside the report, trusted persons beside their work."""
    top = menu_of(client, users[role])

    url = reverse("hulpvragen:volledigheid")
    holding = [" ".join((item["summary"] or "").split()) for item in top if url in item["links"]]
    assert holding == [group]


def test_a_group_of_one_page_is_a_link_named_after_the_group(client, vp_a):
    client.force_login(vp_a.user)

    html = client.get(reverse("home"), follow=True).content.decode()

    assert f'<a class="nav-link" href="{reverse("noodfonds:aanvraag_list")}">Noodfonds</a>' in html


def test_the_current_page_is_marked_in_its_group(client, coordinator):
    client.force_login(coordinator)

    html = client.get(reverse("noodfonds:budget")).content.decode()

    assert f'href="{reverse("noodfonds:budget")}" aria-current="page"' in html
    assert '<summary class="nav-link active">Noodfonds</summary>' in html
