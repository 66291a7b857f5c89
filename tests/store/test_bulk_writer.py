"""Batches written beside the caller (PostgreSQL) or in its thread (SQLite) all arrive,
in order; a batch the store refuses is reported to the caller, and no thread is left."""

import contextlib
import sqlite3
import threading
from datetime import UTC, datetime

import psycopg
import pytest
from sqlalchemy import select

from ombud.store.bulk import BulkWriter
from ombud.store.tables import subjects

NOW = datetime(2026, 3, 1, 10, tzinfo=UTC)
COLUMNS = ("id", "public_id")
SHARED = {"kind": "member", "created_at": NOW}


def _writing_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "ombud-bulk-write"]


def test_every_batch_is_written_and_no_thread_is_left(store):
    writer = BulkWriter(store.session.connection())
    ids = writer.ids(subjects, 300)
    for start in range(0, 300, 100):
        rows = [(i, f"bulk-writer-{i}") for i in ids[start : start + 100]]
        writer.insert(subjects, COLUMNS, rows, SHARED)
    written = writer.flushed().execute(
        select(subjects.c.id).where(subjects.c.public_id.like("bulk-writer-%"))
    )
    assert sorted(written.scalars()) == sorted(ids)
    writer.close()
    assert _writing_threads() == []


def test_ids_drawn_for_written_rows_never_repeat(store):
    writer = BulkWriter(store.session.connection())
    first = writer.ids(subjects, 50)
    writer.insert(subjects, COLUMNS, [(i, f"bulk-writer-{i}") for i in first], SHARED)
    second = writer.ids(subjects, 50)
    writer.close()
    assert len(set(first) | set(second)) == 100


def test_a_refused_batch_is_raised_to_the_caller_and_no_thread_is_left(store):
    writer = BulkWriter(store.session.connection())
    [taken] = writer.ids(subjects, 1)
    writer.insert(subjects, COLUMNS, [(taken, "bulk-writer-first")], SHARED)
    with pytest.raises((psycopg.IntegrityError, sqlite3.IntegrityError)):
        writer.insert(subjects, COLUMNS, [(taken, "bulk-writer-again")], SHARED)  # same id
        writer.flush()  # on PostgreSQL the refusal arrives here, from the thread
    with contextlib.suppress(psycopg.IntegrityError, sqlite3.IntegrityError):
        writer.close()  # may report it again: the transaction is lost either way
    assert _writing_threads() == []
