"""Writing and finding many rows at once: ids in one statement, rows handed to the driver.

SQLAlchemy's per-row statement machinery costs more than the database does at a
hundred thousand rows; here each value passes only its column type's bind processor
(UTC timestamps, booleans on SQLite) and the driver gets the whole batch: binary COPY
on PostgreSQL, `executemany` on SQLite. Ids come first, so related rows (records, then
their bases) can be written without reading anything back. Look-ups by many keys go
to the driver too: one `= ANY(array)` on PostgreSQL, long IN lists on SQLite.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Mapping, Sequence
from queue import Queue
from typing import Any

from psycopg.types.string import BytesBinaryDumper
from sqlalchemy import (
    BigInteger,
    Boolean,
    Connection,
    DateTime,
    Integer,
    LargeBinary,
    String,
    Table,
    func,
    select,
)
from sqlalchemy.types import TypeDecorator, TypeEngine

IN_CHUNK = 10_000  # values per IN list on SQLite: below its limit of 32,766 parameters
# Checked in order: BigInteger is an Integer, and its binary form is 8 bytes, not 4.
_PG_TYPES: list[tuple[type[TypeEngine[Any]], str]] = [
    (LargeBinary, "bytea"),
    (Boolean, "bool"),
    (DateTime, "timestamptz"),
    (BigInteger, "int8"),
    (Integer, "int4"),
    (String, "text"),
]


# The sequence is named once: inside the select list it would be looked up again for
# every id drawn.
_NEXTVAL = (
    "WITH seq AS MATERIALIZED (SELECT pg_get_serial_sequence(%s, 'id')::regclass AS name)"
    " SELECT nextval(seq.name) FROM seq, generate_series(1, %s)"
)


def allocate_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """`count` fresh ids for `table`, reserved in one statement.

    PostgreSQL draws them from the column's sequence. SQLite has one writer at a time:
    they follow the largest id, and the primary key refuses (rolling the whole
    transaction back) should another writer take them first.
    """
    if count == 0:
        return []
    if conn.dialect.name == "postgresql":
        return _draw_ids(conn.connection, table, count)
    largest = conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
    return list(range(largest + 1, largest + 1 + count))


def _draw_ids(dbapi_connection: Any, table: Table, count: int) -> list[int]:
    """`count` values of the sequence of `table`'s id, through a driver connection."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(_NEXTVAL, (table.name, count))
        return [row[0] for row in cursor.fetchall()]
    finally:
        cursor.close()


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` (all with the same keys) in one batch, through the driver."""
    if rows:
        columns = list(rows[0])
        insert_tuples(conn, table, columns, [tuple(row[c] for c in columns) for row in rows])


def insert_tuples(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    shared: Mapping[str, Any] | None = None,
) -> None:
    """Insert `rows`, each a tuple of the values of `columns`, in one batch.

    `shared` holds the columns whose value is the same in every row: converted once,
    added to each.
    """
    if not rows:
        return
    processors = [
        (i, proc)
        for i, name in enumerate(columns)
        if (proc := _bind_processor(conn, table.c[name].type)) is not None
    ]
    values = _processed(rows, processors) if processors else rows
    if shared:
        extra = tuple(
            value if (proc := _bind_processor(conn, table.c[name].type)) is None else proc(value)
            for name, value in shared.items()
        )
        values = [row + extra for row in values]
        columns = [*columns, *shared]
    quoted = ", ".join(conn.dialect.identifier_preparer.quote(c) for c in columns)
    cursor = conn.connection.cursor()
    try:
        if conn.dialect.name == "postgresql":
            # Binary: no text to format here, nor to parse (bytea in hex) in the server.
            types = [_pg_type(conn, table.c[c].type) for c in columns]
            statement = f"COPY {table.name} ({quoted}) FROM STDIN (FORMAT BINARY)"
            # By type name psycopg finds the dumper of its DBAPI `Binary` wrapper for
            # bytea; the one for plain bytes (in C) is the one to use on plain bytes.
            cursor.adapters.register_dumper(bytes, BytesBinaryDumper)
            with cursor.copy(statement) as copy:
                copy.set_types(types)
                for row in values:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in columns)
            cursor.executemany(f"INSERT INTO {table.name} ({quoted}) VALUES ({marks})", values)
    finally:
        cursor.close()


def select_in(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    where: Mapping[str, Any],
    column: str,
    values: Sequence[Any],
) -> list[tuple[Any, ...]]:
    """`columns` of the rows of `table` whose `column` is one of `values` and that equal `where`.

    `values` are given as the driver takes them (bytes, ints, strings); no statement
    is compiled per batch.
    """
    if not values:
        return []
    chosen = ", ".join(columns)
    cursor = conn.connection.cursor()
    found: list[tuple[Any, ...]] = []
    try:
        if conn.dialect.name == "postgresql":
            # The array goes in binary form: as text, every bytea in it would be escaped.
            tests = " AND ".join([*(f"{c} = %s" for c in where), f"{column} = ANY(%b)"])
            sql = f"SELECT {chosen} FROM {table.name} WHERE {tests}"
            cursor.execute(sql, [*where.values(), list(values)])
            found.extend(cursor.fetchall())
            return found
        for start in range(0, len(values), IN_CHUNK):
            part = values[start : start + IN_CHUNK]
            marks = ", ".join("?" * len(part))
            tests = " AND ".join([*(f"{c} = ?" for c in where), f"{column} IN ({marks})"])
            sql = f"SELECT {chosen} FROM {table.name} WHERE {tests}"
            cursor.execute(sql, [*where.values(), *part])
            found.extend(cursor.fetchall())
    finally:
        cursor.close()
    return found


def any_row(conn: Connection, table: Table) -> bool:
    """Whether `table` holds a row at all (one index probe, whatever its size)."""
    return conn.execute(select(select(table).exists())).scalar_one()


def _pg_type(conn: Connection, column_type: TypeEngine[Any]) -> str:
    """The PostgreSQL type whose binary form a column's values are sent in."""
    impl = column_type.dialect_impl(conn.dialect)
    if isinstance(impl, TypeDecorator):
        impl = impl.impl_instance
    for kind, name in _PG_TYPES:
        if isinstance(impl, kind):
            return name
    raise TypeError(f"no binary COPY type for column type {column_type!r}")


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
    values: Sequence[tuple[Any, ...]], processors: list[tuple[int, Any]]
) -> list[tuple[Any, ...]]:
    """The rows with each processed column's values converted, each distinct value once.

    A batch repeats few timestamps (its `now`, a handful of event times) and two
    booleans, so converting each once costs a dictionary look-up per row instead of a
    bind processor call. Equal values convert alike: two aware datetimes are equal only
    when they name the same instant, which is what the UTC conversion keeps.
    """
    columns = list(zip(*values, strict=True))
    for i, proc in processors:
        column = columns[i]
        try:
            converted = {value: proc(value) for value in set(column)}
        except TypeError:  # unhashable, such as a JSON document
            columns[i] = tuple(map(proc, column))
            continue
        columns[i] = tuple(map(converted.__getitem__, column))
    return list(zip(*columns, strict=True))


def insert_with_ids(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert `rows` with freshly allocated ids; return the ids in the order given."""
    ids = allocate_ids(conn, table, len(rows))
    insert_rows(conn, table, [{"id": i, **row} for i, row in zip(ids, rows, strict=True)])
    return ids


class BulkWriter:
    """Writes batches of rows for one connection; on PostgreSQL, from a thread beside.

    Most of a bulk write on PostgreSQL is the server's own work on each COPY (index
    upkeep, foreign-key checks). Sent from a thread, a batch is written while the caller
    prepares the next; the caller calls `flush` before it reads through the same
    connection, and `close` at the end. Ids come from the sequences through a second
    connection, so drawing them waits for nothing (sequences stand outside transactions:
    ids drawn for a write that is rolled back are only a gap). SQLite writes in the
    caller's thread: its connection belongs to it.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._beside = conn.dialect.name == "postgresql"
        self._jobs: Queue[Callable[[], None] | None] = Queue()
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None
        self._ids: Any = None  # the second connection, once ids are drawn

    def insert(
        self,
        table: Table,
        columns: Sequence[str],
        rows: Sequence[tuple[Any, ...]],
        shared: Mapping[str, Any] | None = None,
    ) -> None:
        """`insert_tuples`, now or, on PostgreSQL, after the batches handed over before."""
        if not self._beside:
            insert_tuples(self.conn, table, columns, rows, shared)
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="ombud-bulk-write")
            self._thread.start()
        self._jobs.put(lambda: insert_tuples(self.conn, table, columns, rows, shared))

    def ids(self, table: Table, count: int) -> list[int]:
        """`allocate_ids` without waiting for the batches still being written."""
        if not self._beside or count == 0:
            return allocate_ids(self.flushed(), table, count)
        if self._ids is None:
            self._ids = self.conn.engine.raw_connection()
        drawn = _draw_ids(self._ids, table, count)
        self._ids.commit()
        return drawn

    def flushed(self) -> Connection:
        """The connection, once every batch handed over is written."""
        self.flush()
        return self.conn

    def flush(self) -> None:
        """Wait until every batch handed over is written; raise what stopped one."""
        if self._thread is not None:
            self._jobs.join()
        if self._failure is not None:
            raise self._failure

    def close(self) -> None:
        """Write what is left, stop the thread and give back the second connection."""
        try:
            if self._thread is not None:
                self._jobs.put(None)
                self._thread.join()
                self._thread = None
        finally:
            if self._ids is not None:
                self._ids.close()
                self._ids = None
        if self._failure is not None:
            raise self._failure

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if job is None:
                    return
                if self._failure is None:  # after a failure the transaction is lost anyway
                    job()
            except BaseException as exc:  # handed to the caller by flush or close
                self._failure = exc
            finally:
                self._jobs.task_done()
