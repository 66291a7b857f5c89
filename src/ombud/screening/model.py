"""What screening finds: a kind of sensitive content at a span of the text."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class Kind(StrEnum):
    """The kinds of content screening reports; the values are the stable wire names."""

    PERSONNUMMER = "personnummer"
    SAMORDNINGSNUMMER = "samordningsnummer"
    ORGANISATIONSNUMMER = "organisationsnummer"
    PAYMENT_CARD = "payment_card"
    IBAN = "iban"
    BANKGIRO = "bankgiro"
    PLUSGIRO = "plusgiro"
    PHONE = "phone"
    EMAIL = "email"
    IP_ADDRESS = "ip_address"
    HEALTH = "health"
    RELIGION = "religion"
    POLITICAL = "political"
    TRADE_UNION = "trade_union"
    SEX_LIFE = "sex_life"
    ETHNIC_ORIGIN = "ethnic_origin"
    GENETIC = "genetic"
    BIOMETRIC = "biometric"
    CRIMINAL = "criminal"


IDENTIFIER_KINDS: frozenset[Kind] = frozenset(
    {
        Kind.PERSONNUMMER,
        Kind.SAMORDNINGSNUMMER,
        Kind.ORGANISATIONSNUMMER,
        Kind.PAYMENT_CARD,
        Kind.IBAN,
        Kind.BANKGIRO,
        Kind.PLUSGIRO,
        Kind.PHONE,
        Kind.EMAIL,
        Kind.IP_ADDRESS,
    }
)
"""Identifiers, each found by its format and, where it has one, its checksum."""

SPECIAL_KINDS: frozenset[Kind] = frozenset(Kind) - IDENTIFIER_KINDS - {Kind.CRIMINAL}
"""The special categories of GDPR Art. 9(1)."""

CATEGORY_KINDS: frozenset[Kind] = SPECIAL_KINDS | {Kind.CRIMINAL}
"""Art. 9 special categories plus Art. 10 criminal-offence data: found by their words."""


class Finding(NamedTuple):
    """One piece of sensitive content: `text[start:end]` is of `kind`.

    Offsets are character offsets into the screened text, `end` exclusive.
    `confidence` (0 < c <= 1) says how sure the detector is that the span is of
    this kind, given its form and its context. A named tuple, not a dataclass: a long
    text has tens of thousands of findings, and a tuple is made several times faster.
    """

    start: int
    end: int
    kind: Kind
    confidence: float

    def excerpt(self, text: str) -> str:
        """The span of `text` this finding covers."""
        return text[self.start : self.end]
