"""Identifiers in free text, each accepted only when its form and its checksum hold.

A number that fails its checksum is not an identifier: candidates are found by a
regular expression, then validated with python-stdnum (personnummer, samordningsnummer,
organisationsnummer, cards, IBAN, bankgiro, plusgiro) or, for contacts, by the
detectors in `contacts`. `find_identifiers` runs them all.

Speed comes from never scanning prose with a complicated pattern: one cheap scan
finds the groups of digits (others the "@", the ".d.d.", the "x:y:"), and only the
few places around them are matched against the exact forms. Every pattern
begins with the character class its match must start with, so the regex engine
skips ahead quickly; boundary checks come right after as look-behinds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from datetime import date

from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.se import orgnr as stdnum_orgnr

from ombud.screening.candidates import (
    NOT_DIGIT,
    Groups,
    Runs,
    before_groups,
    digit_groups,
    group_ends,
    in_runs,
    named_before,
    numeric_runs,
)
from ombud.screening.contacts import (
    find_emails,
    find_ip_addresses,
    find_phone_numbers,
    is_swedish_phone,
)
from ombud.screening.model import Finding, Kind

# "bankgiro", "plusgiro", "postgiro", "BG", "PG" (and a few harmless extras, checked later).
_GIRO_WORD = re.compile(r"[gGbBpP](?:iro|IRO|[gG]\b)")
_GIRO_WORD_LENGTH = 4
# How far after its word a giro number may end.
_GIRO_REACH = 30

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
# Words that, just before a number, say what it is.
_PERSONNUMMER_CONTEXT = re.compile(
    r"person(?:nummer|nr|numret)|\bpnr\b|p-nr|samordningsnummer|född|personal (?:identity )?number|"
    r"identity number|social security|\bssn\b|id-nummer|id nr",
)
_ORGNR_CONTEXT = re.compile(
    r"org(?:anisations)?\.?[ -]?n(?:umme)?r|corporate id|company (?:reg|num)"
)
_BANKGIRO_CONTEXT = re.compile(r"bankgiro|\bbg\b|bg-nr|bg nr|bankgironr")
_PLUSGIRO_CONTEXT = re.compile(r"plusgiro|postgiro|\bpg\b|pg-nr|pg nr|plusgironr")
_REFERENCE_BEFORE = re.compile(r"(?i:ocr|ocr-nummer|ocr-nr|referens|reference|ref)\.?[ \t:#]*$")
_CARD_CONTEXT = re.compile(r"kort|card|visa|mastercard|amex|betal")


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
    digits = NOT_DIGIT.sub("", match)
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
    context = named_before(text, start, _PERSONNUMMER_CONTEXT)
    if century is None and not separator and digits[0] == "0" and not context:
        # 07xxxxxxxx is far more often a mobile number than a pnr written without its dash.
        return None if is_swedish_phone(digits) else (kind, 0.6)
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
    context = named_before(text, start, _ORGNR_CONTEXT)
    if not separator and not context:
        # Ten bare digits pass Luhn one time in ten: transaction and order numbers do.
        return None
    return Kind.ORGANISATIONSNUMMER, 0.97


def find_national_ids(text: str, runs: Runs) -> Iterator[Finding]:
    """Personnummer, samordningsnummer and organisationsnummer with valid checksums."""
    for match in in_runs(_NATIONAL_ID, text, runs):
        verdict = _national_id_kind(match.group(), text, match.start())
        if verdict is not None:
            yield Finding(match.start(), match.end(), verdict[0], verdict[1])


def _card_issuer_known(digits: str) -> bool:
    """Whether the number starts like a card of a major scheme (Visa, Mastercard, Amex …)."""
    if digits[0] == "2":
        return 2221 <= int(digits[:4]) <= 2720
    return digits[0] in "3456"


def find_payment_cards(text: str, runs: Runs) -> Iterator[Finding]:
    """Payment card numbers: 13–19 digits, a known issuer prefix and a valid Luhn digit, but
    not a payment reference named as one just before it ("OCR 4410229388175": a Swedish OCR
    reference carries a Luhn digit too)."""
    for match in in_runs(_PAYMENT_CARD, text, runs):
        if _REFERENCE_BEFORE.search(text, max(0, match.start() - 16), match.start()):
            continue
        candidate = match.group()
        for end in group_ends(candidate):
            digits = NOT_DIGIT.sub("", candidate[:end])
            if 13 <= len(digits) <= 19 and _card_issuer_known(digits) and luhn.is_valid(digits):
                confidence = 0.95 if named_before(text, match.start(), _CARD_CONTEXT) else 0.85
                yield Finding(match.start(), match.start() + end, Kind.PAYMENT_CARD, confidence)
                break


def find_ibans(text: str, groups: Groups) -> Iterator[Finding]:
    """IBANs whose country length and ISO 7064 mod 97 check digits hold.

    An IBAN opens with its country's two letters and its two check digits, so it is
    looked for only two characters before each group of digits.
    """
    after = 0
    for start, _ in groups:
        if start - 2 < after:
            continue
        match = _IBAN.match(text, start - 2)
        if match is None:
            continue
        after = match.end()
        candidate = match.group()
        for end in group_ends(candidate):
            if stdnum_iban.is_valid(candidate[:end]):
                yield Finding(match.start(), match.start() + end, Kind.IBAN, 0.97)
                break


_GIRO_FORMS = (
    (Kind.BANKGIRO, _BANKGIRO, _BANKGIRO_CONTEXT),
    (Kind.PLUSGIRO, _PLUSGIRO, _PLUSGIRO_CONTEXT),
)


def find_giro_numbers(text: str, groups: Groups) -> Iterator[Finding]:
    """Bankgiro and plusgiro numbers: mod 10 check digit and a word naming them nearby.

    Their forms (NNN-NNNN, NN NN NN-N) are shared with years, prices and order
    numbers, so a number is only taken for a giro number when "bankgiro"/"BG" or
    "plusgiro"/"PG" stands just before it; the words are looked for only there.
    """
    after = -1
    words = (
        word
        for stretch in before_groups(groups, _GIRO_REACH + _GIRO_WORD_LENGTH)
        for word in _GIRO_WORD.finditer(text, *stretch)
    )
    for word in words:
        reach = max(word.end(), after), word.end() + _GIRO_REACH
        for kind, pattern, context in _GIRO_FORMS:
            for match in pattern.finditer(text, *reach):
                digits = NOT_DIGIT.sub("", match.group())
                if (
                    2 <= len(digits) <= 8
                    and luhn.is_valid(digits)
                    and named_before(text, match.start(), context)
                ):
                    yield Finding(match.start(), match.end(), kind, 0.9)
                    after = match.end()
                    break


RunDetector = Callable[[str, Runs], Iterator[Finding]]
GroupDetector = Callable[[str, Groups], Iterator[Finding]]

_IN_RUNS: tuple[tuple[RunDetector, frozenset[Kind]], ...] = (
    (
        find_national_ids,
        frozenset({Kind.PERSONNUMMER, Kind.SAMORDNINGSNUMMER, Kind.ORGANISATIONSNUMMER}),
    ),
    (find_payment_cards, frozenset({Kind.PAYMENT_CARD})),
    (find_phone_numbers, frozenset({Kind.PHONE})),
)
_BY_GROUPS: tuple[tuple[GroupDetector, frozenset[Kind]], ...] = (
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
    if text.isascii():  # known without reading the text: none of them is ASCII
        return text
    for typeset, plain in _SEPARATORS.items():
        if typeset in text:
            text = text.replace(typeset, plain)
    return text


def find_identifiers(text: str, kinds: Collection[Kind]) -> list[Finding]:
    """Every identifier of the given kinds in `text`, overlaps not yet resolved.

    One scan finds the groups of digits; each detector then looks only around them (or
    around an "@", a ".d.d.", an "x:y:"). Detectors whose identifiers cannot be in the
    text are not run: short messages mostly have no digit at all.
    """
    groups = digit_groups(text)  # the same before and after the separators are made plain
    if not groups and "@" not in text and ":" not in text:
        return []
    wanted = kinds if isinstance(kinds, frozenset) else frozenset(kinds)
    text = _plain_separators(text)
    found: list[Finding] = []
    runs = numeric_runs(text, groups) if groups else []
    if runs:
        for in_runs, produces in _IN_RUNS:
            if not produces.isdisjoint(wanted):
                found += [f for f in in_runs(text, runs) if f.kind in wanted]
    if groups:
        for by_groups, produces in _BY_GROUPS:
            if not produces.isdisjoint(wanted):
                found += [f for f in by_groups(text, groups) if f.kind in wanted]
    if Kind.EMAIL in wanted and "@" in text:
        found += find_emails(text)
    # An IPv4 address has digits, an IPv6 address colons.
    if Kind.IP_ADDRESS in wanted and (groups or ":" in text):
        found += find_ip_addresses(text)
    return found
