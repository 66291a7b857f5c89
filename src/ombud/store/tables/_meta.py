"""The one `MetaData` every table belongs to, its naming convention and column helpers."""

from __future__ import annotations

import secrets

from sqlalchemy import CheckConstraint, Column, MetaData, column

from ombud.store.types import BigId

# Named constraints make migrations reproducible on both backends (SQLite and
# PostgreSQL would otherwise invent different names, or none).
metadata = MetaData(
    naming_convention={
        "pk": "pk_%(table_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    }
)

# Keyed hashes (blind indexes, value hashes, marketing blocks) are at most one
# HMAC-SHA-256 digest; ombud.protect truncates blind indexes to 16 bytes.
HASH_BYTES = 32


def id_column() -> Column[int]:
    """An integer primary key: BIGSERIAL on PostgreSQL, the rowid on SQLite."""
    return Column("id", BigId, primary_key=True)


def new_public_id() -> str:
    """A random URL-safe token (128 bits) to expose instead of an internal id.

    Never one that starts with '-': people paste these ids into `ombud request verify
    ID`, where a leading '-' would be read as an option.
    """
    while (token := secrets.token_urlsafe(16)).startswith("-"):
        pass
    return token


def one_of(name: str, values: tuple[str, ...]) -> CheckConstraint:
    """A CHECK that column `name` holds one of `values` (a closed set from DESIGN.md)."""
    return CheckConstraint(column(name).in_(values), name=f"{name}_valid")
