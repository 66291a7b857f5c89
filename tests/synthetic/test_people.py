import random
import re
from datetime import date

import phonenumbers
import pytest
from email_validator import validate_email
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.se import personnummer

from ombud.errors import InvalidValue
from ombud.synthetic import (
    FIRST_BIRTH_DATE,
    LAST_BIRTH_DATE,
    MAX_PEOPLE,
    Gender,
    people,
    vocabulary,
)

from .conftest import BATCH_SIZE

EXAMPLE_DOMAINS = {"example.se", "example.com", "example.org", "example.net"}


def _sample(batch, size):
    return random.Random(0).sample(batch, size)


def test_the_same_seed_gives_the_same_people():
    assert list(people(7, 1_000)) == list(people(7, 1_000))


def test_a_longer_batch_starts_with_the_shorter_one():
    assert list(people(7, 1_000)) == list(people(7, 2_000))[:1_000]


def test_different_seeds_give_different_people():
    assert list(people(7, 100)) != list(people(8, 100))


def test_a_batch_has_the_count_asked_for():
    assert sum(1 for _ in people(1, 1234)) == 1234
    assert list(people(1, 0)) == []


@pytest.mark.parametrize("count", [-1, MAX_PEOPLE + 1])
def test_a_count_out_of_range_is_refused_with_what_is_accepted(count):
    with pytest.raises(InvalidValue, match=r"count: got .*; expected a whole number from 0 to"):
        people(1, count)


def test_every_personnummer_is_valid_and_unique(batch):
    numbers = [person.personnummer for person in batch]
    assert len(set(numbers)) == BATCH_SIZE
    for person in batch:
        number = person.personnummer
        assert re.fullmatch(r"\d{12}", number)
        if person.is_samordningsnummer:
            # python-stdnum 2.2 rejects samordningsnummer: check digit and date by hand.
            assert luhn.is_valid(number[2:])
            born = date(int(number[:4]), int(number[4:6]), int(number[6:8]) - 60)
        else:
            assert personnummer.is_valid(number)
            born = date(int(number[:4]), int(number[4:6]), int(number[6:8]))
        assert born == person.birth_date


def test_birth_dates_are_of_adults_born_1940_to_2008(batch):
    assert all(FIRST_BIRTH_DATE <= person.birth_date <= LAST_BIRTH_DATE for person in batch)
    assert {person.birth_date.year for person in batch} == set(range(1940, 2009))


def test_the_ninth_digit_is_odd_for_men_and_even_for_women(batch):
    for person in batch:
        odd = int(person.personnummer[10]) % 2 == 1
        assert odd == (person.gender is Gender.MAN)
    for person in _sample(batch, 2_000):
        if not person.is_samordningsnummer:
            expected = "M" if person.gender is Gender.MAN else "F"
            assert personnummer.get_gender(person.personnummer) == expected


def test_men_and_women_are_about_even(batch):
    men = sum(person.gender is Gender.MAN for person in batch)
    assert 0.48 < men / BATCH_SIZE < 0.52


def test_about_one_percent_have_a_samordningsnummer(batch):
    share = sum(person.is_samordningsnummer for person in batch) / BATCH_SIZE
    assert 0.007 < share < 0.013  # 1% of 50,000 is 500, give or take 22


def test_the_display_form_is_yymmdd_dash_nnnc(batch):
    person = batch[0]
    assert re.fullmatch(r"\d{6}-\d{4}", person.personnummer_display)
    assert person.personnummer.endswith(person.personnummer_display.replace("-", ""))


def test_every_phone_is_a_valid_swedish_mobile_number_in_e164(batch):
    for person in _sample(batch, 2_000):
        parsed = phonenumbers.parse(person.phone, None)
        assert phonenumbers.is_valid_number(parsed)
        assert phonenumbers.region_code_for_number(parsed) == "SE"
        assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == (
            person.phone
        )


def test_e_mail_addresses_are_valid_unique_and_on_example_domains_only(batch):
    assert len({person.email for person in batch}) == BATCH_SIZE
    assert {person.email.rsplit("@", 1)[1] for person in batch} <= EXAMPLE_DOMAINS
    for person in _sample(batch, 5_000):
        checked = validate_email(person.email, check_deliverability=False)
        assert checked.normalized == person.email
        assert person.email.isascii()


def test_postal_codes_are_nnn_nn_and_match_the_town(batch):
    prefixes = {town.name: set(town.postal_prefixes) for town in vocabulary().towns}
    for person in batch:
        assert re.fullmatch(r"[1-9]\d\d \d\d", person.postal_code)
        assert person.postal_code[:3] in prefixes[person.city]


def test_streets_are_a_name_and_a_house_number(batch):
    for person in batch:
        assert re.fullmatch(r"\w+ \d{1,3}( B)?", person.street), person.street


def test_bigger_towns_are_drawn_more_often(batch):
    cities = [person.city for person in batch]
    assert cities.count("Stockholm") > cities.count("Göteborg") > cities.count("Strömstad")


def test_some_have_diets_and_comments_and_some_comments_are_sensitive(batch):
    words = vocabulary()
    diets = [person.diet for person in batch if person.diet is not None]
    comments = [person.comment for person in batch if person.comment is not None]
    sensitive = [c for c in comments if c in words.sensitive_comments]
    assert 0.18 < len(diets) / BATCH_SIZE < 0.22
    assert 0.23 < len(comments) / BATCH_SIZE < 0.27
    assert 0.17 < len(sensitive) / len(comments) < 0.23
    assert set(comments) <= set(words.comments + words.sensitive_comments)


def test_every_field_comes_from_its_own_list(batch):
    words = vocabulary()
    for person in batch[:2_000]:
        first_names = (
            words.men_first_names if person.gender is Gender.MAN else words.women_first_names
        )
        assert person.first_name in first_names
        assert person.last_name in words.last_names
        assert person.job_title in words.job_titles
        assert person.organisation_type in words.organisation_types
        assert person.full_name == f"{person.first_name} {person.last_name}"
        assert person.postal_address.endswith(f"{person.postal_code} {person.city}")


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**64), count=st.integers(0, 3_000))
def test_no_batch_repeats_a_personnummer_or_an_e_mail_address(seed, count):
    batch = list(people(seed, count))
    assert len({person.personnummer for person in batch}) == count
    assert len({person.email for person in batch}) == count
