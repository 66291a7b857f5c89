"""The audit trail: who did what, when, to which subject, for which purpose (Art. 5(2)).

Append-only and hash-chained: each event's hash covers its content and the hash of
the event before it, so an edited or deleted event breaks the chain at that point.
No personal data goes in: the subject appears as a keyed pseudonym, details hold
categories and counts, never values. Event types are declared here, each with a
stable name and a docstring; the docs' event reference is generated from them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from ombud.store.tables import audit_events
from ombud.store.types import canonical_json

GENESIS = "0" * 64  # the prev_hash of the first event


@dataclass(frozen=True)
class AuditEvent:
    """Base of every audit event type; `name` is stable, the fields become `detail`."""

    name: ClassVar[str]

    def detail(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SubjectRegistered(AuditEvent):
    """A new subject was created in the register."""

    name: ClassVar[str] = "subject_registered"
    kind: str


@dataclass(frozen=True)
class Collected(AuditEvent):
    """Records were collected for a purpose (categories only, never values)."""

    name: ClassVar[str] = "collected"
    categories: tuple[str, ...]
    source: str
    new_records: int


@dataclass(frozen=True)
class Read(AuditEvent):
    """Personal data was read for a purpose through the purpose gate."""

    name: ClassVar[str] = "read"
    categories: tuple[str, ...]
    use: str


@dataclass(frozen=True)
class ReadDenied(AuditEvent):
    """The purpose gate refused a read, with its reason."""

    name: ClassVar[str] = "read_denied"
    reason: str


@dataclass(frozen=True)
class EventRecorded(AuditEvent):
    """A retention event was recorded and the expiries counting from it recomputed."""

    name: ClassVar[str] = "event_recorded"
    event: str
    bases_recomputed: int


@dataclass(frozen=True)
class ConsentGiven(AuditEvent):
    """A consent was given; `text_hash` names the exact text consented to."""

    name: ClassVar[str] = "consent_given"
    text_hash: str
    method: str
    explicit: bool


@dataclass(frozen=True)
class ConsentWithdrawn(AuditEvent):
    """A consent was withdrawn (Art. 7(3)); the bases resting on it were marked withdrawn."""

    name: ClassVar[str] = "consent_withdrawn"
    bases_withdrawn: int


@dataclass(frozen=True)
class Imported(AuditEvent):
    """A file of people was imported for a purpose (counts only)."""

    name: ClassVar[str] = "imported"
    subjects: int
    records: int
    rejected: int = 0


@dataclass(frozen=True)
class PurgeRan(AuditEvent):
    """The purge (gallring) ran: what it removed, in counts; the erasure log has the detail."""

    name: ClassVar[str] = "purge_run"
    run_id: int
    as_of: str
    records_removed: int
    records_moved_to_hold: int
    held_removed: int
    subjects_removed: int
    bases_removed: int


@dataclass(frozen=True)
class RequestReceived(AuditEvent):
    """A data subject request was received; `request` is its public id."""

    name: ClassVar[str] = "request_received"
    request: str
    type: str
    due_on: str


@dataclass(frozen=True)
class RequestVerified(AuditEvent):
    """The person proved control of the request's contact address (Art. 12(6))."""

    name: ClassVar[str] = "request_verified"
    request: str
    subject_found: bool


@dataclass(frozen=True)
class VerificationFailed(AuditEvent):
    """A verification code was refused: wrong, expired or out of attempts."""

    name: ClassVar[str] = "verification_failed"
    request: str
    reason: str


@dataclass(frozen=True)
class RequestExtended(AuditEvent):
    """A request's deadline was extended, and the person told why (Art. 12(3))."""

    name: ClassVar[str] = "request_extended"
    request: str
    extended_to: str
    reason: str


@dataclass(frozen=True)
class RequestRefused(AuditEvent):
    """A request was refused with reasons and the right to complain (Art. 12(4))."""

    name: ClassVar[str] = "request_refused"
    request: str
    reason: str


@dataclass(frozen=True)
class RequestCompleted(AuditEvent):
    """A request was carried out; `summary` says what was done, without values."""

    name: ClassVar[str] = "request_completed"
    request: str
    type: str
    summary: str


@dataclass(frozen=True)
class AccessReported(AuditEvent):
    """The subject's data was read for an access report (Art. 15): one read, all categories."""

    name: ClassVar[str] = "access_reported"
    request: str
    categories: tuple[str, ...]
    reports_in_last_year: int


@dataclass(frozen=True)
class Rectified(AuditEvent):
    """A record's value was corrected or completed (Art. 16).

    `previous` is the old value's ciphertext under the subject's own key (base64), so
    the trail keeps it without holding personal data in the clear; it becomes
    unreadable when the subject's key is destroyed at erasure. Empty for a completion.
    """

    name: ClassVar[str] = "rectified"
    request: str
    category: str
    previous: str


@dataclass(frozen=True)
class Erased(AuditEvent):
    """A subject's data was erased on request (Art. 17): counts, and what was kept why."""

    name: ClassVar[str] = "erased"
    request: str
    erased: int
    held: int
    kept: int
    key_destroyed: bool


@dataclass(frozen=True)
class Restricted(AuditEvent):
    """Processing of the subject's data was restricted (Art. 18); `bases` counts them."""

    name: ClassVar[str] = "restricted"
    request: str
    bases: int


@dataclass(frozen=True)
class RestrictionLifted(AuditEvent):
    """A restriction was lifted after the person was told (Art. 18(3))."""

    name: ClassVar[str] = "restriction_lifted"
    request: str
    bases: int
    reason: str


@dataclass(frozen=True)
class Objected(AuditEvent):
    """The subject objected (Art. 21); `marketing` when to direct marketing (21(2)-(3))."""

    name: ClassVar[str] = "objected"
    request: str
    marketing: bool
    bases: int


@dataclass(frozen=True)
class BalancingRecorded(AuditEvent):
    """The outcome of weighing an objection to legitimate interest (Art. 21(1))."""

    name: ClassVar[str] = "balancing_recorded"
    request: str
    upheld: bool
    reason: str


@dataclass(frozen=True)
class PortabilityExported(AuditEvent):
    """The data the subject provided was exported for portability (Art. 20)."""

    name: ClassVar[str] = "portability_exported"
    request: str
    categories: tuple[str, ...]
    records: int


@dataclass(frozen=True)
class SelfServiceRead(AuditEvent):
    """The person read their own data in the portal after signing in (Art. 15, Recital 63)."""

    name: ClassVar[str] = "self_service_read"
    view: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class IntakeRejected(AuditEvent):
    """A text was rejected at intake and deleted: nothing of it was stored (GDPR Art. 5(1)(c)).

    Holds the channel and the kinds screening found, with their counts; never the
    text, never the sender.
    """

    name: ClassVar[str] = "intake_rejected"
    channel: str
    kinds: tuple[str, ...]
    counts: dict[str, int]
    replied: bool


@dataclass(frozen=True)
class IntakeFlagged(AuditEvent):
    """A text was stored at intake and flagged for the data protection officer."""

    name: ClassVar[str] = "intake_flagged"
    channel: str
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class IntakeFlagReviewed(AuditEvent):
    """A staff member marked a flagged text as reviewed."""

    name: ClassVar[str] = "intake_flag_reviewed"
    flag: int
    channel: str


EVENT_TYPES: tuple[type[AuditEvent], ...] = (
    SubjectRegistered,
    Collected,
    Read,
    ReadDenied,
    EventRecorded,
    ConsentGiven,
    ConsentWithdrawn,
    Imported,
    PurgeRan,
    RequestReceived,
    RequestVerified,
    VerificationFailed,
    RequestExtended,
    RequestRefused,
    RequestCompleted,
    AccessReported,
    Rectified,
    Erased,
    Restricted,
    RestrictionLifted,
    Objected,
    BalancingRecorded,
    PortabilityExported,
    SelfServiceRead,
    IntakeRejected,
    IntakeFlagged,
    IntakeFlagReviewed,
)


def event_hash(prev_hash: str, row: Mapping[str, Any]) -> str:
    """SHA-256 over the previous hash and the event's canonical JSON (id included)."""
    content = {
        "id": row["id"],
        "at": row["at"].isoformat(),
        "actor": row["actor"],
        "name": row["name"],
        "subject_ref": row["subject_ref"],
        "purpose": row["purpose"],
        "detail": row["detail"],
    }
    return hashlib.sha256((prev_hash + canonical_json(content)).encode()).hexdigest()


def _serialise_appends(session: Session) -> None:
    """Two appends at once must not both chain onto the same predecessor."""
    if session.get_bind().dialect.name == "postgresql":
        # A transaction-scoped advisory lock: released at commit or rollback.
        session.execute(text("SELECT pg_advisory_xact_lock(7423001)"))
    # SQLite: a second writer cannot upgrade its stale read to a write (WAL snapshot).


def append(
    session: Session,
    event: AuditEvent,
    *,
    at: datetime,
    actor: str,
    subject_ref: str | None = None,
    purpose: str | None = None,
) -> str:
    """Append one event to the chain in the caller's transaction; return its hash."""
    _serialise_appends(session)
    last = session.execute(
        select(audit_events.c.id, audit_events.c.hash).order_by(audit_events.c.id.desc()).limit(1)
    ).first()
    prev_hash, next_id = (last.hash, last.id + 1) if last else (GENESIS, 1)
    row: dict[str, Any] = {
        "id": next_id,
        "at": at,
        "actor": actor,
        "name": event.name,
        "subject_ref": subject_ref,
        "purpose": purpose,
        "detail": _jsonable(event.detail()),
    }
    row["hash"] = event_hash(prev_hash, row)
    session.execute(insert(audit_events).values(prev_hash=prev_hash, **row))
    return str(row["hash"])


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class ChainBreak:
    """Where the chain no longer holds, and how."""

    id: int
    problem: str


@dataclass(frozen=True)
class Verification:
    """The outcome of walking the chain: how many events, the head hash, every break."""

    events: int
    head: str
    breaks: tuple[ChainBreak, ...] = field(default=())

    @property
    def intact(self) -> bool:
        return not self.breaks


def verify_rows(rows: Iterable[Mapping[str, Any]]) -> Verification:
    """Check a chain given in id order: ids contiguous, links and hashes as recomputed.

    A deleted event shows as a gap in the ids and a link that points at the wrong
    predecessor; an edited one as a hash that no longer matches its content. Deleting
    the newest events cannot be seen from the chain alone: compare `head` with a copy
    kept elsewhere (the DPO's log of `ombud audit verify`).
    """
    breaks: list[ChainBreak] = []
    prev_hash, expected_id, count = GENESIS, 1, 0
    for row in rows:
        count += 1
        if row["id"] != expected_id:
            breaks.append(
                ChainBreak(row["id"], f"events {expected_id}–{row['id'] - 1} are missing")
            )
        if row["prev_hash"] != prev_hash:
            breaks.append(ChainBreak(row["id"], "its link does not match the event before it"))
        if event_hash(row["prev_hash"], row) != row["hash"]:
            breaks.append(ChainBreak(row["id"], "its content was changed after it was written"))
        prev_hash, expected_id = row["hash"], row["id"] + 1
    return Verification(count, prev_hash, tuple(breaks))


def verify(session: Session, *, batch: int = 10_000) -> Verification:
    """Walk the whole audit trail in id order, in batches, and report every break."""
    columns = audit_events.c
    query = select(audit_events).order_by(columns.id).execution_options(yield_per=batch)
    rows = (dict(row._mapping) for row in session.execute(query))
    return verify_rows(rows)


def count(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(audit_events)).scalar_one())
