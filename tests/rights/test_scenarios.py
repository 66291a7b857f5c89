"""The issue's named scenarios: journals, marketing objections, balancing, deadlines, crashes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from ombud.clock import FixedClock
from ombud.protect import IdentifierKind
from ombud.register.consents import give_consent
from ombud.register.service import audience, collect, decide, read, register_subject
from ombud.rights.model import RequestType
from ombud.rights.service import (
    extend_request,
    list_requests,
    new_request,
    record_balancing_outcome,
    run_request,
    show_request,
)
from ombud.store.tables import (
    bases,
    erasure_log,
    held_records,
    marketing_blocks,
    records,
    requests,
    subject_identifiers,
    subjects,
)
from tests.rights.conftest import RecordingMailer, example_context, verified


@pytest.fixture
def lasting(clock):
    return example_context("lasting-group", clock)


@pytest.fixture
def lean(clock):
    return example_context("lean-forum", clock)


def _client_with_journal(s: Session, ctx) -> object:
    ref = register_subject(
        s, ctx, kind="client", identifiers={IdentifierKind.EMAIL: "eva@example.se"}, actor="t"
    )
    give_consent(s, ctx, subject=ref, purpose="journals", lang="sv", method="paper", actor="t")
    collect(
        s,
        ctx,
        subject=ref,
        purpose="journals",
        values={"user.name": "Eva Ek", "user.content.private.journal": "Session 1: stress."},
        actor="t",
    )
    return ref


def test_lasting_group_journals_are_kept_until_she_asks_then_erased(store, lasting, mailer, clock):
    s = store.session
    ref = _client_with_journal(s, lasting)
    access = verified(s, lasting, mailer, RequestType.access, email="eva@example.se", lang="en")
    report = run_request(s, lasting, request_id=access.id, mailer=mailer, actor="t").report
    journals = next(p for p in report.purposes if p.key == "journals")
    assert "until you ask for erasure" in journals.retention and not journals.expires_on
    clock.advance(timedelta(days=400))  # a year on, still kept
    assert read(s, lasting, subject=ref, purpose="journals", actor="t").values
    erasure = verified(s, lasting, mailer, RequestType.erasure, email="eva@example.se")
    outcome = run_request(s, lasting, request_id=erasure.id, mailer=mailer, actor="t")
    assert outcome.done == {"erased": 2, "held": 0, "kept": 0, "key_destroyed": True}
    assert s.execute(select(subjects.c.id).where(subjects.c.id == ref.id)).first() is None


def _member(s, ctx, email="olle@example.se"):
    ref = register_subject(
        s, ctx, kind="member", identifiers={IdentifierKind.EMAIL: email}, actor="t"
    )
    values = {"user.name": "Olle Ås", "user.contact.email": email}
    collect(s, ctx, subject=ref, purpose="membership", values=values, actor="t")
    collect(s, ctx, subject=ref, purpose="member_newsletter", values=values, actor="t")
    return ref


def test_a_marketing_objection_blocks_the_newsletter_at_once_and_after_erasure(store, lean, mailer):
    s = store.session
    ref = _member(s, lean)
    assert ref.public_id in audience(s, lean, purpose="member_newsletter")
    objection = verified(
        s, lean, mailer, RequestType.objection, email="olle@example.se", purpose="member_newsletter"
    )
    run_request(s, lean, request_id=objection.id, mailer=mailer, actor="t")
    assert ref.public_id not in audience(s, lean, purpose="member_newsletter")
    assert decide(s, lean, subject=ref, purpose="membership").allowed  # only marketing stops
    assert s.execute(select(func.count()).select_from(marketing_blocks)).scalar_one() == 1
    erasure = verified(s, lean, mailer, RequestType.erasure, email="olle@example.se")
    run_request(s, lean, request_id=erasure.id, mailer=mailer, actor="t")
    back = _member(s, lean)  # he joins again with the same address
    assert back.public_id != ref.public_id
    assert back.public_id not in audience(s, lean, purpose="member_newsletter")
    assert s.execute(
        select(subjects.c.marketing_block).where(subjects.c.id == back.id)
    ).scalar_one()


def test_an_objection_to_legitimate_interest_restricts_until_the_balancing(store, lean, mailer):
    s = store.session
    ref = register_subject(
        s, lean, kind="member", identifiers={IdentifierKind.EMAIL: "kim@example.se"}, actor="t"
    )
    collect(
        s,
        lean,
        subject=ref,
        purpose="member_service",
        values={"user.name": "Kim", "user.contact.email": "kim@example.se"},
        actor="t",
    )
    objection = verified(
        s, lean, mailer, RequestType.objection, email="kim@example.se", purpose="member_service"
    )
    run_request(s, lean, request_id=objection.id, mailer=mailer, actor="t")
    statuses = set(s.execute(select(bases.c.status).where(bases.c.subject_id == ref.id)).scalars())
    assert statuses == {"restricted"}
    assert not decide(s, lean, subject=ref, purpose="member_service").allowed
    outcome = record_balancing_outcome(
        s,
        lean,
        request_id=objection.id,
        upheld=True,
        reason="Inga tvingande berättigade skäl väger tyngre.",
        mailer=mailer,
        actor="dpo",
    )
    assert outcome.done["upheld"] is True
    statuses = set(s.execute(select(bases.c.status).where(bases.c.subject_id == ref.id)).scalars())
    assert statuses == {"objected"}


def test_consent_withdrawal_stops_the_consent_purpose(store, lasting, mailer):
    s = store.session
    ref = _client_with_journal(s, lasting)
    request = verified(
        s,
        lasting,
        mailer,
        RequestType.consent_withdrawal,
        email="eva@example.se",
        purpose="journals",
    )
    outcome = run_request(s, lasting, request_id=request.id, mailer=mailer, actor="t")
    assert outcome.done["withdrawn"] == 1
    assert not decide(s, lasting, subject=ref, purpose="journals").allowed


def test_free_reports_are_counted_and_the_second_in_a_year_is_not_free(store, clock, mailer):
    learnster = example_context("learnster", clock)
    s = store.session
    ref = register_subject(
        s,
        learnster,
        kind="customer_contact",
        identifiers={IdentifierKind.EMAIL: "li@example.se"},
        actor="t",
    )
    collect(
        s,
        learnster,
        subject=ref,
        purpose="support",
        values={"user.name": "Li", "user.contact.email": "li@example.se"},
        actor="t",
    )
    frees, shown = [], []
    for _ in range(2):
        request = verified(s, learnster, mailer, RequestType.access, email="li@example.se")
        report = run_request(s, learnster, request_id=request.id, mailer=mailer, actor="t").report
        frees.append((report.reports_in_last_year, report.free))
        shown.append(show_request(s, request.id).outcome)
    assert frees == [(1, True), (2, False)]
    # What the admin sees on the request (`ombud request show`, the console): the count.
    assert [(o["done"]["reports_in_last_year"], o["done"]["free"]) for o in shown] == frees
    assert "Registerutdrag under de senaste tolv månaderna: 2." in shown[1]["summary"]
    assert "utöver de kostnadsfria" in shown[1]["summary"]
    # A year and a day later the count starts over.
    clock.advance(timedelta(days=366))
    request = verified(s, learnster, mailer, RequestType.access, email="li@example.se")
    report = run_request(s, learnster, request_id=request.id, mailer=mailer, actor="t").report
    assert (report.reports_in_last_year, report.free) == (1, True)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (datetime(2026, 1, 31, 10, tzinfo=UTC), date(2026, 3, 2)),  # 28 Feb is a Saturday
        (datetime(2028, 1, 31, 10, tzinfo=UTC), date(2028, 2, 29)),  # leap year
        (datetime(2027, 1, 31, 10, tzinfo=UTC), date(2027, 3, 1)),  # 28 Feb is a Sunday
        (datetime(2026, 3, 31, 21, 30, tzinfo=UTC), date(2026, 4, 30)),  # 23:30 in Stockholm
        (datetime(2026, 3, 31, 22, 30, tzinfo=UTC), date(2026, 5, 4)),  # 1 April; 1 May is off
    ],
)
def test_deadlines_across_month_ends(store, lean, mailer, received, due):
    lean.clock.at = received  # type: ignore[attr-defined]
    request = new_request(
        store.session, lean, type=RequestType.access, email="a@example.se", mailer=mailer, actor="t"
    )
    assert request.due_on == due


class Crash(Exception):
    pass


# Crash points: each step the erasure names, and statements inside the primitives it
# shares with the purge (a crash between moving a value to the hold and deleting it).
STEPS = ["event", "plan", "records", "subject", "log"]
STATEMENTS = [
    "INSERT INTO held_records",
    "INSERT INTO marketing_blocks",
    "DELETE FROM records",
    "DELETE FROM subject_identifiers",
    "DELETE FROM events",
    "INSERT INTO erasure_log",
]


@pytest.mark.parametrize("point", STEPS + STATEMENTS)
def test_a_crash_mid_erasure_leaves_the_register_whole_and_a_rerun_completes(fresh_engine, point):
    ctx = example_context("lean-forum", FixedClock(datetime(2026, 3, 2, 9, tzinfo=UTC)))
    mailer = RecordingMailer()
    with Session(fresh_engine) as s, s.begin():
        ref = _member(s, ctx)
        collect(
            s,
            ctx,
            subject=ref,
            purpose="bookkeeping",
            values={"user.name": "Olle Ås", "user.payment": "Faktura 3"},
            actor="t",
        )
        s.execute(update(subjects).where(subjects.c.id == ref.id).values(marketing_block=True))
        request = verified(s, ctx, mailer, RequestType.erasure, email="olle@example.se")
    before = _snapshot(fresh_engine, ref.id)

    def crash_at_step(name: str) -> None:
        if name == point:
            raise Crash(name)

    def crash_at_statement(conn, cursor, statement, *args) -> None:
        if statement.startswith(point):
            raise Crash(statement)

    event.listen(fresh_engine, "before_cursor_execute", crash_at_statement)
    try:
        with pytest.raises(Crash), Session(fresh_engine) as s, s.begin():
            run_request(
                s, ctx, request_id=request.id, mailer=mailer, actor="t", on_step=crash_at_step
            )
    finally:
        event.remove(fresh_engine, "before_cursor_execute", crash_at_statement)
    assert _snapshot(fresh_engine, ref.id) == before
    with Session(fresh_engine) as s, s.begin():
        outcome = run_request(s, ctx, request_id=request.id, mailer=mailer, actor="t")
    assert outcome.done == {"erased": 1, "held": 2, "kept": 0, "key_destroyed": False}
    after = _snapshot(fresh_engine, ref.id)
    assert after[:4] == (0, 0, 2, 0) and after[4:] == (1, 1, "completed")
    with Session(fresh_engine) as s, s.begin():
        again = run_request(s, ctx, request_id=request.id, mailer=mailer, actor="t")
    assert again.summary == outcome.summary and _snapshot(fresh_engine, ref.id) == after


def _snapshot(engine, subject_id: int) -> tuple[int, int, int, int, int, int, str]:
    """Records, bases, held values, identifiers, marketing blocks, log rows, request status."""
    with Session(engine) as s:
        count = lambda table: s.execute(  # noqa: E731
            select(func.count()).select_from(table).where(table.c.subject_id == subject_id)
        ).scalar_one()
        total = lambda table: s.execute(select(func.count()).select_from(table)).scalar_one()  # noqa: E731
        status = s.execute(select(requests.c.status)).scalar_one()
        logged = min(total(erasure_log), 1)
        return (
            count(records),
            count(bases),
            count(held_records),
            count(subject_identifiers),
            total(marketing_blocks),
            logged,
            status,
        )


def test_leep_keeps_the_komvux_register_in_place_and_says_why(store, clock, mailer):
    leep = example_context("leep", clock)
    s = store.session
    ref = register_subject(
        s, leep, kind="student", identifiers={IdentifierKind.EMAIL: "sam@example.se"}, actor="t"
    )
    collect(
        s,
        leep,
        subject=ref,
        purpose="student_register_komvux",
        values={"user.name": "Sam Berg"},
        actor="t",
    )
    collect(
        s,
        leep,
        subject=ref,
        purpose="communication",
        values={"user.name": "Sam Berg", "user.contact.email": "sam@example.se"},
        actor="t",
    )
    request = verified(s, leep, mailer, RequestType.erasure, email="sam@example.se", lang="en")
    outcome = run_request(s, leep, request_id=request.id, mailer=mailer, actor="t")
    assert outcome.done == {"erased": 1, "held": 0, "kept": 1, "key_destroyed": False}
    register = leep.declaration.purposes["student_register_komvux"].name.en
    assert outcome.summary == (
        f"We erased 1 record. Name: kept for {register} (GDPR Article 17(3)(b)); "
        "when that ends is not yet known."
    )
    # The name stays for the register only: its basis for communication is gone.
    kept = s.execute(select(bases.c.purpose).where(bases.c.subject_id == ref.id)).scalars().all()
    assert kept == ["student_register_komvux"]
    assert read(s, leep, subject=ref, purpose="student_register_komvux", actor="t").values == {
        "user.name": ["Sam Berg"]
    }


def test_the_due_and_overdue_lists_follow_the_deadlines_and_extensions(store, lean, mailer):
    s, clock = store.session, lean.clock

    def received(days_ago: int, email: str):
        clock.at = datetime(2026, 3, 2, 9, tzinfo=UTC) - timedelta(days=days_ago)  # type: ignore[attr-defined]
        return verified(s, lean, mailer, RequestType.access, email=email)

    late = received(40, "late@example.se")  # 21 January: due 23 February, now overdue
    soon = received(27, "soon@example.se")  # due 3 March: due within the week
    extended = received(26, "ext@example.se")  # due 4 March, extended to 6 April
    extend_request(
        s, lean, request_id=extended.id, months=1, reason="Komplex.", mailer=mailer, actor="t"
    )
    fresh = received(0, "new@example.se")  # due 2 April
    done = received(30, "done@example.se")
    run_request(s, lean, request_id=done.id, mailer=mailer, actor="t")
    today = date(2026, 3, 2)
    assert [r.id for r in list_requests(s, today=today, overdue=True)] == [late.id]
    assert [r.id for r in list_requests(s, today=today, due=True)] == [late.id, soon.id]
    assert [r.id for r in list_requests(s, today=today)] == [
        late.id,
        soon.id,
        fresh.id,
        extended.id,
    ]
