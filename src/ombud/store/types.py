"""Column types shared by every table: UTC timestamps, JSON text, integer keys.

Timestamps are stored in UTC and come back as aware UTC datetimes on both
backends. PostgreSQL keeps them as `timestamptz`; SQLite has no time zone, so
the value is converted to UTC and stored naive, and UTC is attached on the way out.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, Integer, Text
from sqlalchemy.types import TypeDecorator, TypeEngine

# SQLite only aliases the rowid (and so autoincrements) for a column typed INTEGER.
BigId: TypeEngine[int] = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored in UTC; a naive datetime is refused, never guessed at."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected an aware datetime, got {type(value).__name__}: {value!r}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                f"got naive datetime {value.isoformat()}; expected an aware datetime "
                "(e.g. datetime.now(UTC)): Ombud stores every timestamp in UTC"
            )
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def canonical_json(value: Any) -> str:
    """The one JSON spelling Ombud stores and hashes: sorted keys, no spaces, UTF-8 as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class JSONText(TypeDecorator[Any]):
    """A JSON value kept as canonical text, identical on SQLite and PostgreSQL.

    Text rather than `jsonb`: audit details are hashed, and the stored text must be the
    exact bytes that were hashed.
    """

    impl = Text()
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else canonical_json(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else json.loads(value)
