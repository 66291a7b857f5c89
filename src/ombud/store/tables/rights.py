"""Data subject requests (GDPR Art. 12, 15–22) and the codes that verify who asks."""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, LargeBinary, String, Table, Text

from ombud.store.tables._meta import (
    HASH_BYTES,
    id_column,
    metadata,
    new_public_id,
    one_of,
)
from ombud.store.tables.register import subjects
from ombud.store.types import BigId, JSONText, UTCDateTime

REQUEST_TYPES = (
    "access",
    "rectification",
    "erasure",
    "restriction",
    "objection",
    "portability",
    "consent_withdrawal",
)
REQUEST_STATUSES = ("received", "verified", "in_progress", "completed", "refused")

# A request outlives the erasure it asked for: it is the proof the controller answered
# (Art. 5(2)), so erasing the subject sets `subject_id` to NULL and keeps the request.
requests = Table(
    "requests",
    metadata,
    id_column(),
    Column("public_id", String(32), nullable=False, unique=True, default=new_public_id),
    Column("type", String(30), nullable=False),
    Column(
        "subject_id",
        BigId,
        ForeignKey(subjects.c.id, ondelete="SET NULL"),
        nullable=True,
        index=True,
    ),
    Column("contact_index", LargeBinary(HASH_BYTES), nullable=True, index=True),  # blind index
    Column("contact_value", LargeBinary, nullable=True),  # ciphertext of the contact e-mail
    Column("lang", String(8), nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("verified_at", UTCDateTime, nullable=True),
    Column("due_on", Date, nullable=False),  # Art. 12(3): one month, in Europe/Stockholm
    Column("extended_to", Date, nullable=True),  # Art. 12(3): by two further months
    Column("extension_reason", Text, nullable=True),
    # Art. 12(3): when the person was told of the extension and why.
    Column("extension_noticed_at", UTCDateTime, nullable=True),
    # The purpose an objection, restriction or consent withdrawal is about; NULL: all.
    Column("purpose", String(100), nullable=True),
    # What the person asked for that is itself personal data (a rectification's new
    # values): a sealed envelope under a key of the request's own, never plaintext.
    Column("detail", LargeBinary, nullable=True),
    Column("status", String(20), nullable=False, server_default="received"),
    Column("outcome", JSONText, nullable=True),  # what was done, what was kept and why
    Column("updated_at", UTCDateTime, nullable=False),
    Index(None, "status", "due_on"),  # open requests by deadline
    one_of("type", REQUEST_TYPES),
    one_of("status", REQUEST_STATUSES),
)

verification_codes = Table(
    "verification_codes",
    metadata,
    id_column(),
    Column(
        "request_id",
        BigId,
        ForeignKey(requests.c.id, ondelete="CASCADE"),
        nullable=True,
        index=True,
    ),
    Column("purpose", String(50), nullable=False),
    Column("code_hash", String(255), nullable=False),  # a password hash, never the code
    Column("expires_at", UTCDateTime, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("used_at", UTCDateTime, nullable=True),
)
