"""An erasure request and the purge take records out of the register the same way.

Both use `retention.hold`'s primitives and `retention.plan.hold_decision`: the same
value leaves for the same hold, until the same day, under the same law, and the
erasure log names it with the same rule, whichever of them removes it.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from ombud.protect import IdentifierKind
from ombud.register.service import collect, record_event, register_subject
from ombud.retention.purge import purge
from ombud.rights.model import RequestType
from ombud.rights.service import run_request
from ombud.store.tables import erasure_log, held_records, subjects
from tests.rights.conftest import example_context, verified

RECEIPT = {"user.name": "Eva Ek", "user.financial.invoice": "Kvitto 12, friskvård"}


def _client(s, ctx, email):
    """A Lasting Group client whose wellness receipt (a contract purpose) names the hold."""
    ref = register_subject(
        s, ctx, kind="client", identifiers={IdentifierKind.EMAIL: email}, actor="t"
    )
    collect(s, ctx, subject=ref, purpose="wellness_allowance", values=RECEIPT, actor="t")
    record_event(s, ctx, subject=ref, name="last_contact", at=ctx.clock.now(), actor="t")
    return ref


def _held(s, ref):
    rows = s.execute(
        select(
            held_records.c.hold,
            held_records.c.category,
            held_records.c.law,
            held_records.c.expires_at,
        ).where(held_records.c.subject_id == ref.id)
    )
    return sorted(tuple(row) for row in rows)


def test_an_erased_and_a_purged_receipt_land_in_the_same_hold_until_the_same_day(
    store, clock, mailer
):
    ctx = example_context("lasting-group", clock)
    s = store.session
    asked, expired = _client(s, ctx, "asked@example.se"), _client(s, ctx, "expired@example.se")
    clock.advance(timedelta(days=400))  # the wellness purpose's year after last contact is over
    request = verified(s, ctx, mailer, RequestType.erasure, email="asked@example.se", lang="en")
    outcome = run_request(s, ctx, request_id=request.id, mailer=mailer, actor="t")
    sessions = sessionmaker(
        bind=store.connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    run = purge(sessions, ctx)

    law = ctx.declaration.legal_holds["bookkeeping"].law
    assert [row[:3] for row in _held(s, asked)] == [
        ("bookkeeping", "user.financial.invoice", law),
        ("bookkeeping", "user.name", law),
    ]
    assert _held(s, asked) == _held(s, expired)
    assert outcome.done == {"erased": 0, "held": 2, "kept": 0, "key_destroyed": False}
    assert "segregated hold under Bokföringslagen" in outcome.summary
    erasure_rules = set(
        s.execute(select(erasure_log.c.rule).where(erasure_log.c.kind == "erasure")).scalars()
    )
    assert erasure_rules == {c.rule for c in run.removed} == {"moved:bookkeeping"}
    # Both keep their subject row, and with it the key the held values need.
    assert s.execute(
        select(subjects.c.wrapped_key).where(subjects.c.id.in_([asked.id, expired.id]))
    ).all()


def test_when_the_hold_runs_out_the_purge_removes_the_erased_person_and_their_key(
    store, clock, mailer
):
    ctx = example_context("lasting-group", clock)
    s = store.session
    asked = _client(s, ctx, "asked@example.se")
    request = verified(s, ctx, mailer, RequestType.erasure, email="asked@example.se")
    run_request(s, ctx, request_id=request.id, mailer=mailer, actor="t")
    (until,) = {row[3] for row in _held(s, asked)}
    clock.at = until + timedelta(seconds=1)  # type: ignore[attr-defined]
    sessions = sessionmaker(
        bind=store.connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    run = purge(sessions, ctx)
    assert _held(s, asked) == []
    assert s.execute(select(subjects.c.id).where(subjects.c.id == asked.id)).first() is None
    assert {c.rule for c in run.removed} == {"hold:bookkeeping", "subject"}
