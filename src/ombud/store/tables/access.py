"""Who may use Ombud: API tokens, staff accounts and roles, the portal's sign-in codes."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    false,
)

from ombud.store.tables._meta import HASH_BYTES, id_column, metadata
from ombud.store.types import BigId, JSONText, UTCDateTime

# A token is shown once; only its SHA-256 is kept (tokens are 256 random bits, so a
# plain hash suffices). `purposes` lists the purposes the token may act for; `requests`:
# it may also list data subject requests (any live token may file and follow one).
api_tokens = Table(
    "api_tokens",
    metadata,
    id_column(),
    Column("name", String(100), nullable=False, unique=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("purposes", JSONText, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime, nullable=True),
    Column("requests", Boolean, nullable=False, server_default=false()),
)

# A staff role: the purposes whose data its holders may read, and what else they may do
# (`requests`: handle data subject requests; `admin`: the erasure log, the Art. 30 register).
staff_roles = Table(
    "staff_roles",
    metadata,
    id_column(),
    Column("name", String(100), nullable=False, unique=True),
    Column("purposes", JSONText, nullable=False),
    Column("requests", Boolean, nullable=False, server_default=false()),
    Column("admin", Boolean, nullable=False, server_default=false()),
    Column("created_at", UTCDateTime, nullable=False),
)

# A staff account: an argon2 password hash, never the password; an optional TOTP secret.
staff = Table(
    "staff",
    metadata,
    id_column(),
    Column("name", String(100), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("totp_secret", String(64), nullable=True),
    Column("role_id", BigId, ForeignKey(staff_roles.c.id), nullable=False, index=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("disabled_at", UTCDateTime, nullable=True),
)

# One-time codes that sign a person in to the portal. Only the keyed hash (blind index)
# of the address and an argon2 hash of the code are kept; the count per address in a
# window limits how often codes are sent.
sign_in_codes = Table(
    "sign_in_codes",
    metadata,
    id_column(),
    Column("contact_index", LargeBinary(HASH_BYTES), nullable=False, index=True),
    Column("code_hash", String(255), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("used_at", UTCDateTime, nullable=True),
)
