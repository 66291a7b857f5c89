"""The common spellings of identifiers, normalised without the libraries' general parsers.

A bulk import spends most of its time in email-validator and phonenumbers, yet nearly
every row holds a plain ASCII address or a Swedish mobile number. Each fast path here
accepts only a form whose library result it can state exactly, and answers None for
anything else, which then goes to the library; a property test holds the two together.
"""

from __future__ import annotations

import re

import email_validator
from phonenumbers import PhoneMetadata

# Dot-atom local part of the plainest characters, LDH labels without "--" (so no
# Punycode, whose Unicode form the library would return), a TLD of letters. The
# library accepts all of these as they are and lowercases only the domain.
_PLAIN_EMAIL = re.compile(
    r"(?P<local>[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*)"
    r"@(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})"
)
_LOCAL_MAX = 64  # the library's limit only in strict mode: longer ones go to it
_DOMAIN_MAX = 253
_EMAIL_MAX = 254

# +46 7…, 0046 7…, 07…: spaces and hyphens between the digits only.
_SWEDISH_MOBILE = re.compile(r"(?:\+46|0046|0)(7\d{8})")
_SEPARATORS = str.maketrans("", "", " -")
_PHONE_CHARACTERS = frozenset("+0123456789 -")


def plain_email(raw: str) -> str | None:
    """`normalise_email`'s answer for a plain ASCII address, or None to ask the library."""
    match = _PLAIN_EMAIL.fullmatch(raw)
    if match is None or "--" in match["domain"]:
        return None
    domain = match["domain"].lower()
    if len(match["local"]) > _LOCAL_MAX or len(domain) > _DOMAIN_MAX or len(raw) > _EMAIL_MAX:
        return None
    # Read the library's own list each time, as it does: special-use names are refused.
    for name in email_validator.SPECIAL_USE_DOMAIN_NAMES:
        if domain == name or domain.endswith("." + name):
            return None
    return f"{match['local'].lower()}@{domain}"


def swedish_mobile(raw: str) -> str | None:
    """`normalise_phone`'s answer (E.164) for a Swedish mobile number, or None to ask it.

    Only numbers that phonenumbers' own metadata for SE calls mobile are answered here;
    being a mobile number is one of the ways a number is valid there.
    """
    if not raw or raw[-1] in " -" or not set(raw) <= _PHONE_CHARACTERS:
        return None
    match = _SWEDISH_MOBILE.fullmatch(raw.translate(_SEPARATORS))
    if match is None:
        return None
    national = match[1]
    metadata = PhoneMetadata.metadata_for_region("SE")
    if metadata is None:
        return None
    for desc in (metadata.general_desc, metadata.mobile):
        if desc is None or desc.national_number_pattern is None:
            return None
        if desc.possible_length and len(national) not in desc.possible_length:
            return None
        if re.fullmatch(desc.national_number_pattern, national) is None:
            return None
    return "+46" + national
