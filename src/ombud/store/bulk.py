"""Writing many rows at once: ids allocated in one statement, rows handed to the driver.

SQLAlchemy's per-row statement machinery costs more than the database does at a
hundred thousand rows; here each value passes only its column type's bind processor
(UTC timestamps, booleans on SQLite) and the driver gets the whole batch: COPY on
PostgreSQL, `executemany` on SQLite. Ids come first, so related rows (records, then
their bases) can be written without reading anything back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, LargeBinary, Table, func, select, text
from sqlalchemy.types import TypeEngine


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
        if (proc := _bind_processor(conn, table.c[name].type)) is not None
    ]
    values = [tuple(row[c] for c in columns) for row in rows]
    if processors:
        values = _processed(values, processors)
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


def _bind_processor(conn: Connection, column_type: TypeEngine[Any]) -> Any | None:
    """What turns a column's value into the driver's parameter, or None for nothing.

    Bytes go as they are: both drivers bind `bytes` as they bind the DBAPI `Binary`
    wrapper SQLAlchemy would put around it (a BLOB, a bytea). On SQLite the sqlite3
    module's own adapter (datetimes to text) runs here too, so a distinct value is
    adapted once per batch rather than once per row.
    """
    if isinstance(column_type, LargeBinary):
        return None
    proc = column_type.bind_processor(conn.dialect)
    if proc is None or conn.dialect.name != "sqlite":
        return proc

    def adapted(value: Any) -> Any:
        converted = proc(value)
        adapter = sqlite3.adapters.get((type(converted), sqlite3.PrepareProtocol))
        return converted if adapter is None else adapter(converted)

    return adapted


def _processed(
    values: list[tuple[Any, ...]], processors: list[tuple[int, Any]]
) -> list[tuple[Any, ...]]:
    """The rows with each processed column's values converted, each distinct value once.

    A batch repeats few timestamps (its `now`, a handful of event times) and two
    booleans, so converting each once costs a dictionary look-up per row instead of a
    bind processor call. Equal values convert alike: two aware datetimes are equal only
    when they name the same instant, which is what the UTC conversion keeps.
    """
    columns = [list(column) for column in zip(*values, strict=True)]
    for i, proc in processors:
        converted: dict[Any, Any] = {None: None}
        column = columns[i]
        for j, value in enumerate(column):
            try:
                column[j] = converted[value]
            except KeyError:
                column[j] = converted[value] = proc(value)
            except TypeError:  # unhashable, such as a JSON document
                column[j] = proc(value)
    return list(zip(*columns, strict=True))


def insert_with_ids(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert `rows` with freshly allocated ids; return the ids in the order given."""
    ids = allocate_ids(conn, table, len(rows))
    insert_rows(conn, table, [{"id": i, **row} for i, row in zip(ids, rows, strict=True)])
    return ids
