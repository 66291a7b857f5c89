"""What the intake leaves for the data protection officer: flags on stored texts."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, String, Table

from ombud.store.tables._meta import id_column, metadata
from ombud.store.tables.register import subjects
from ombud.store.types import BigId, UTCDateTime

# A text stored under a `flag` rule. No content: the kinds screening found and whose
# text it is; the officer reads the text itself through the purpose gate. The rows go
# with their subject (erasure, the purge's removal of an empty subject).
intake_flags = Table(
    "intake_flags",
    metadata,
    id_column(),
    Column("subject_id", BigId, ForeignKey(subjects.c.id), nullable=False),
    Column("channel", String(100), nullable=False),  # a channel key of the declaration
    Column("purpose", String(100), nullable=False),
    Column("kinds", String(400), nullable=False),  # screening kinds, comma-separated
    Column("at", UTCDateTime, nullable=False),
    Column("reviewed_at", UTCDateTime, nullable=True),  # when an officer marked it reviewed
    Column("reviewed_by", String(100), nullable=True),  # the staff member who did
    Index(None, "subject_id"),
    Index(None, "at"),
    Index(None, "purpose", "reviewed_at"),  # the console: a role's unreviewed flags
)
