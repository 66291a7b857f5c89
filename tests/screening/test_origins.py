"""Ethnic origin is told by where a person comes from, not by a country's name alone."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ombud.screening.origins import babel_countries, find_origins, parse_origins
from ombud.screening.scan import scan
from ombud.screening.special import lowered


def _found(text: str):
    low = lowered(text)
    return find_origins(text, low, scan(low).origins)


def _origins(text: str) -> list[str]:
    return [f.excerpt(text) for f in _found(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Min pappa kom hit från Eritrea 1989.", ["från Eritrea"]),
        ("Hon är född i Somalia och bor i Umeå.", ["i Somalia"]),
        ("My parents are from Nigeria.", ["from Nigeria"]),
        ("Min mormor flydde från Syrien 2015.", ["från Syrien"]),
        ("Jag har rötter i Bosnien.", ["i Bosnien"]),
        ("Han är ursprungligen från Irak.", ["från Irak"]),
        ("Själv kommer jag från Polen.", ["från Polen"]),
        ("Jag växte upp i Chile men flyttade hit.", ["i Chile"]),
        ("Ahmed kom till Sverige från Irak som barn.", ["från Irak"]),
        ("Our daughter was adopted from South Korea.", ["from South Korea"]),
        ("Jag är adopterad från Korea.", ["från Korea"]),
        ("My parents came from the Balkans in the nineties.", ["from the Balkans"]),
        ("I am from the UK originally.", ["from the UK"]),
        ("My mum was born in Iran.", ["in Iran"]),
        ("She came here from the United States as a child.", ["from the United States"]),
        ("I'm from Turkey originally.", ["from Turkey"]),
        ("Vår dotter har eritreansk bakgrund.", ["eritreansk bakgrund"]),
        ("Eleven har somaliska föräldrar.", ["somaliska föräldrar"]),
        ("I'm half Somali and half Finnish.", ["half Somali", "half Finnish"]),
        ("I'm a Nigerian-born engineer.", ["Nigerian-born"]),
        ("She is of Vietnamese descent.", ["Vietnamese descent"]),
        ("My husband is Eritrean.", ["Eritrean"]),
        ("Hon är eritreansk och talar tigrinja.", ["eritreansk"]),
        ("Som irakier känner jag igen mig.", ["irakier"]),
        ("Min man är invandrare.", ["invandrare"]),
        ("Mina föräldrar kom hit från Chile på 70-talet.", ["från Chile"]),
        ("Vi flyttade hit från Polen 2004.", ["från Polen"]),
        ("My family moved to Sweden from Iran in 1988.", ["from Iran"]),
        ("She is originally Iranian.", ["Iranian"]),
    ],
)
def test_a_persons_origin_is_reported(text, expected):
    assert _origins(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hej, jag ringer från Norge och undrar om ni skickar till utlandet?",
        "Vi beställde från Kina förra veckan.",
        "We ship from the UK and from Korea.",
        "En kollega från Tyskland kommer på besök på tisdag.",
        "Kursen hölls i Spanien förra året.",
        "Flyget från Turkiet var försenat.",
        "All our furniture is Swedish-made.",
        "Jag är svensk medborgare och född i Sverige.",
        "I'm writing from Spain on holiday.",
        "Finns det någon kurs i arabiska för nybörjare?",
        "Restaurang Libanon i Malmö levererar lunchen.",
        "Hotellet har en riktig finsk bastu.",
        "Kan ni skicka fakturan till vårt kontor i Polen?",
        "Jag är i Grekland på semester till den 20:e.",
        "The chairs we ordered come from Vietnam.",
        "Vi serverar fransk mat och italienska viner.",
        "I'm flying in from Germany on Monday.",
        "Our Spanish course starts in September.",
        "Jag tror att leveransen kommer från Kina.",
        "Min man kommer från Tyskland på måndag med tåget.",
        "Vi flyttade från Norge till Göteborg förra året.",
        "Jag är från Norge-kontoret och ringer om fakturan.",
        "I'm from the UK office and will join the call.",
        "My sister comes from Norway tomorrow.",
        "Finns det plats för två till?",
    ],
)
def test_a_country_or_nationality_not_said_of_a_persons_origin_is_not_reported(text):
    assert _origins(text) == []


def test_origin_is_reported_as_ethnic_origin_through_screen(found):
    assert ("ethnic_origin", "från Eritrea") in found("Min pappa kom hit från Eritrea.")
    assert not found("Paketet skickades från Eritrea i tisdags.")


def test_country_names_come_from_babel_in_both_languages_without_sweden():
    countries = babel_countries()
    assert {"Eritrea", "Somalia", "Syrien", "Syria", "Bosnien", "Kongo", "Myanmar"} <= countries
    assert not {"Sverige", "Sweden", "European Union", "Europeiska unionen"} & countries


@given(
    country=st.sampled_from(sorted(babel_countries())),
    opening=st.sampled_from(
        [
            "Jag ringer",
            "Vi beställde",
            "Paketet skickades",
            "En kollega",
            "Kursen hölls",
            "I'm writing",
            "We ordered",
            "The flight",
        ]
    ),
    preposition=st.sampled_from(["från", "i", "from", "in"]),
)
@settings(max_examples=200, deadline=None)
def test_a_country_after_no_origin_verb_is_never_reported(country, opening, preposition):
    assert _origins(f"{opening} {preposition} {country} i går.") == []


def test_an_unreadable_origins_line_names_the_file_and_line():
    with pytest.raises(ValueError, match=r"origins.tsv:1: got 'somalisk\\tadverb'"):
        parse_origins("somalisk\tadverb\n")


PIECES = st.sampled_from(
    ["Min pappa", "kom hit", " från ", "i ", "Eritrea", "Somalia", "eritreansk", " bakgrund",
     "I'm", " half ", "Somali", "-born", "född", " ", "\n", ". ", "İ", "ß", "Bosnien"]
)  # fmt: skip


@given(st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=16).map("".join))
@settings(max_examples=300, deadline=None)
def test_origins_lie_inside_the_text_whatever_it_holds(text):
    for finding in _found(text):
        assert 0 <= finding.start < finding.end <= len(text)
