"""The social map finds in Dutch: "schulden" finds the debt help whose texts say "schuld", on
SQLite (stored stems) and on PostgreSQL (its 'dutch' full-text search) alike: run this file with
DATABASE_URL pointing at PostgreSQL for the second."""

import pytest
from django.urls import reverse

from netwerk import services
from netwerk.models import Organisatie, OrganisatieSoort, Thema
from netwerk.zoeken import stammen, zoek_organisaties

LIST = reverse("netwerk:organisatie_list")


def organisatie(naam, *, themas=(), **velden):
    return services.save_organisatie(
        organisatie=Organisatie(naam=naam, soort=velden.pop("soort", "anders"), **velden),
        themas=Thema.objects.filter(naam__in=themas),
    )


@pytest.fixture
def kaart(db):
    return {
        "schuld": organisatie(
            "Geldzorgen Oost",
            soort=OrganisatieSoort.SCHULDHULP,
            aanbod="Hulp bij een schuld en bij budgetbeheer.",
        ),
        "thema": organisatie(
            "Stichting Op Orde", themas=["Schulden", "Formulieren en administratie"]
        ),
        "taal": organisatie(
            "Taalhuis Indische Buurt",
            aanbod="Taalcafé en hulp met brieven.",
            talen="Arabisch, Turks",
            adres="Javaplein 2",
        ),
        "woning": organisatie("Woonwijzer", themas=["Woning"]),
    }


def found(zoekterm):
    return set(
        zoek_organisaties(Organisatie.objects.all(), zoekterm).values_list("naam", flat=True)
    )


def test_the_stemmer_is_the_dutch_one_postgresql_ships():
    # PostgreSQL's to_tsvector('dutch', ...) gives these stems (checked on 15)
    assert stammen("schulden schuld woningen talen bij") == ["schuld", "schuld", "woning", "tal"]


def test_search_schulden_finds_the_debt_help_by_its_offer_and_by_its_theme(kaart):
    assert found("schulden") == {"Geldzorgen Oost", "Stichting Op Orde"}


@pytest.mark.parametrize(
    ("zoekterm", "expected"),
    [
        ("schuld", {"Geldzorgen Oost", "Stichting Op Orde"}),
        ("Schulden", {"Geldzorgen Oost", "Stichting Op Orde"}),
        ("hulp bij schulden", {"Geldzorgen Oost"}),  # every word: "hulp" only in its offer
        ("schulden formulieren", {"Stichting Op Orde"}),  # two of its themes
        ("woningen", {"Woonwijzer"}),
        ("arabisch", {"Taalhuis Indische Buurt"}),  # a language
        ("javaplein", {"Taalhuis Indische Buurt"}),  # the address
        ("taalca", {"Taalhuis Indische Buurt"}),  # a part of a word, as typed
        ("pizza", set()),
    ],
)
def test_search_words_stemmed_themes_languages_and_address(kaart, zoekterm, expected):
    assert found(zoekterm) == expected


def test_social_map_page_search_schulden(visit, kaart):
    response = visit("vp_a", LIST + "?q=schulden")

    names = {row.record.naam for row in response.context["table"].page.object_list}
    assert names == {"Geldzorgen Oost", "Stichting Op Orde"}


def test_social_map_filters_by_theme(visit, kaart):
    woning = Thema.objects.get(naam="Woning")

    response = visit("vp_a", LIST + f"?themas={woning.pk}")

    assert {row.record.naam for row in response.context["table"].page.object_list} == {"Woonwijzer"}


def test_renamed_theme_is_found_by_its_new_name(kaart):
    thema = Thema.objects.get(naam="Woning")
    thema.naam = "Huisvesting"

    services.save_thema(thema=thema)

    assert found("huisvesting") == {"Woonwijzer"}


def test_coordinator_saves_themes_languages_and_opening_hours(visit, coordinator):
    schulden = Thema.objects.get(naam="Schulden")
    data = {
        "naam": "Budgetmaatjes",
        "soort": "vrijwilligersorganisatie",
        "themas": [str(schulden.pk)],
        "talen": "Nederlands, Engels",
        "openingstijden": "Di 10-12",
        "adres": "Molukkenstraat 1",
        "actief": "on",
    }

    response = visit("coordinator", reverse("netwerk:organisatie_create"), data)

    assert response.status_code == 302
    org = Organisatie.objects.get(naam="Budgetmaatjes")
    assert list(org.themas.all()) == [schulden]
    assert (org.talen, org.openingstijden) == ("Nederlands, Engels", "Di 10-12")
    assert found("schulden") == {"Budgetmaatjes"}
    page = visit("vp_a", org.get_absolute_url()).content.decode()
    assert "Di 10-12" in page and "Schulden" in page
