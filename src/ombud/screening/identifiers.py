"""Identifiers in free text, each accepted only when its form and its checksum hold.

A number that fails its checksum is not an identifier: candidates are found by a
regular expression, then validated with python-stdnum, phonenumbers,
email-validator or `ipaddress`.

Speed comes from never scanning prose with a complicated pattern: one cheap scan
finds the runs of digits and separators (or the "@", the "giro" word, the "::"),
and only those few places are matched against the exact forms. Every pattern
begins with the character class its match must start with, so the regex engine
skips ahead quickly; boundary checks come right after as look-behinds.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from datetime import date

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.se import orgnr as stdnum_orgnr

from ombud.screening.model import Finding, Kind

_NOT_DIGIT = re.compile(r"\D")
# A run of digits and separators long enough to hold a phone number, a personnummer …
# (seven digits or more, at most two separators between any two of them).
_NUMERIC_RUN = re.compile(r"\d(?:[ \-+().:/]{0,2}\d){6,}")
# "bankgiro", "plusgiro", "postgiro", "BG", "PG" (and a few harmless extras, checked later).
_GIRO_WORD = re.compile(r"[gGbBpP](?:iro|IRO|[gG]\b)")
_GIRO_REACH = 30
_IPV6_SEED = re.compile(r":[0-9A-Fa-f]{0,4}:")
_IPV4_SEED = re.compile(r"\.\d{1,3}\.\d{1,3}\.")  # starts with a literal: a fast scan

# 10 or 12 digits: [century] YYMMDD [-+ or nothing] NNNC, also organisationsnummer
# (which may carry the "16" prefix of its 12-digit form).
_NATIONAL_ID = re.compile(
    r"\d(?<![\w+.\-/]\d)\d(?:\d\d)?\d{4}[-+ ]?\d{4}(?![\w+]|[-.,/:]\d)",
)
_PAYMENT_CARD = re.compile(
    r"[2-6](?<![\w+.\-/][2-6])\d{3}(?:[ -]?\d{2,7}){2,4}(?![\w+]|[-.,/:]\d)",
)
_IBAN = re.compile(r"[A-Z](?<![\w\-][A-Z])[A-Z]\d\d(?: ?[A-Z0-9]{1,4}){3,8}(?!\w)")
_BANKGIRO = re.compile(r"\d(?<![\w\-.]\d)\d{2,3}-?\d{4}(?![\w]|[-.,/:]\d)")
_PLUSGIRO = re.compile(r"\d(?<![\w\-.]\d)(?:\d?(?: \d\d){1,3}|\d{0,6})-\d(?![\w]|[-.,/:]\d)")
_PHONE = re.compile(
    r"[+0(](?<![\w+\-/.][+0(])(?:\+|00|\(0\)|0)?\s?\d[\d \-()]{4,17}\d(?![\w]|[-.,/:]\d)",
)
_EMAIL = re.compile(r"@(?<=[\w.+\-']@)[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,}(?![\w@])")
# The common case, checked without email-validator's full (and slower) RFC 5322/6531 parse:
# an ASCII dot-atom local part and a domain of LDH labels with an alphabetic top level.
_PLAIN_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}",
)
_EMAIL_LOCAL = re.compile(r"[\w.+\-']+$")
_IPV4 = re.compile(r"\d(?<![\w.]\d)\d{0,2}(?:\.\d{1,3}){3}(?![\w]|\.\d)")
_IPV6 = re.compile(
    r"[0-9A-Fa-f:](?<![\w:][0-9A-Fa-f:])[0-9A-Fa-f]{0,3}:[0-9A-Fa-f:]{2,37}(?![\w:])"
)


Runs = Sequence[tuple[int, int]]
"""Where the runs of digits are: (start, end) with a character of margin each side."""


def numeric_runs(text: str) -> list[tuple[int, int]]:
    """The runs of digits and separators that could hold a number-shaped identifier.

    The margin lets a leading "+" or "(" and the look-arounds see their neighbours.
    """
    return [(max(0, m.start() - 1), m.end() + 1) for m in _NUMERIC_RUN.finditer(text)]


def _in_runs(pattern: re.Pattern[str], text: str, runs: Runs) -> Iterator[re.Match[str]]:
    for start, end in runs:
        yield from pattern.finditer(text, start, end)


# Words that, just before a number, say what it is.
_CONTEXT_WINDOW = 40
_PERSONNUMMER_CONTEXT = re.compile(
    r"person(?:nummer|nr|numret)|\bpnr\b|p-nr|samordningsnummer|född|personal (?:identity )?number|"
    r"identity number|social security|\bssn\b|id-nummer|id nr",
)
_ORGNR_CONTEXT = re.compile(
    r"org(?:anisations)?\.?[ -]?n(?:umme)?r|corporate id|company (?:reg|num)"
)
_BANKGIRO_CONTEXT = re.compile(r"bankgiro|\bbg\b|bg-nr|bg nr|bankgironr")
_PLUSGIRO_CONTEXT = re.compile(r"plusgiro|postgiro|\bpg\b|pg-nr|pg nr|plusgironr")
_CARD_CONTEXT = re.compile(r"kort|card|visa|mastercard|amex|betal")
_PHONE_CONTEXT = re.compile(r"tel|mobil|ring|phone|call|sms|nummer|nr|nå mig|reach me")


def _context(text: str, start: int, pattern: re.Pattern[str]) -> bool:
    """Whether `pattern` occurs in the few words before `start`."""
    return pattern.search(text[max(0, start - _CONTEXT_WINDOW) : start].lower()) is not None


def _valid_date(century: str | None, yymmdd: str) -> bool:
    """Whether `yymmdd` is a calendar date, in the given century or in either plausible one."""
    year, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    centuries = [int(century)] if century else [19, 20]
    for hundred in centuries:
        try:
            date(hundred * 100 + year, month, day)
        except ValueError:
            continue
        return True
    return False


def _national_id_kind(match: str, text: str, start: int) -> tuple[Kind, float] | None:
    """Classify a 10/12-digit number as personnummer, samordningsnummer or orgnr, or reject it.

    Folkbokföringslagen 18 §: YYMMDD-NNNC, Luhn over the ten-digit form; the
    samordningsnummer adds 60 to the day. An organisationsnummer has a "month" of
    20 or more, so it never reads as a date.
    """
    digits = _NOT_DIGIT.sub("", match)
    separator = match[-5] if match[-5] in "-+ " else ""
    century: str | None = None
    if len(digits) == 12:
        century, digits = digits[:2], digits[2:]
    if len(digits) != 10 or not luhn.is_valid(digits):
        return None
    month, day = int(digits[2:4]), int(digits[4:6])
    if month >= 20:
        return _orgnr_kind(century, digits, separator, text, start)
    if century not in (None, "18", "19", "20"):
        return None
    kind = Kind.PERSONNUMMER
    if 60 <= day <= 91:
        kind, day = Kind.SAMORDNINGSNUMMER, max(day - 60, 1)
    if not _valid_date(century, f"{digits[:4]}{day:02d}"):
        return None
    context = _context(text, start, _PERSONNUMMER_CONTEXT)
    if century is None and not separator and digits[0] == "0" and not context:
        # 07xxxxxxxx is far more often a mobile number than a pnr written without its dash.
        return None if _is_swedish_phone(digits) else (kind, 0.6)
    confidence = 0.97 if separator in "-+" and separator else 0.85
    if separator == " ":
        confidence = 0.7
    return kind, min(0.99, confidence + (0.1 if context else 0.0))


def _orgnr_kind(
    century: str | None, digits: str, separator: str, text: str, start: int
) -> tuple[Kind, float] | None:
    """Accept an organisationsnummer: a known group digit, a "16" century if any, Luhn."""
    if century not in (None, "16") or (separator in "+ " and separator):
        return None
    if digits[0] in "04" or not stdnum_orgnr.is_valid(digits):
        return None
    context = _context(text, start, _ORGNR_CONTEXT)
    if not separator and not context:
        # Ten bare digits pass Luhn one time in ten: transaction and order numbers do.
        return None
    return Kind.ORGANISATIONSNUMMER, 0.97


def find_national_ids(text: str, runs: Runs) -> Iterator[Finding]:
    """Personnummer, samordningsnummer and organisationsnummer with valid checksums."""
    for match in _in_runs(_NATIONAL_ID, text, runs):
        verdict = _national_id_kind(match.group(), text, match.start())
        if verdict is not None:
            yield Finding(match.start(), match.end(), verdict[0], verdict[1])


def _card_issuer_known(digits: str) -> bool:
    """Whether the number starts like a card of a major scheme (Visa, Mastercard, Amex …)."""
    if digits[0] == "2":
        return 2221 <= int(digits[:4]) <= 2720
    return digits[0] in "3456"


def find_payment_cards(text: str, runs: Runs) -> Iterator[Finding]:
    """Payment card numbers: 13–19 digits, a known issuer prefix and a valid Luhn digit."""
    for match in _in_runs(_PAYMENT_CARD, text, runs):
        candidate = match.group()
        for end in _group_ends(candidate):
            digits = _NOT_DIGIT.sub("", candidate[:end])
            if 13 <= len(digits) <= 19 and _card_issuer_known(digits) and luhn.is_valid(digits):
                confidence = 0.95 if _context(text, match.start(), _CARD_CONTEXT) else 0.85
                yield Finding(match.start(), match.start() + end, Kind.PAYMENT_CARD, confidence)
                break


def _group_ends(candidate: str) -> list[int]:
    """Ends of the candidate and of each shorter prefix that stops before a separator."""
    ends = [len(candidate)]
    ends += [i for i in range(len(candidate) - 1, 0, -1) if candidate[i] in " -"]
    return ends


def find_ibans(text: str) -> Iterator[Finding]:
    """IBANs whose country length and ISO 7064 mod 97 check digits hold."""
    for match in _IBAN.finditer(text):
        candidate = match.group()
        for end in _group_ends(candidate):
            if stdnum_iban.is_valid(candidate[:end]):
                yield Finding(match.start(), match.start() + end, Kind.IBAN, 0.97)
                break


_GIRO_FORMS = (
    (Kind.BANKGIRO, _BANKGIRO, _BANKGIRO_CONTEXT),
    (Kind.PLUSGIRO, _PLUSGIRO, _PLUSGIRO_CONTEXT),
)


def find_giro_numbers(text: str) -> Iterator[Finding]:
    """Bankgiro and plusgiro numbers: mod 10 check digit and a word naming them nearby.

    Their forms (NNN-NNNN, NN NN NN-N) are shared with years, prices and order
    numbers, so a number is only taken for a giro number when "bankgiro"/"BG" or
    "plusgiro"/"PG" stands just before it.
    """
    after = -1
    for word in _GIRO_WORD.finditer(text):
        reach = max(word.end(), after), word.end() + _GIRO_REACH
        for kind, pattern, context in _GIRO_FORMS:
            for match in pattern.finditer(text, *reach):
                digits = _NOT_DIGIT.sub("", match.group())
                if (
                    2 <= len(digits) <= 8
                    and luhn.is_valid(digits)
                    and _context(text, match.start(), context)
                ):
                    yield Finding(match.start(), match.end(), kind, 0.9)
                    after = match.end()
                    break


def _is_swedish_phone(candidate: str) -> bool:
    """Whether phonenumbers holds the number valid: Swedish unless it has a country code.

    Swedish numbers (0…, +46…, 0046…) go straight to the validity check with their
    national significant number; only other international numbers take the (several
    times slower) general parse.
    """
    digits = _NOT_DIGIT.sub("", candidate)
    written = candidate.lstrip(" (")
    if written.startswith("+46") or digits.startswith("0046"):
        national = digits[2:] if written.startswith("+") else digits[4:]
        national = national.removeprefix("0")  # the trunk 0 some write as "(0)"
    elif digits.startswith("0") and not digits.startswith("00"):
        national = digits[1:]
    else:
        return _is_valid_in(candidate, "SE")
    if len(national) < 6 or national.startswith("0"):
        return False  # no Swedish area or mobile code starts with 0, and none is this short
    number = phonenumbers.PhoneNumber(country_code=46, national_number=int(national))
    if phonenumbers.is_valid_number(number):
        return True
    # English messages bring British numbers in their national form ("07700 900123").
    return len(digits) == 11 and _is_valid_in(candidate, "GB")


def _is_valid_in(candidate: str, region: str) -> bool:
    try:
        number = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_valid_number(number))


def find_phone_numbers(text: str, runs: Runs) -> Iterator[Finding]:
    """Phone numbers that phonenumbers holds valid: Swedish national form or with a country code."""
    for match in _in_runs(_PHONE, text, runs):
        candidate = match.group()
        for end in _group_ends(candidate):
            part = candidate[:end].rstrip(" -(")
            if sum(ch.isdigit() for ch in part) < 7 or part.count("(") != part.count(")"):
                continue
            if _is_swedish_phone(part):
                confidence = 0.95 if _context(text, match.start(), _PHONE_CONTEXT) else 0.85
                yield Finding(match.start(), match.start() + len(part), Kind.PHONE, confidence)
                break


def find_emails(text: str) -> Iterator[Finding]:
    """E-mail addresses that email-validator accepts (syntax only, no DNS look-up)."""
    for match in _EMAIL.finditer(text):
        local = _EMAIL_LOCAL.search(text, max(0, match.start() - 64), match.start())
        if local is None:
            continue
        start = local.start()
        while start < match.start() and text[start] in ".'":
            start += 1
        if _is_email(text[start : match.end()]):
            yield Finding(start, match.end(), Kind.EMAIL, 0.99)


def _is_email(candidate: str) -> bool:
    """Whether email-validator accepts the address; plain ASCII ones are checked here first."""
    if _PLAIN_EMAIL.fullmatch(candidate) and ".." not in candidate:
        return True
    try:
        validate_email(candidate, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def find_ip_addresses(text: str) -> Iterator[Finding]:
    """IPv4 and IPv6 addresses that `ipaddress` accepts."""
    for match in _ip_candidates(text):
        try:
            ipaddress.ip_address(match.group())
        except ValueError:
            continue
        yield Finding(match.start(), match.end(), Kind.IP_ADDRESS, 0.9)


def _ip_candidates(text: str) -> Iterator[re.Match[str]]:
    """IPv4 forms around each ".d.d." seed, IPv6 forms around each "x:y:" seed."""
    after = 0
    for seed in _IPV4_SEED.finditer(text):
        if seed.start() >= after:
            match = _IPV4.search(text, max(after, seed.start() - 3), seed.end() + 4)
            if match is not None:
                after = match.end()
                yield match
    after = 0
    for seed in _IPV6_SEED.finditer(text):
        if seed.start() < after:
            continue
        for match in _IPV6.finditer(text, max(after, seed.start() - 5), seed.end() + 40):
            if match.group().count(":") >= 2:
                after = match.end()
                yield match
                break


_DIGIT = re.compile(r"\d")
Detector = Callable[[str], Iterator[Finding]]
RunDetector = Callable[[str, Runs], Iterator[Finding]]

_IN_RUNS: tuple[tuple[RunDetector, frozenset[Kind]], ...] = (
    (
        find_national_ids,
        frozenset({Kind.PERSONNUMMER, Kind.SAMORDNINGSNUMMER, Kind.ORGANISATIONSNUMMER}),
    ),
    (find_payment_cards, frozenset({Kind.PAYMENT_CARD})),
    (find_phone_numbers, frozenset({Kind.PHONE})),
)
_WITH_DIGITS: tuple[tuple[Detector, frozenset[Kind]], ...] = (
    (find_ibans, frozenset({Kind.IBAN})),
    (find_giro_numbers, frozenset({Kind.BANKGIRO, Kind.PLUSGIRO})),
)


# Typeset dashes and spaces that word processors put into numbers ("811228–9874",
# "070 123 45 67" with no-break spaces), each one character for one, so offsets hold.
_SEPARATORS = {
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u2007": " ",
    "\u2009": " ",
    "\u202f": " ",
}


def _plain_separators(text: str) -> str:
    for typeset, plain in _SEPARATORS.items():
        if typeset in text:
            text = text.replace(typeset, plain)
    return text


def find_identifiers(text: str, kinds: Collection[Kind]) -> list[Finding]:
    """Every identifier of the given kinds in `text`, overlaps not yet resolved.

    Detectors whose identifiers cannot be in the text (no run of digits, no digit at
    all, no "@") are not run: short messages mostly have none of these.
    """
    wanted = kinds if isinstance(kinds, frozenset) else frozenset(kinds)
    text = _plain_separators(text)
    found: list[Finding] = []
    runs = numeric_runs(text)
    if runs:
        for in_runs, produces in _IN_RUNS:
            if not produces.isdisjoint(wanted):
                found += [f for f in in_runs(text, runs) if f.kind in wanted]
    if runs or _DIGIT.search(text):
        for with_digits, produces in _WITH_DIGITS:
            if not produces.isdisjoint(wanted):
                found += [f for f in with_digits(text) if f.kind in wanted]
    if Kind.EMAIL in wanted and "@" in text:
        found += find_emails(text)
    if Kind.IP_ADDRESS in wanted:
        found += find_ip_addresses(text)
    return found
