"""Plain data of the register: a subject's state as the purpose gate sees it, and decisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import NewType

SubjectId = NewType("SubjectId", int)
RecordId = NewType("RecordId", int)


class BasisStatus(StrEnum):
    """The state of one purpose's hold on one record."""

    active = "active"
    restricted = "restricted"  # Art. 18: only storage and the 18(2) uses
    objected = "objected"  # Art. 21: stopped after an objection
    withdrawn = "withdrawn"  # Art. 7(3): the consent behind it was withdrawn


class Use(StrEnum):
    """What the data is used for right now; restricted data passes only some (Art. 18(2))."""

    processing = "processing"  # ordinary use for the purpose
    storage = "storage"  # keeping it, nothing more
    legal_claims = "legal_claims"  # establishing, exercising or defending legal claims
    protect_others = "protect_others"  # protecting the rights of another person
    with_consent = "with_consent"  # the person consented to this use of restricted data


RESTRICTED_USES = frozenset({Use.storage, Use.legal_claims, Use.protect_others, Use.with_consent})


class Reason(StrEnum):
    """Why the gate decided as it did."""

    allowed = "allowed"
    no_basis = "no_basis"  # nothing held for this purpose
    expired = "expired"  # every basis for the purpose has run out
    consent_withdrawn = "consent_withdrawn"
    no_consent = "no_consent"  # the purpose needs a live consent and none was given
    objected = "objected"
    restricted = "restricted"
    marketing_block = "marketing_block"  # direktreklamspärr or an Art. 21(2) objection


@dataclass(frozen=True)
class BasisState:
    """One basis as the gate sees it."""

    purpose: str
    status: BasisStatus
    expires_at: datetime | None  # None: the clock has not started


@dataclass(frozen=True)
class ConsentState:
    """One consent given for a purpose, and its withdrawal if any."""

    purpose: str
    given_at: datetime
    withdrawn_at: datetime | None
    explicit: bool

    def live(self, at: datetime) -> bool:
        return self.given_at <= at and (self.withdrawn_at is None or self.withdrawn_at > at)


@dataclass(frozen=True)
class SubjectState:
    """Everything the gate needs to know about one subject."""

    marketing_block: bool
    bases: tuple[BasisState, ...]
    consents: tuple[ConsentState, ...] = ()


@dataclass(frozen=True)
class PurposeRules:
    """What the gate needs to know about a purpose, taken from the declaration."""

    key: str
    needs_consent: bool  # legal basis consent (Art. 6(1)(a))
    needs_explicit_consent: bool  # Art. 9(2)(a) condition
    direct_marketing: bool


@dataclass(frozen=True)
class Decision:
    """The gate's answer: may this subject's data be used for this purpose now, and why."""

    purpose: str
    allowed: bool
    reason: Reason
