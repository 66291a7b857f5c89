"""What the purge and erasure work with: the legal hold, marketing blocks, their logs, a lease.

None of these tables holds personal data in the clear: held values stay ciphertext,
blocks are keyed hashes, and the erasure log holds counts.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from ombud.store.tables._meta import HASH_BYTES, id_column, metadata, one_of
from ombud.store.tables.register import subjects
from ombud.store.types import BigId, UTCDateTime

ERASURE_KINDS = ("purge", "erasure")

# The segregated legal hold (Bokföringslagen 7 kap. 2 §): values a law forbids erasing
# are moved here, out of reach of ordinary processing, until the hold expires. The
# foreign key keeps the subject row, and with it the wrapped data key that decrypts
# `value`, while any held record remains; only then may the subject row go.
held_records = Table(
    "held_records",
    metadata,
    id_column(),
    Column("subject_id", BigId, ForeignKey(subjects.c.id), nullable=False, index=True),
    Column("hold", String(100), nullable=False),  # a legal hold named in the declaration
    Column("category", String(200), nullable=False),
    Column("value", LargeBinary, nullable=False),  # ciphertext, as it was in records
    Column("expires_at", UTCDateTime, nullable=False, index=True),
    Column("moved_at", UTCDateTime, nullable=False),
    Column("law", Text, nullable=False),  # e.g. "Bokföringslagen (1999:1078) 7 kap. 2 §"
)

# A direct-marketing block outlives the erasure of its subject as a keyed hash of the
# identifier, so the person is not contacted again (marknadsföringslagen).
marketing_blocks = Table(
    "marketing_blocks",
    metadata,
    Column("hash", LargeBinary(HASH_BYTES), primary_key=True),
    Column("created_at", UTCDateTime, nullable=False),
)

purge_runs = Table(
    "purge_runs",
    metadata,
    id_column(),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=True),
    Column("status", String(20), nullable=False),
    Column("records_per_second", Float, nullable=True),
    Column("as_of", UTCDateTime, nullable=False),  # the `now` the run purged against
)

# What the purge or an erasure removed: counts per rule and category, no personal data.
erasure_log = Table(
    "erasure_log",
    metadata,
    id_column(),
    Column("run_id", BigId, ForeignKey(purge_runs.c.id), nullable=True, index=True),
    Column("kind", String(20), nullable=False),
    Column("rule", String(200), nullable=False),
    Column("category", String(200), nullable=False),
    Column("count", Integer, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    one_of("kind", ERASURE_KINDS),
    CheckConstraint("kind <> 'purge' OR run_id IS NOT NULL", name="purge_has_run"),
    CheckConstraint("count >= 0", name="count_not_negative"),
)

# A lease: the purge holds `name` until `expires_at`. PostgreSQL deployments also take
# an advisory lock; the table works on both backends.
locks = Table(
    "locks",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("holder", String(200), nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
)
