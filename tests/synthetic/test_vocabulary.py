import re

import pytest

from ombud.synthetic import ascii_email_name, vocabulary

EXAMPLE_DOMAINS = {"example.se", "example.com", "example.org", "example.net"}


def test_the_lists_have_realistic_sizes():
    words = vocabulary()
    assert len(words.women_first_names) >= 150
    assert len(words.men_first_names) >= 150
    assert len(words.last_names) >= 190
    assert len(words.towns) >= 100
    assert len(words.comments) + len(words.sensitive_comments) >= 36


@pytest.mark.parametrize(
    "field",
    [
        "women_first_names",
        "men_first_names",
        "last_names",
        "street_stems",
        "job_titles",
        "organisation_types",
        "comments",
        "sensitive_comments",
    ],
)
def test_no_list_repeats_an_entry(field):
    entries = getattr(vocabulary(), field)
    assert len(entries) == len(set(entries))


def test_e_mail_domains_are_only_those_reserved_for_examples():
    assert {entry.value for entry in vocabulary().email_domains} == EXAMPLE_DOMAINS


def test_every_name_has_a_plain_ascii_e_mail_spelling():
    words = vocabulary()
    for name in words.women_first_names + words.men_first_names + words.last_names:
        assert re.fullmatch(r"[a-z][a-z-]*", ascii_email_name(name)), name


@pytest.mark.parametrize(
    ("name", "spelling"),
    [
        ("Åsa-Lena", "asa-lena"),
        ("Öhman", "ohman"),
        ("Marléne", "marlene"),
        ("von Essen", "vonessen"),
        ("Kovačević", "kovacevic"),
        ("Ayşe", "ayse"),
    ],
)
def test_e_mail_spelling_folds_accents_and_drops_spaces(name, spelling):
    assert ascii_email_name(name) == spelling


def test_every_town_has_three_digit_postal_prefixes_and_a_weight():
    for town in vocabulary().towns:
        assert town.postal_prefixes, town.name
        assert all(re.fullmatch(r"[1-9]\d\d", prefix) for prefix in town.postal_prefixes)
        assert town.weight > 0


def test_the_big_cities_have_their_postal_areas():
    prefixes = {town.name: town.postal_prefixes for town in vocabulary().towns}
    assert all(p.startswith("1") for p in prefixes["Stockholm"])
    assert all(p.startswith("4") for p in prefixes["Göteborg"])
    assert all(p.startswith("2") for p in prefixes["Malmö"])


def test_diets_include_those_that_reveal_religion_or_health():
    diets = {entry.value for entry in vocabulary().diets}
    assert {"halal", "kosher", "glutenfri", "laktosfri", "nötallergi"} <= diets
    assert {"vegetarisk", "vegansk"} <= diets
