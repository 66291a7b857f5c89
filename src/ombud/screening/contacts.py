"""Contact identifiers in free text: phone numbers, e-mail and IP addresses.

Each candidate is held valid by phonenumbers, email-validator or `ipaddress`. Phone
numbers are sought only inside runs of digits, e-mail addresses around each "@", IP
addresses around each ".d.d." or "x:y:"; prose in between is skipped at C speed.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from ombud.screening.candidates import NOT_DIGIT, Runs, group_ends, in_runs, named_before
from ombud.screening.model import Finding, Kind

# Not begun after a group of four digits: "5355 0838 6379 4027" (a card that fails its
# checksum) holds no Stockholm number "0838 6379". Two numbers in a row still count.
_PHONE = re.compile(
    r"[+0(](?<![\w+\-/.][+0(])(?<!\d{4} [+0(])"
    r"(?:\+|00|\(0\)|0)?\s?\d[\d \-()]{4,17}\d(?![\w]|[-.,/:]\d)",
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
_IPV6_SEED = re.compile(r":[0-9A-Fa-f]{0,4}:")
_IPV4_SEED = re.compile(r"\.\d{1,3}\.\d{1,3}\.")  # starts with a literal: a fast scan
_VERSION_BEFORE = re.compile(r"(?i:build|version|ver\.?|v\.?)[ \t:]*$")
_PHONE_CONTEXT = re.compile(r"tel|mobil|ring|phone|call|sms|nummer|nr|nå mig|reach me")


def is_swedish_phone(candidate: str) -> bool:
    """Whether phonenumbers holds the number valid: Swedish unless it has a country code.

    Swedish numbers (0…, +46…, 0046…) go straight to the validity check with their
    national significant number; only other international numbers take the (several
    times slower) general parse.
    """
    digits = NOT_DIGIT.sub("", candidate)
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
    for match in in_runs(_PHONE, text, runs):
        candidate = match.group()
        for end in group_ends(candidate):
            part = candidate[:end].rstrip(" -(")
            if sum(ch.isdigit() for ch in part) < 7 or part.count("(") != part.count(")"):
                continue
            if is_swedish_phone(part):
                confidence = 0.95 if named_before(text, match.start(), _PHONE_CONTEXT) else 0.85
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
    """IPv4 and IPv6 addresses that `ipaddress` accepts, but not a version or build number
    written the same way ("build 2.31.0.7")."""
    for match in _ip_candidates(text):
        if _VERSION_BEFORE.search(text, max(0, match.start() - 12), match.start()):
            continue
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
