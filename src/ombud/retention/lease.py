"""One purge at a time: a lease row in `locks`, and on PostgreSQL an advisory lock too.

A second purge started while one runs does not wait: it stops at once with `Conflict`
naming the holder, so cron never piles purges up behind each other. A lease whose
holder died (its process is gone from this host, or the lease ran out unrenewed) is
taken over: a purge killed mid-run never blocks the next one.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import (
    Connection,
    Engine,
    String,
    delete,
    exists,
    insert,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ombud.clock import Clock
from ombud.errors import Conflict
from ombud.store.tables import locks
from ombud.store.types import UTCDateTime

LEASE_NAME = "purge"
LEASE_TIME = timedelta(minutes=10)  # renewed by every batch
ADVISORY_KEY = 7423002  # beside the audit chain's 7423001


def new_holder() -> str:
    """This process's name on the lease: host, process id and a random tag."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def _holder_is_dead(holder: str) -> bool:
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False  # another machine: only the lease's expiry can tell
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _take(session: Session, holder: str, now: datetime, force: bool) -> None:
    # Write first: on SQLite a transaction that read before writing cannot wait for the
    # write lock (its snapshot is stale), so the conditional insert opens the transaction.
    values = select(
        literal(LEASE_NAME, String()),
        literal(holder, String()),
        literal(now + LEASE_TIME, UTCDateTime()),
    ).where(~exists().where(locks.c.name == LEASE_NAME))
    inserted = session.execute(insert(locks).from_select(["name", "holder", "expires_at"], values))
    if inserted.rowcount == 1:  # type: ignore[attr-defined]
        return
    row = session.execute(select(locks).where(locks.c.name == LEASE_NAME)).one()
    if not (force or row.expires_at <= now or _holder_is_dead(row.holder)):
        raise Conflict(
            f"a purge is already running (held by {row.holder} until "
            f"{row.expires_at.isoformat(timespec='seconds')}); this one stops without purging"
        )
    taken = session.execute(
        update(locks)
        .where(locks.c.name == LEASE_NAME, locks.c.holder == row.holder)
        .values(holder=holder, expires_at=now + LEASE_TIME)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("another purge took the lease at the same moment; this one stops")


def renew(session: Session, holder: str, now: datetime) -> None:
    """Extend the lease; Conflict if another purge took it over meanwhile."""
    result = session.execute(
        update(locks)
        .where(locks.c.name == LEASE_NAME, locks.c.holder == holder)
        .values(expires_at=now + LEASE_TIME)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("the purge lost its lease to another purge; it stops after this batch")


@contextmanager
def purge_lease(sessions: sessionmaker[Session], clock: Clock, holder: str) -> Iterator[None]:
    """Hold the purge lease for the block; Conflict at once if a live purge holds it."""
    bind = sessions.kw["bind"]
    engine = bind.engine if isinstance(bind, Connection) else bind
    assert isinstance(engine, Engine), "purge sessions must be bound to an engine or connection"
    with _advisory_lock(engine) as locked:
        try:
            with sessions.begin() as session:
                _take(session, holder, clock.now(), force=locked)
        except IntegrityError as exc:  # two first purges inserted the row together
            raise Conflict("another purge started at the same moment; this one stops") from exc
        try:
            yield
        finally:
            with sessions.begin() as session:
                session.execute(
                    delete(locks).where(locks.c.name == LEASE_NAME, locks.c.holder == holder)
                )


@contextmanager
def _advisory_lock(engine: Engine) -> Iterator[bool]:
    """On PostgreSQL, a session advisory lock held on its own connection (released if the
    process dies): holding it proves any lease row left behind is stale."""
    if engine.dialect.name != "postgresql":
        yield False
        return
    connection: Connection
    with engine.connect() as connection:
        got = connection.execute(text(f"SELECT pg_try_advisory_lock({ADVISORY_KEY})")).scalar()
        connection.commit()
        if not got:
            raise Conflict("a purge is already running (PostgreSQL advisory lock held)")
        try:
            yield True
        finally:
            connection.execute(text(f"SELECT pg_advisory_unlock({ADVISORY_KEY})"))
            connection.commit()
