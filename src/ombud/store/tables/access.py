"""Who may call Ombud: API tokens for the organisation's other systems, scoped to purposes."""

from __future__ import annotations

from sqlalchemy import Column, String, Table

from ombud.store.tables._meta import id_column, metadata
from ombud.store.types import JSONText, UTCDateTime

# A token is shown once; only its SHA-256 is kept (tokens are 256 random bits, so a
# plain hash suffices). `purposes` lists the purposes the token may act for.
api_tokens = Table(
    "api_tokens",
    metadata,
    id_column(),
    Column("name", String(100), nullable=False, unique=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("purposes", JSONText, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime, nullable=True),
)
