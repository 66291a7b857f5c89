"""Subjects and what is held about them: identifiers, entries, records, bases, events, consents.

Every child table leads an index with `subject_id`: per-subject reads and erasure touch
only that subject's rows, whatever the size of the store (DESIGN.md, invariant 5).
Timestamps have no server default: services take time from their injected clock.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
)

from ombud.store.tables._meta import (
    HASH_BYTES,
    id_column,
    metadata,
    new_public_id,
    one_of,
)
from ombud.store.types import BigId, UTCDateTime

IDENTIFIER_KINDS = ("email", "phone", "personnummer")
RECORD_SOURCES = ("subject", "third_party", "observed")
BASIS_STATUSES = ("active", "restricted", "objected", "withdrawn")


def _entry_index(table: str) -> Index:
    """An index of a table's rows that belong to an entry (migration 0009)."""
    has_entry = text("entry_id IS NOT NULL")
    return Index(
        f"ix_{table}_entry_id", "entry_id", postgresql_where=has_entry, sqlite_where=has_entry
    )


subjects = Table(
    "subjects",
    metadata,
    id_column(),
    Column("public_id", String(32), nullable=False, unique=True, default=new_public_id),
    Column("kind", String(100), nullable=False),  # a subject kind named in the declaration
    # The subject's data key, wrapped by the key-encryption key. NULL once destroyed:
    # every ciphertext under it is then unreadable (crypto-shredding).
    Column("wrapped_key", LargeBinary, nullable=True),
    Column("protected_identity", Boolean, nullable=False, server_default=false()),
    Column("marketing_block", Boolean, nullable=False, server_default=false()),
    Column("created_at", UTCDateTime, nullable=False),
    # The purge asks each batch which of its subjects blocked direct marketing. Few do:
    # this lists them without reading every subject (PostgreSQL otherwise scans them).
    Index(
        "ix_subjects_marketing_block",
        "id",
        postgresql_where=text("marketing_block"),
        sqlite_where=text("marketing_block = 1"),
    ),
)

# Identifiers are found through a keyed hash of their normalised form; the plaintext
# is never stored here (it lives, encrypted, as a record).
subject_identifiers = Table(
    "subject_identifiers",
    metadata,
    id_column(),
    Column("subject_id", BigId, ForeignKey(subjects.c.id), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("blind_index", LargeBinary(HASH_BYTES), nullable=False),
    UniqueConstraint("kind", "blind_index"),
    one_of("kind", IDENTIFIER_KINDS),
)

# Records collected together, e.g. one booking; events and records may point at one.
entries = Table(
    "entries",
    metadata,
    id_column(),
    Column("subject_id", BigId, ForeignKey(subjects.c.id), nullable=False, index=True),
    Column("kind", String(100), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

records = Table(
    "records",
    metadata,
    id_column(),
    Column("subject_id", BigId, ForeignKey(subjects.c.id), nullable=False),
    Column("category", String(200), nullable=False),  # dotted key, e.g. user.contact.email
    Column("value", LargeBinary, nullable=False),  # AES-GCM ciphertext under the subject's key
    # Keyed hash of the normalised value: the same value held for two purposes is one
    # record with two bases.
    Column("value_hash", LargeBinary(HASH_BYTES), nullable=False),
    Column("source", String(20), nullable=False),
    Column("source_name", String(200), nullable=True),
    Column("provided_by_subject", Boolean, nullable=False, server_default=false()),
    Column("collected_at", UTCDateTime, nullable=False),
    Column("entry_id", BigId, ForeignKey(entries.c.id), nullable=True),
    # The records of an entry; most records belong to none, and a lookup by entry id
    # implies entry_id IS NOT NULL, so the index leaves them out.
    _entry_index("records"),
    # One value per (subject, category, entry). Unique constraints treat NULLs as
    # distinct on both backends, so this one only binds records of an entry; the
    # partial index below binds records outside any entry. (A 0 sentinel instead of
    # NULL would break the foreign key; NULLS NOT DISTINCT is PostgreSQL 15+ only.)
    # Its leading subject_id also serves per-subject reads of records.
    UniqueConstraint("subject_id", "category", "value_hash", "entry_id"),
    Index(
        "uq_records_subject_id_category_value_hash_no_entry",
        "subject_id",
        "category",
        "value_hash",
        unique=True,
        sqlite_where=text("entry_id IS NULL"),
        postgresql_where=text("entry_id IS NULL"),
    ),
    one_of("source", RECORD_SOURCES),
    # GDPR Art. 14(2)(f): data not obtained from the subject must name its source.
    CheckConstraint("source <> 'third_party' OR source_name IS NOT NULL", name="third_party_named"),
)

# A basis lets one purpose keep one record until `expires_at`; a record lives exactly
# as long as one basis justifies it.
bases = Table(
    "bases",
    metadata,
    id_column(),
    Column("record_id", BigId, ForeignKey(records.c.id), nullable=False),
    # Denormalised from records.subject_id so audience queries, the purpose gate and
    # expiry recomputation are set-based over bases alone, without a join to records.
    # No foreign key of its own: the record's ties it to its subject, and a second
    # check per basis written found nothing more (migration 0009).
    Column("subject_id", BigId, nullable=False),
    Column("purpose", String(100), nullable=False),
    # Denormalised from records.category (a record's category never changes) so the
    # purge's dry run counts due bases per purpose and category from the index below
    # alone: with expired rows spread thinly, a join to records reads nearly every page.
    Column("category", String(200), nullable=False),
    Column("legal_basis", String(50), nullable=False),
    Column("status", String(20), nullable=False, server_default="active"),
    Column("expires_at", UTCDateTime, nullable=True),  # NULL: the clock has not started
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    UniqueConstraint("record_id", "purpose"),
    Index(None, "purpose", "subject_id"),  # audience: subjects with a live basis for a purpose
    # The purge and its dry run: expires_at <= now, in batches, counted per purpose and
    # category without reading the table.
    Index(None, "expires_at", "purpose", "category", "record_id"),
    # Whether another basis still justifies a record, from the index alone.
    Index(None, "record_id", "expires_at", "purpose"),
    Index(None, "subject_id", "purpose"),  # per-subject reads; recompute after an event
    one_of("status", BASIS_STATUSES),
)

# Something that starts a retention clock (membership_ended, booking_made …).
events = Table(
    "events",
    metadata,
    id_column(),
    Column("subject_id", BigId, ForeignKey(subjects.c.id), nullable=False),
    Column("name", String(100), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("entry_id", BigId, ForeignKey(entries.c.id), nullable=True),
    _entry_index("events"),
    Index(None, "subject_id", "name", "at"),  # the latest `name` event of a subject
)

# Consent texts are versioned by the SHA-256 of their text: a consent points at the
# exact words the subject agreed to.
consent_texts = Table(
    "consent_texts",
    metadata,
    Column("hash", String(64), primary_key=True),  # sha256 hex of `text`
    Column("purpose", String(100), nullable=False),
    Column("lang", String(8), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint("length(hash) = 64", name="hash_length"),
)

# The consent ledger (GDPR Art. 7(1)): history is never rewritten; a withdrawal sets
# `withdrawn_at` once, and consenting again adds a row.
consents = Table(
    "consents",
    metadata,
    id_column(),
    Column("subject_id", BigId, ForeignKey(subjects.c.id), nullable=False),
    Column("purpose", String(100), nullable=False),
    Column("text_hash", String(64), ForeignKey(consent_texts.c.hash), nullable=False, index=True),
    Column("given_at", UTCDateTime, nullable=False),
    Column("method", String(50), nullable=False),  # web_form, paper, email …
    Column("evidence", Text, nullable=True),
    Column("explicit", Boolean, nullable=False, server_default=false()),  # Art. 9(2)(a)
    Column("withdrawn_at", UTCDateTime, nullable=True),
    Index(None, "subject_id", "purpose"),
)
