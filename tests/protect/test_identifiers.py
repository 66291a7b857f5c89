from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ombud.errors import InvalidValue
from ombud.protect import (
    IdentifierKind,
    Keyring,
    blind_index,
    mask,
    normalise,
    normalise_personnummer,
    normalise_phone,
)

TODAY = date(2025, 6, 1)
EMAIL, PHONE, PNR = IdentifierKind.EMAIL, IdentifierKind.PHONE, IdentifierKind.PERSONNUMMER


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("anna.berg@example.se", "anna.berg@example.se"),
        ("Anna.Berg@Example.SE", "anna.berg@example.se"),
        ("ANNA.BERG@EXAMPLE.SE", "anna.berg@example.se"),
        ("  anna.berg@example.se \n", "anna.berg@example.se"),
        ("ÅSA@EXÄMPLE.SE", "åsa@exämple.se"),
        ("anna@xn--exmple-cua.se", "anna@exämple.se"),
    ],
)
def test_an_email_address_is_found_whatever_case_or_idn_form_it_is_typed_in(raw, expected):
    assert normalise(EMAIL, raw, today=TODAY) == expected


@pytest.mark.parametrize(
    "raw", ["anna", "anna@", "@example.se", "Anna Berg <anna@example.se>", "anna@localhost"]
)
def test_a_malformed_email_address_is_refused_naming_the_kind_and_an_example(raw):
    with pytest.raises(InvalidValue, match=r"^email: got .*; expected an e-mail address such as"):
        normalise(EMAIL, raw, today=TODAY)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("070-123 45 67", "+46701234567"),
        ("0701234567", "+46701234567"),
        ("070 123 45 67", "+46701234567"),
        ("070-1234567", "+46701234567"),
        ("+46 70 123 45 67", "+46701234567"),
        ("+46 (0)70-123 45 67", "+46701234567"),
        ("+4670-1234567", "+46701234567"),
        ("0046 70 123 45 67", "+46701234567"),
        ("08-123 456 78", "+46812345678"),
        ("08-12 34 56", "+468123456"),
        ("031-12 34 56", "+4631123456"),
        ("+47 412 34 567", "+4741234567"),
    ],
)
def test_swedish_and_foreign_phone_numbers_normalise_to_e164(raw, expected):
    assert normalise(PHONE, raw, today=TODAY) == expected


@pytest.mark.parametrize("raw", ["070-12", "abc", "", "+46 70 123 45 67 89 01"])
def test_an_invalid_phone_number_is_refused(raw):
    with pytest.raises(InvalidValue, match=r"^phone: got .*; expected a phone number such as"):
        normalise(PHONE, raw, today=TODAY)


def test_a_phone_number_without_country_code_is_read_in_the_given_region():
    assert normalise_phone("412 34 567", region="NO") == "+4741234567"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("811228-9874", "198112289874"),
        ("8112289874", "198112289874"),
        ("198112289874", "198112289874"),
        ("19811228-9874", "198112289874"),
        (" 811228 - 9874 ", "198112289874"),
        ("811228+9874", "188112289874"),  # a centenarian: '+' moves the century back
        ("18811228-9874", "188112289874"),
        ("701063-2391", "197010632391"),  # samordningsnummer: day 3 + 60
        ("19701063-2391", "197010632391"),
        ("7010632391", "197010632391"),
    ],
)
def test_personnummer_forms_normalise_to_twelve_digits(raw, expected):
    assert normalise(PNR, raw, today=TODAY) == expected


def test_the_ten_digit_century_is_the_one_in_which_the_person_is_under_100():
    assert normalise_personnummer("250101-0009", today=date(2025, 6, 1)) == "202501010009"
    assert normalise_personnummer("250101+0009", today=date(2025, 6, 1)) == "192501010009"
    assert normalise_personnummer("260101-0008", today=date(2025, 6, 1)) == "192601010008"


@pytest.mark.parametrize(
    ("raw", "shown", "expected"),
    [
        ("811228-9875", "811228-****", "Luhn check digit"),
        ("198112289875", "19811228-****", "Luhn check digit"),
        ("811328-9873", "811328-****", "real date of birth"),
        ("701093-2395", "701093-****", "real date of birth"),
        ("20251228-9873", "20251228-****", "no later than 2025-06-01"),
        ("81122-9874", "811229-****", "YYMMDD-NNNC"),
        ("abc", "-****", "YYMMDD-NNNC"),
    ],
)
def test_an_invalid_personnummer_is_refused_showing_only_the_date_of_birth(raw, shown, expected):
    with pytest.raises(InvalidValue, match=expected) as raised:
        normalise(PNR, raw, today=TODAY)
    assert raised.value.field == "personnummer"
    assert raised.value.value == shown
    assert raw not in str(raised.value)


def test_luhn_and_date_checks_hold_on_the_given_example_numbers():
    # gdpr-sweden.md §4's examples, checked independently of normalise
    assert normalise_personnummer("811228-9874", today=TODAY).endswith("9874")
    with pytest.raises(InvalidValue):
        normalise_personnummer("811228-9874", today=date(1981, 12, 27))


@given(st.sampled_from(["070-123 45 67", "Anna@Example.se", "811228-9874", "701063-2391"]))
def test_normalising_twice_changes_nothing(raw):
    kind = EMAIL if "@" in raw else PNR if raw[6] == "-" else PHONE
    once = normalise(kind, raw, today=TODAY)
    assert normalise(kind, once, today=TODAY) == once


def test_a_blind_index_is_deterministic_and_16_bytes(keyring):
    first = blind_index(keyring, EMAIL, "anna@example.se")
    assert first == blind_index(keyring, EMAIL, "anna@example.se")
    assert len(first) == 16


def test_a_blind_index_differs_across_index_keys_kinds_and_values(keyring):
    other_keyring = Keyring(dict(keyring.master_keys), "k1", bytes(range(100, 132)))
    indexes = {
        blind_index(keyring, EMAIL, "46701234567"),
        blind_index(keyring, PHONE, "46701234567"),
        blind_index(keyring, PNR, "46701234567"),
        blind_index(other_keyring, EMAIL, "46701234567"),
        blind_index(keyring, EMAIL, "46701234568"),
    }
    assert len(indexes) == 5


def test_a_blind_index_does_not_depend_on_the_master_keys(keyring):
    rotated = keyring.with_active("k2", bytes(range(32, 64)))
    assert blind_index(rotated, EMAIL, "a@example.se") == blind_index(
        keyring, EMAIL, "a@example.se"
    )


def test_a_blind_index_does_not_contain_the_identifier(keyring):
    assert b"198112289874" not in blind_index(keyring, PNR, "198112289874")


@pytest.mark.parametrize(
    ("kind", "normalised", "shown"),
    [
        (EMAIL, "anna.berg@example.se", "a***@example.se"),
        (EMAIL, "a@example.se", "a***@example.se"),
        (PHONE, "+46701234567", "+46 70 *** ** 67"),
        (PHONE, "+46812345678", "+46 8 *** *** 78"),
        (PHONE, "+12015550123", "+1 201-***-**23"),
        (PNR, "198112289874", "19811228-****"),
        (PNR, "197010632391", "19701063-****"),
    ],
)
def test_mask_shows_little_of_an_identifier(kind, normalised, shown):
    assert mask(kind, normalised) == shown
