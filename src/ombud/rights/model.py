"""Plain data of data subject requests: types, states, the request, plans and reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, NewType

RequestId = NewType("RequestId", str)
"""A request's public id: what the person, the CLI and the API name it by."""


class RequestType(StrEnum):
    """What the person asks for (GDPR Art. 7(3), 15–18, 20, 21)."""

    access = "access"  # Art. 15
    rectification = "rectification"  # Art. 16
    erasure = "erasure"  # Art. 17
    restriction = "restriction"  # Art. 18
    objection = "objection"  # Art. 21
    portability = "portability"  # Art. 20
    consent_withdrawal = "consent_withdrawal"  # Art. 7(3)


class RequestStatus(StrEnum):
    """Where a request stands; completed and refused are final."""

    received = "received"
    verified = "verified"  # the person proved they control the contact address
    in_progress = "in_progress"  # being carried out, or waiting for a balancing (Art. 21(1))
    completed = "completed"
    refused = "refused"  # with reasons and the right to complain (Art. 12(4))


@dataclass(frozen=True)
class Request:
    """One request as services and shells see it; holds no personal data in the clear."""

    id: RequestId
    type: RequestType
    status: RequestStatus
    lang: str
    received_at: datetime
    due_on: date
    purpose: str | None = None
    verified_at: datetime | None = None
    extended_to: date | None = None
    extension_reason: str | None = None
    extension_noticed_at: datetime | None = None
    subject_known: bool = False
    outcome: dict[str, Any] | None = None

    @property
    def deadline(self) -> date:
        """The day the request must be answered by: the extended one if extended."""
        return self.extended_to or self.due_on


class PlanAction(StrEnum):
    """What an erasure does with one record (Art. 17(1) and 17(3))."""

    erase = "erase"
    hold = "hold"  # moved to the segregated legal hold; only the law's categories
    keep = "keep"  # kept in place: a purpose still justifies it (Art. 17(3))


@dataclass(frozen=True)
class PlanItem:
    """The decision for one record: erased, or kept with the rule that keeps it."""

    record_id: int
    category: str
    action: PlanAction
    rule: str | None = None  # "hold:bookkeeping", "purpose:invoicing", "legal_claims"
    hold: str | None = None  # the legal hold that keeps it, for PlanAction.hold
    law: str | None = None  # for a hold: the provision, e.g. Bokföringslagen 7 kap. 2 §
    until: datetime | None = None  # when the keeping rule lets go; None: not yet known
    keeping_purposes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ErasurePlan:
    """An erasure plan: one item per record of the subject."""

    items: tuple[PlanItem, ...]

    def of(self, action: PlanAction) -> tuple[PlanItem, ...]:
        return tuple(item for item in self.items if item.action is action)

    @property
    def leaves_nothing(self) -> bool:
        """Whether nothing of the subject stays: their data key may then be destroyed."""
        return all(item.action is PlanAction.erase for item in self.items)


@dataclass(frozen=True)
class Notice:
    """A recipient to tell of a rectification, erasure or restriction (Art. 19)."""

    key: str
    name: str
    kind: str  # processor or recipient
    purposes: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    """What carrying out a request did, kept on the request as proof (Art. 5(2)).

    Counts, categories, rules and recipients only: never values.
    """

    summary: str
    done: dict[str, Any] = field(default_factory=dict)
    kept: tuple[dict[str, Any], ...] = ()
    notify: tuple[Notice, ...] = ()
    artifact: bytes | None = None  # the access report's HTML or the portability zip
    artifact_name: str | None = None
    report: AccessReport | None = None  # for an access request; never stored


@dataclass(frozen=True)
class BasisHolding:
    """One purpose's hold on one record."""

    id: int
    purpose: str
    legal_basis: str
    status: str
    expires_at: datetime | None


@dataclass(frozen=True)
class RecordHolding:
    """One record of a subject with its bases; `value` is still ciphertext."""

    id: int
    category: str
    value: bytes
    source: str
    source_name: str | None
    provided_by_subject: bool
    collected_at: datetime
    entry_id: int | None  # records collected together (one booking) share their events
    bases: tuple[BasisHolding, ...]


@dataclass(frozen=True)
class DataItem:
    """The values of one category held about the person, and why (Art. 15(1)(b), (g))."""

    category: str
    name: str
    values: tuple[str, ...]
    purposes: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class PurposeItem:
    """One purpose that holds the person's data (Art. 15(1)(a), (c), (d), (h))."""

    key: str
    name: str
    description: str
    legal_basis: str
    special_condition: str | None
    legitimate_interest: str | None
    retention: str
    expires_on: tuple[str, ...]  # the computed dates, ISO; empty while no clock runs
    recipients: tuple[str, ...]
    automated_decisions: str | None
    status: str


@dataclass(frozen=True)
class RecipientItem:
    """A recipient of the person's data, with any third-country transfer (Art. 15(1)(c), 15(2))."""

    key: str
    name: str
    kind: str
    location: str
    transfer: str | None


@dataclass(frozen=True)
class HeldItem:
    """A record in the legal hold: which category, under which law, until when."""

    category: str
    name: str
    law: str
    until: str


@dataclass(frozen=True)
class AccessReport:
    """Everything GDPR Art. 15 lists, for one person, in one language (a registerutdrag)."""

    lang: str
    generated_at: str
    controller: dict[str, str | None]
    holds_data: bool
    data: tuple[DataItem, ...]
    purposes: tuple[PurposeItem, ...]
    recipients: tuple[RecipientItem, ...]
    held: tuple[HeldItem, ...]
    rights: tuple[str, ...]
    complaint: dict[str, str | None]
    reports_in_last_year: int
    free: bool | None
