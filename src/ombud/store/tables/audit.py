"""The audit trail: append-only and hash-chained, so tampering is detectable."""

from __future__ import annotations

from sqlalchemy import Column, String, Table

from ombud.store.tables._meta import id_column, metadata
from ombud.store.types import JSONText, UTCDateTime

# `hash` covers this event and `prev_hash`, the hash of the event before it (by id).
# No personal data: the subject appears as a pseudonym, `detail` holds no values.
audit_events = Table(
    "audit_events",
    metadata,
    id_column(),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("name", String(100), nullable=False),  # the audit event type's stable name
    Column("subject_ref", String(100), nullable=True, index=True),
    Column("purpose", String(100), nullable=True),
    Column("detail", JSONText, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False, unique=True),
    # AUTOINCREMENT: SQLite never reuses an id, so ids stay monotonic like a sequence.
    sqlite_autoincrement=True,
)
