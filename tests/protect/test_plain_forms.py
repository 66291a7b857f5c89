"""The fast paths give exactly the libraries' answer, or pass the input on to them."""

import email_validator
import phonenumbers
import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ombud.protect.plain_forms import plain_email, swedish_mobile

REFUSED = "refused"


def library_email(raw: str) -> str:
    try:
        return validate_email(raw, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return REFUSED


def library_phone(raw: str) -> str:
    try:
        number = phonenumbers.parse(raw, "SE")
    except phonenumbers.NumberParseException:
        return REFUSED
    if not phonenumbers.is_valid_number(number):
        return REFUSED
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
tricky_local = st.text(LETTERS + "0123456789._+-!#$%&'*/=?^`{|}~\"\\ åÅé", min_size=0, max_size=70)
label = st.text(LETTERS + "0123456789-", min_size=0, max_size=66)
tld = st.sampled_from(
    [
        *("se", "com", "SE", "c", "co1", "1com", "xn--p1ai", "x", "museum", "a" * 64, "test"),
        *email_validator.SPECIAL_USE_DOMAIN_NAMES,
    ]
)
domain = st.builds(
    lambda labels, end: ".".join([*labels, end]), st.lists(label, min_size=0, max_size=4), tld
)
addresses = st.builds(lambda local, dom: f"{local}@{dom}", tricky_local, domain)


@settings(max_examples=3000)
@given(addresses | st.emails() | st.text(max_size=40))
@example("anna.berg@example.se")
@example("Anna.Berg@Example.SE")
@example("a--b@ab--cd.se")
@example("anna@xn--exmple-cua.se")
@example("anna@mail.onion")
@example("anna@foo.local")
@example(".anna@example.se")
@example("anna.@example.se")
@example("an..na@example.se")
@example("anna@-example.se")
@example("anna@example-.se")
@example("anna@example..se")
@example("x" * 65 + "@example.se")
@example("x@" + "a" * 63 + ".se")
@example("x@" + "a" * 64 + ".se")
@example("x@" + ".".join(["a" * 60] * 4) + ".se")
@example("anna@example.se ")
@example("anna@@example.se")
@example("postmaster@example.se")
def test_a_plain_email_address_is_normalised_exactly_as_email_validator_does(raw):
    plain = plain_email(raw)
    assert plain is None or plain == library_email(raw)


@given(
    st.from_regex(r"[a-z0-9_+-]{1,20}(\.[a-z0-9_+-]{1,10}){0,2}", fullmatch=True),
    st.from_regex(r"([a-z0-9]{1,20}\.){1,3}[a-z]{2,6}", fullmatch=True),
)
def test_the_fast_path_answers_most_ordinary_addresses(local, dom):
    raw = f"{local}@{dom}".upper()
    if library_email(raw) != REFUSED:
        assert plain_email(raw) == library_email(raw)


def spelled(digits: str, separators: list[str]) -> str:
    return "".join(d + s for d, s in zip(digits, separators + [""] * len(digits), strict=False))


prefixes = st.sampled_from(["+46", "0046", "0", "+46 ", "+4 6", "", "+47", "046", "+460", "+"])
separator = st.sampled_from(["", "", "", " ", "-", "  ", " - ", "+", "/", "."])
numbers = st.builds(
    lambda prefix, digits, seps, lead, trail: lead + prefix + spelled(digits, seps) + trail,
    prefixes,
    st.from_regex(r"7?[0-9]{6,10}", fullmatch=True),
    st.lists(separator, max_size=12),
    st.sampled_from(["", " ", "-", "+"]),
    st.sampled_from(["", " ", "-", "x", "#1"]),
)


@settings(max_examples=3000)
@given(numbers | st.text("+0123456789 -", max_size=16))
@example("070-123 45 67")
@example("+46701234567")
@example("0046701234567")
@example("+46 070 123 45 67")
@example("+4670123456")
@example("0701234567 ")
@example("-0701234567")
@example("+46 71 234 56 78")
@example("+46 74 234 56 78")
def test_a_swedish_mobile_number_is_normalised_exactly_as_phonenumbers_does(raw):
    fast = swedish_mobile(raw)
    assert fast is None or fast == library_phone(raw)


@given(st.from_regex(r"7[023689][0-9]{7}", fullmatch=True), st.lists(separator, max_size=12))
def test_the_fast_path_answers_every_mobile_number_phonenumbers_accepts(digits, seps):
    for prefix in ("+46", "0046", "0"):
        between = [s for s in seps if s in ("", " ", "-")][: len(digits) - 1]
        raw = prefix + spelled(digits, between)
        assert swedish_mobile(raw) == library_phone(raw) == "+46" + digits


@pytest.mark.parametrize("raw", ["08-123 456 78", "+47 412 34 567", "0701234567x"])
def test_other_numbers_are_left_to_phonenumbers(raw):
    assert swedish_mobile(raw) is None
