"""Dutch by default, English through the language switch; and the English catalogue complete.

The UI's source strings are Dutch. `locale/en/LC_MESSAGES/django.po` holds the English text and
its compiled `django.mo` is committed, so no gettext is needed at run time. A new string in the code
or a template without an English translation makes this suite red: run `make messages`, translate
the new entries in the .po (no fuzzy entries), and commit the .po and the .mo.
"""

import gettext
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\([^)]+\)[sd]|%[sd]|%%")

# What `make messages` leaves out of the scan (keep in step with the Makefile).
NOT_SCANNED = {".venv", ".git", "static", "staticfiles", "media", "tests", "bench", "locale"}


# A small reader for the .po format (no dependency needed for the little we check).


def _unquote(text):
    text = text.strip()[1:-1]
    replacements = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: replacements.get(m.group(1), m.group(0)), text)


def read_po(path):
    """The entries of a .po file as dicts: msgctxt, msgid, msgid_plural, msgstr (a list: one
    string, or one per plural form), flags. The header and obsolete (#~) entries are left out."""
    entries = []
    for block in re.split(r"\n\s*\n", Path(path).read_text(encoding="utf-8").strip()):
        entry = {"flags": set(), "msgstr": []}
        field = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                if field.startswith("msgstr"):
                    entry["msgstr"][-1] += _unquote(line)
                else:
                    entry[field] += _unquote(line)
            else:
                field, _sep, value = line.partition(" ")
                if field.startswith("msgstr"):
                    entry["msgstr"].append(_unquote(value))
                else:
                    entry[field] = _unquote(value)
        if entry.get("msgid"):
            entries.append(entry)
    return entries


def incomplete(entries):
    """The msgids without a usable translation: an empty msgstr (a plural form too) or fuzzy."""
    return [
        entry["msgid"] for entry in entries if "fuzzy" in entry["flags"] or not all(entry["msgstr"])
    ]


def _tool(name):
    """The gettext tool's path; without it skip, and fail under CI (CI=true)."""
    path = shutil.which(name)
    if path is None:
        reason = f"GNU gettext's {name} is not installed (apt-get install gettext)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return path


# The pages.


@pytest.fixture
def english(client):
    """Switch the client to English the way the footer's language form does."""
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


@pytest.mark.django_db
def test_login_page_is_dutch_by_default(client):
    html = client.get(reverse("login")).content.decode()

    assert '<html lang="nl">' in html
    assert "<h1" in html and "Inloggen</h1>" in html
    assert "Gebruikersnaam" in html  # Django's own Dutch translation of the auth form
    assert "Wachtwoord" in html
    assert "Naar de inhoud" in html
    assert "Log in" not in html


@pytest.mark.django_db
def test_login_page_follows_the_browser_language(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="en">' in html
    assert "Log in</h1>" in html
    assert "Username" in html
    assert "Password" in html
    assert "Skip to content" in html
    assert "Inloggen" not in html


@pytest.mark.django_db
def test_wrong_password_is_explained_in_both_languages(client, coordinator):
    data = {"username": coordinator.username, "password": "niet-het-wachtwoord"}

    dutch = client.post(reverse("login"), data).content.decode()
    english = client.post(reverse("login"), data, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Voer een juiste gebruikersnaam en wachtwoord in" in dutch
    assert "Please enter a correct username and password" in english


def test_language_switch_keeps_the_choice_for_the_next_pages(client, coordinator):
    client.force_login(coordinator)
    dutch = client.get(reverse("home"), follow=True).content.decode()

    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("home")}, follow=True
    )
    english = response.content.decode()

    assert response.redirect_chain[0][0] == reverse("home")  # and on to the start page
    assert response.redirect_chain[-1][0] == reverse("hulpvragen:overzicht")
    for nl, en in [
        ("Kwartaalrapportage", "Quarterly report"),
        ("Uitloggen", "Log out"),
        ("Sociale kaart", "Social map"),
        ("In beeld houden", "Watch list"),  # the start page's heading
    ]:
        assert nl in dutch and en not in dutch
        assert en in english and nl not in english
    # The switch shows each language in its own language, the current one selected.
    assert '<option value="en" selected>English</option>' in english
    assert '<option value="nl">Nederlands</option>' in english


def test_casework_list_in_english(english, coordinator):
    english.force_login(coordinator)

    html = english.get(reverse("hulpvragen:hulpvraag_list")).content.decode()

    assert "<h1" in html and "Help requests</h1>" in html
    assert "New intake" in html
    assert "Filters and search" in html
    assert "No help requests found." in html
    assert "Nieuwe intake" not in html


def test_casework_list_in_dutch(client, coordinator):
    client.force_login(coordinator)

    html = client.get(reverse("hulpvragen:hulpvraag_list")).content.decode()

    assert "Hulpvragen</h1>" in html
    assert "Nieuwe intake" in html
    assert "Geen hulpvragen gevonden." in html


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        ("nl", ["Toon rapportage", "Kerncijfers", "Peildatum"], ["Key figures"]),
        ("en", ["Show report", "Key figures", "Reference date"], ["Kerncijfers"]),
    ],
)
def test_report_page_in_both_languages(client, coordinator, language, expected, absent):
    client.force_login(coordinator)

    response = client.get(
        reverse("rapportage:rapport"), {"peildatum": "2021-03-31"}, HTTP_ACCEPT_LANGUAGE=language
    )

    html = response.content.decode()
    assert response.status_code == 200
    for text in expected:
        assert text in html
    for text in absent:
        assert text not in html


def test_model_and_choice_labels_follow_the_language(db):
    from hulpvragen.choices import ContactSoort
    from hulpvragen.models import Huishouden

    with translation.override("en"):
        assert str(Huishouden._meta.verbose_name) == "household"
        assert str(ContactSoort.HUISBEZOEK.label) == "Home visit"
    with translation.override("nl"):
        assert str(Huishouden._meta.verbose_name) == "huishouden"
        assert str(ContactSoort.HUISBEZOEK.label) == "Huisbezoek"


def test_help_request_form_labels_follow_the_language(db):
    from hulpvragen.forms import HulpvraagForm
    from tests.factories import HuishoudenFactory

    huishouden = HuishoudenFactory()
    with translation.override("en"):
        form = HulpvraagForm(huishouden=huishouden)
        assert str(form.fields["hulpvrager"].label) == "Person asking for help"
        assert str(form.fields["omschrijving"].label) == "Description"


def test_help_text_with_a_number_is_not_frozen_at_import():
    from noodfonds.forms import BijlageForm  # imported long before, in the default language

    with translation.override("en"):
        assert str(BijlageForm().fields["bestand"].help_text).startswith("PDF, JPEG or PNG")
    with translation.override("nl"):
        assert str(BijlageForm().fields["bestand"].help_text).startswith("PDF, JPEG of PNG")


# The catalogue.


def test_english_catalogue_is_complete():
    entries = read_po(EN_PO)

    assert len(entries) > 500
    missing = incomplete(entries)
    assert not missing, f"{len(missing)} untranslated or fuzzy entries in {EN_PO}: {missing[:20]}"


def test_english_translations_keep_the_placeholders():
    wrong = []
    for entry in read_po(EN_PO):
        sources = [entry["msgid"], entry.get("msgid_plural", entry["msgid"])]
        for source, target in zip(sources, entry["msgstr"], strict=False):
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(target)):
                wrong.append((source, target))
    assert not wrong


def test_committed_mo_matches_the_po():
    """The committed .mo says what the .po says (read with Python's gettext, so independent of
    the msgfmt version that compiled it)."""
    for language in ("en", "nl"):
        po = LOCALE / language / "LC_MESSAGES" / "django.po"
        with open(po.with_suffix(".mo"), "rb") as mo:
            compiled = gettext.GNUTranslations(mo)
        stale = []
        for entry in read_po(po):
            msgid, msgstr = entry["msgid"], entry["msgstr"]
            usable = all(msgstr) and "fuzzy" not in entry["flags"]
            if "msgid_plural" in entry:
                expected = msgstr if usable else [msgid, entry["msgid_plural"]]
                found = [compiled.ngettext(msgid, entry["msgid_plural"], n) for n in (1, 2)]
            else:
                expected = msgstr[0] if usable else msgid
                found = compiled.gettext(msgid)
                if "msgctxt" in entry:
                    found = compiled.pgettext(entry["msgctxt"], msgid)
            if found != expected:
                stale.append(msgid)
        assert not stale, (
            f"{po.with_suffix('.mo')} is older than the .po (make messages): {stale[:10]}"
        )


def test_catalogues_pass_msgfmt_check(tmp_path):
    msgfmt = _tool("msgfmt")
    for language in ("en", "nl"):
        po = LOCALE / language / "LC_MESSAGES" / "django.po"
        result = subprocess.run(
            [msgfmt, "--check", "--statistics", "-o", str(tmp_path / "out.mo"), str(po)],
            capture_output=True,
            text=True,
            env={**os.environ, "LC_ALL": "C"},
        )
        assert result.returncode == 0, result.stderr
        if language == "en":
            assert "untranslated" not in result.stderr, result.stderr
            assert "fuzzy" not in result.stderr, result.stderr


def _copy_sources(target):
    """The files makemessages reads (.py, .html, .txt), without what `make messages` ignores."""

    def ignore(directory, names):
        top = Path(directory) == Path(settings.BASE_DIR)
        return [
            name
            for name in names
            if (top and name in NOT_SCANNED)
            or name in {"__pycache__", "node_modules"}
            or (
                Path(directory, name).is_file()
                and Path(name).suffix not in {".py", ".html", ".txt"}
            )
        ]

    shutil.copytree(settings.BASE_DIR, target, ignore=ignore)


def test_every_string_in_the_code_has_an_english_translation(tmp_path, monkeypatch):
    """makemessages on a copy of the sources, merged into a copy of the English catalogue: nothing
    may come out untranslated. Red here = new or changed strings: run `make messages` and
    translate them."""
    _tool("xgettext")
    _tool("msgmerge")
    source = tmp_path / "src"
    _copy_sources(source)
    (source / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(EN_PO, source / "locale" / "en" / "LC_MESSAGES" / "django.po")
    monkeypatch.chdir(source)

    with override_settings(LOCALE_PATHS=[source / "locale"]):
        call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)

    missing = incomplete(read_po(source / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    assert not missing, (
        f"{len(missing)} strings without an English translation (run `make messages` and "
        f"translate them in {EN_PO.relative_to(settings.BASE_DIR)}): {missing[:20]}"
    )
