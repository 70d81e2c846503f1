"""Issue 23 §1: the matching rule (selectors.mogelijke_dubbelen) on a small fixed set of names,
true and false positives: accents, typos, swapped first and last names, birth years, phone
numbers and postcodes. Runs on the database of the run (SQLite; PostgreSQL with DATABASE_URL:
there the database narrows by pg_trgm, the decision is the same)."""

import pytest
from django.core.exceptions import ValidationError

from hulpvragen import selectors, services
from hulpvragen.choices import DubbelReden
from tests.factories import HuishoudenFactory, HulpvragerFactory

pytestmark = pytest.mark.django_db

# name, birth year, phone, postcode of the stored persons (one household each)
STORED = {
    "jose": ("José Pérez", 1980, "06-12345678", "1094 AB"),
    "fatima": ("Fatima El Amrani", 1975, "", "1093 KL"),
    "piet": ("Piet Jansen", 1990, "", ""),
    "mohammed": ("Mohammed Yilmaz", 1985, "020 123 4567", ""),
    "maria": ("Maria Santos", 1962, "", "1095 CD"),
    "jan": ("Jan de Vries", 1950, "", ""),
    "ayse": ("Ayşe Demir", None, "", ""),
    "gul": ("Gül Çelik", 1980, "", ""),
}


@pytest.fixture
def stored():
    people = {}
    for key, (naam, jaar, telefoon, postcode) in STORED.items():
        huishouden = HuishoudenFactory(postcode=postcode)
        people[key] = HulpvragerFactory(
            huishouden=huishouden, naam=naam, geboortejaar=jaar, telefoon=telefoon
        )
    return people


def found(**vraag) -> dict[str, tuple]:
    """The stored persons found for `vraag`, by their key in STORED, with their reasons."""
    by_id = {}
    for d in selectors.mogelijke_dubbelen(**vraag):
        by_id[d.hulpvrager_id] = d.redenen
    return by_id


def keys(stored, **vraag) -> set[str]:
    hits = found(**vraag)
    return {key for key, person in stored.items() if person.pk in hits}


TRUE_POSITIVES = [
    # accents left out
    ({"naam": "Jose Perez", "geboortejaar": 1980}, "jose"),
    # first and last name swapped, with a comma, accents, birth year unknown
    ({"naam": "Pérez, José"}, "jose"),
    # a multi-word last name in front
    ({"naam": "El Amrani Fatima", "geboortejaar": 1975}, "fatima"),
    # hyphen instead of space, capitals
    ({"naam": "FATIMA EL-AMRANI", "geboortejaar": 1975}, "fatima"),
    # a letter missing
    ({"naam": "Fatma El Amrani", "geboortejaar": 1975}, "fatima"),
    # one m instead of two
    ({"naam": "Mohamed Yilmaz", "geboortejaar": 1985}, "mohammed"),
    # swapped and a typo in the first letters of the last name
    ({"naam": "Jansem Piet", "geboortejaar": 1990}, "piet"),
    # a letter the accent-stripping knows (ş), stored without birth year
    ({"naam": "Ayse Demir", "geboortejaar": 1970}, "ayse"),
    # a letter dropped from a short word, with the same birth year
    ({"naam": "Gul Clik", "geboortejaar": 1980}, "gul"),
    # another birth year (a typo), but the same postcode
    ({"naam": "Maria Santos", "geboortejaar": 1963, "postcode": "1095cd"}, "maria"),
    # another name entirely, but the same phone number written otherwise
    ({"naam": "J. Perez-Lopez", "telefoon": "+31 6 1234 5678"}, "jose"),
]


@pytest.mark.parametrize(("vraag", "expected"), TRUE_POSITIVES)
def test_a_likely_duplicate_is_found(stored, vraag, expected):
    assert keys(stored, **vraag) == {expected}


FALSE_POSITIVES = [
    # same name, another birth year, no postcode to outweigh it
    {"naam": "Maria Santos", "geboortejaar": 1963},
    {"naam": "Jan de Vries", "geboortejaar": 1951},
    # the same last name and birth year, another first name
    {"naam": "Petra Jansen", "geboortejaar": 1990},
    {"naam": "Pieter Janssens", "geboortejaar": 1990},
    # the same first name and birth year, another last name
    {"naam": "Jan de Boer", "geboortejaar": 1950},
    {"naam": "Fatima Yilmaz", "geboortejaar": 1975},
    # the same postcode and birth year, another name (a neighbour, a partner)
    {"naam": "Khalid Bouali", "geboortejaar": 1980, "postcode": "1094 AB"},
    # too few digits to be a phone number
    {"naam": "Iemand Anders", "telefoon": "12345678"},
]


@pytest.mark.parametrize("vraag", FALSE_POSITIVES)
def test_another_person_is_not_found(stored, vraag):
    assert keys(stored, **vraag) == set()


def test_the_reasons_say_what_agrees(stored):
    hits = found(naam="Jose Perez", geboortejaar=1980, telefoon="0612345678", postcode="1094AB")

    assert hits == {
        stored["jose"].pk: (
            DubbelReden.NAAM,
            DubbelReden.GEBOORTEJAAR,
            DubbelReden.TELEFOON,
            DubbelReden.POSTCODE,
        )
    }


def test_most_reasons_come_first(stored):
    twin = HulpvragerFactory(naam="Jose Perez", geboortejaar=None)

    result = selectors.mogelijke_dubbelen(naam="José Pérez", geboortejaar=1980)

    assert [d.hulpvrager_id for d in result] == [stored["jose"].pk, twin.pk]


def test_an_anonymised_household_is_never_a_duplicate(stored):
    from django.utils import timezone

    huishouden = stored["piet"].huishouden
    huishouden.geanonimiseerd_op = timezone.now()
    huishouden.save()

    assert keys(stored, naam="Piet Jansen", geboortejaar=1990) == set()


def test_without_name_or_phone_nothing_is_looked_up(stored, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.mogelijke_dubbelen(geboortejaar=1980, postcode="1094 AB") == []


@pytest.mark.parametrize(
    ("telefoon", "sleutel"),
    [
        ("06-12345678", "612345678"),
        ("+31 6 12345678", "612345678"),
        ("0031 (6) 1234.5678", "612345678"),
        ("020/1234567", "201234567"),
        ("1234", ""),
        ("", ""),
    ],
)
def test_phone_numbers_compare_by_their_last_nine_digits(telefoon, sleutel):
    assert selectors.telefoon_sleutel(telefoon) == sleutel


@pytest.mark.parametrize(
    ("invoer", "opgeslagen"), [("1094ab", "1094 AB"), (" 1094 AB ", "1094 AB"), ("", "")]
)
def test_a_postcode_is_stored_in_one_form(invoer, opgeslagen):
    assert services.normaliseer_postcode(invoer) == opgeslagen


@pytest.mark.parametrize("invoer", ["109 AB", "1094", "AB 1094", "0194 AB"])
def test_something_else_than_a_postcode_is_refused(invoer):
    with pytest.raises(ValidationError) as error:
        services.normaliseer_postcode(invoer)

    assert error.value.message_dict == {
        "postcode": ["Vul een postcode in als 1234 AB, of laat het veld leeg."]
    }
