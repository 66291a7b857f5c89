"""Identifiers in one normal form each, found through blind indexes, shown masked.

A subject typing their e-mail address, phone number or personnummer in any usual way must
be found, so each kind has one normal form, and the store indexes only a keyed hash of it
(the blind index). The index key lives outside the database, so a dump alone cannot be
searched for a known address or number.
"""

from __future__ import annotations

import re
from datetime import date

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum import luhn
from stdnum.se import personnummer

from ombud.errors import InvalidValue
from ombud.protect.keyed import keyed_hash
from ombud.protect.model import BlindIndex, IdentifierKind, Keyring
from ombud.protect.plain_forms import plain_email, swedish_mobile

# 128 bits: a collision between two different identifiers is expected after about 2**64 of
# them (birthday bound); among 10**9 identifiers the odds are below 10**-20. Half of
# HMAC-SHA256 keeps the index column small at millions of subjects and gives up nothing real.
BLIND_INDEX_BYTES = 16
DEFAULT_PHONE_REGION = "SE"

_PERSONNUMMER_FORM = re.compile(r"(\d{2})?(\d{6})([-+])(\d{4})")
_PERSONNUMMER_FORMS = (
    "YYMMDD-NNNC, YYMMDDNNNC, YYYYMMDD-NNNC or YYYYMMDDNNNC ('+' instead of '-' from the "
    "year of the 100th birthday), such as 811228-9874"
)


def normalise_email(raw: str) -> str:
    """The e-mail address in its normal form: syntax checked, IDN domain in Unicode, lower case.

    The local part is lower-cased too. RFC 5321 lets a mail server tell `Anna` from `anna`,
    but the providers people use do not, and a subject must be found whatever case they
    type; two people whose addresses differ only in case are not worth that price.
    """
    stripped = raw.strip()
    plain = plain_email(stripped)
    if plain is not None:
        return plain
    try:
        checked = validate_email(stripped, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidValue(
            IdentifierKind.EMAIL.value, raw, f"an e-mail address such as anna@example.se ({exc})"
        ) from exc
    return checked.normalized.lower()


def normalise_phone(raw: str, *, region: str = DEFAULT_PHONE_REGION) -> str:
    """The phone number in E.164 (`070-123 45 67` → `+46701234567`); numbers without a
    country code are read as numbers of `region`."""
    if region == "SE" and (mobile := swedish_mobile(raw)) is not None:
        return mobile
    expected = "a phone number such as 070-123 45 67 or, outside Sweden, +47 412 34 567"
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidValue(IdentifierKind.PHONE.value, raw, expected) from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidValue(IdentifierKind.PHONE.value, raw, expected)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_personnummer(raw: str, *, today: date) -> str:
    """The personnummer or samordningsnummer in its 12-digit form `YYYYMMDDNNNC`.

    The 10-digit form leaves the century to the separator (folkbokföringslagen (1991:481)
    18 §): `-` for someone who turns less than 100 this year, `+` from the year they turn
    100, so its century depends on `today`. A samordningsnummer carries the day of birth
    plus 60 and keeps it in the normal form; the check digit is Luhn over the ten digits.
    """
    match = _PERSONNUMMER_FORM.fullmatch(personnummer.compact(raw))
    if match is None:
        raise _invalid_personnummer(raw, _PERSONNUMMER_FORMS)
    century, yymmdd, separator, tail = match.groups()
    if not luhn.is_valid(yymmdd + tail):
        raise _invalid_personnummer(raw, "a number whose last digit is its Luhn check digit")
    yy, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    if century is not None:
        year = int(century + yymmdd[:2])
    else:
        year = today.year - (today.year - yy) % 100
        if separator == "+":
            year -= 100
    try:
        born = date(year, month, day - 60 if day > 60 else day)
    except ValueError:
        raise _invalid_personnummer(
            raw, "a number that starts with a real date of birth (day + 60 for a samordningsnummer)"
        ) from None
    if born > today:
        raise _invalid_personnummer(raw, f"a date of birth no later than {today.isoformat()}")
    return f"{year:04d}{yymmdd[2:]}{tail}"


def _invalid_personnummer(raw: str, expected: str) -> InvalidValue:
    # Never echo a personnummer: show at most the date of birth, as `mask` does.
    digits = re.sub(r"\D", "", raw)
    shown = digits[:8] if len(digits) >= 12 else digits[:6] if len(digits) >= 6 else ""
    return InvalidValue(IdentifierKind.PERSONNUMMER.value, f"{shown}-****", expected)


def normalise(kind: IdentifierKind, raw: str, *, today: date) -> str:
    """The identifier in its kind's normal form; refuses malformed input with `InvalidValue`.

    `today` is needed only for a 10-digit personnummer, whose century depends on it.
    """
    match kind:
        case IdentifierKind.EMAIL:
            return normalise_email(raw)
        case IdentifierKind.PHONE:
            return normalise_phone(raw)
        case IdentifierKind.PERSONNUMMER:
            return normalise_personnummer(raw, today=today)


def blind_index(keyring: Keyring, kind: IdentifierKind, normalised: str) -> BlindIndex:
    """The keyed hash the store finds a subject by (16 bytes); give it `normalise`'s output.

    The kind is part of the hash, so the same string as an e-mail and as a phone number
    gives different indexes.
    """
    digest = keyed_hash(keyring.index_key, "blind-index", kind.value, normalised)
    return BlindIndex(digest[:BLIND_INDEX_BYTES])


def mask(kind: IdentifierKind, normalised: str) -> str:
    """The identifier as it may be shown on screens and in reports, mostly hidden.

    A personnummer keeps only its date of birth in the 12-digit form (`19811228-****`):
    the 10-digit form's separator would need today's date and goes stale.
    """
    match kind:
        case IdentifierKind.EMAIL:
            local, _, domain = normalised.rpartition("@")
            return f"{local[:1]}***@{domain}"
        case IdentifierKind.PHONE:
            return _mask_phone(normalised)
        case IdentifierKind.PERSONNUMMER:
            return f"{normalised[:8]}-****"


def _mask_phone(normalised: str) -> str:
    """`+46701234567` → `+46 70 *** ** 67`: country code, first group and last two digits."""
    try:
        number = phonenumbers.parse(normalised, None)
    except phonenumbers.NumberParseException as exc:
        raise InvalidValue(
            IdentifierKind.PHONE.value, "***", "a normalised phone number such as +46701234567"
        ) from exc
    shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    country, _, national = shown.partition(" ")
    rest = national.lstrip("0123456789")
    first_group = national[: len(national) - len(rest)]
    hidden = sum(char.isdigit() for char in rest) - 2
    masked = []
    for char in rest:
        if char.isdigit() and hidden > 0:
            masked.append("*")
            hidden -= 1
        else:
            masked.append(char)
    return f"{country} {first_group}{''.join(masked)}"
