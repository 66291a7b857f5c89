"""A purge killed mid-run, then run again, ends where an uninterrupted one would; two at once
do not count twice. Each test has a database of its own (`fresh_engine`)."""

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from ombud.errors import Conflict
from ombud.protect import IdentifierKind
from ombud.register.service import collect, record_event, register_subject
from ombud.retention.purge import plan, purge
from ombud.store import session_factory
from ombud.store.tables import erasure_log, purge_runs, records, subjects

from .conftest import START

ROOT = Path(__file__).resolve().parents[2]


def fill(sessions, ctx, people: int) -> None:
    """`people` customers with one booking each; every other one's is due."""
    with sessions.begin() as session:
        for n in range(people):
            ref = register_subject(
                session,
                ctx,
                kind="customer",
                identifiers={IdentifierKind.EMAIL: f"k{n}@example.se"},
                actor="test",
            )
            values = {"user.name": f"Kund {n}", "user.contact.email": f"k{n}@example.se"}
            collect(session, ctx, subject=ref, purpose="bookings", values=values, actor="test")
            days = 800 if n % 2 == 0 else 100
            at = START - timedelta(days=days + n % 7)
            record_event(session, ctx, subject=ref, name="booking_made", at=at, actor="test")


def logged(engine) -> Counter:
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                erasure_log.c.rule, erasure_log.c.category, func.sum(erasure_log.c.count)
            ).group_by(erasure_log.c.rule, erasure_log.c.category)
        )
        return Counter({(rule, category): int(n) for rule, category, n in rows})


def expected(sessions, ctx) -> Counter:
    with sessions.begin() as session:
        preview = plan(session, ctx, as_of=START)
    return Counter({(c.rule, c.category): c.count for c in preview.removed})


def state(engine) -> tuple[int, int]:
    with engine.connect() as connection:
        return tuple(
            connection.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (records, subjects)
        )


def test_a_purge_killed_mid_run_is_finished_by_the_next_run(fresh_engine, ctx):
    sessions = session_factory(fresh_engine)
    fill(sessions, ctx, 300)
    want = expected(sessions, ctx)
    url = fresh_engine.url.render_as_string(hide_password=False)
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.retention.purge_child", url, START.isoformat(), "1"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.monotonic() + 60
    while sum(logged(fresh_engine).values()) < 40 and time.monotonic() < deadline:
        assert child.poll() is None, "the purge finished before it could be killed"
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    interrupted = logged(fresh_engine)
    assert 0 < sum(interrupted.values()) < sum(want.values())

    purge(sessions, ctx, batch_size=7)
    got = logged(fresh_engine)
    assert Counter({k: v for k, v in got.items() if k[0] != "subject"}) == want
    assert got[("subject", "customer")] == 150
    assert state(fresh_engine) == (300, 150)  # the 150 with bookings not yet due, whole
    with fresh_engine.connect() as connection:
        statuses = connection.execute(select(purge_runs.c.status).order_by(purge_runs.c.id))
        assert statuses.scalars().all() == ["failed", "finished"]


def test_two_purges_at_once_do_not_count_twice(fresh_engine, ctx):
    sessions = session_factory(fresh_engine)
    fill(sessions, ctx, 60)
    want = expected(sessions, ctx)
    barrier, outcomes = threading.Barrier(2), []

    def run() -> None:
        barrier.wait()
        try:
            purge(sessions, ctx, batch_size=3)
            outcomes.append("finished")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert "finished" in outcomes
    purge(sessions, ctx)  # whatever a stopped purge left, a later one finishes
    got = logged(fresh_engine)
    assert Counter({k: v for k, v in got.items() if k[0] != "subject"}) == want
    assert state(fresh_engine) == (60, 30)
