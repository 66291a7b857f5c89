"""Writing many rows at once: ids allocated in one statement, rows handed to the driver.

SQLAlchemy's per-row statement machinery costs more than the database does at a
hundred thousand rows; here each value passes only its column type's bind processor
(UTC timestamps, booleans on SQLite) and the driver gets the whole batch: COPY on
PostgreSQL, `executemany` on SQLite. Ids come first, so related rows (records, then
their bases) can be written without reading anything back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, func, select, text


def allocate_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """`count` fresh ids for `table`, reserved in one statement.

    PostgreSQL draws them from the column's sequence. SQLite has one writer at a time:
    they follow the largest id, and the primary key refuses (rolling the whole
    transaction back) should another writer take them first.
    """
    if count == 0:
        return []
    if conn.dialect.name == "postgresql":
        rows = conn.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table.name, "n": count},
        )
        return [row[0] for row in rows]
    largest = conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
    return list(range(largest + 1, largest + 1 + count))


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` (all with the same keys) in one batch, through the driver."""
    if not rows:
        return
    columns = list(rows[0])
    processors = [
        (i, proc)
        for i, name in enumerate(columns)
        if (proc := table.c[name].type.bind_processor(conn.dialect)) is not None
    ]
    values = [tuple(row[c] for c in columns) for row in rows]
    if processors:
        values = [_processed(row, processors) for row in values]
    quoted = ", ".join(conn.dialect.identifier_preparer.quote(c) for c in columns)
    cursor = conn.connection.cursor()
    try:
        if conn.dialect.name == "postgresql":
            with cursor.copy(f"COPY {table.name} ({quoted}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in columns)
            cursor.executemany(f"INSERT INTO {table.name} ({quoted}) VALUES ({marks})", values)
    finally:
        cursor.close()


def _processed(row: tuple[Any, ...], processors: list[tuple[int, Any]]) -> tuple[Any, ...]:
    converted = list(row)
    for i, proc in processors:
        if converted[i] is not None:
            converted[i] = proc(converted[i])
    return tuple(converted)


def insert_with_ids(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert `rows` with freshly allocated ids; return the ids in the order given."""
    ids = allocate_ids(conn, table, len(rows))
    insert_rows(conn, table, [{"id": i, **row} for i, row in zip(ids, rows, strict=True)])
    return ids
