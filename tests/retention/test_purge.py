"""The purge on a real database: boundaries, the legal hold, subjects, blocks, the log."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from ombud.errors import Conflict
from ombud.protect import IdentifierKind, ValueCipher, record_aad, unwrap
from ombud.register.service import collect, record_event, register_subject
from ombud.retention import add_duration, end_of_year
from ombud.retention.lease import purge_lease
from ombud.retention.model import Duration, ErasureCount
from ombud.retention.purge import plan, purge, runs
from ombud.store.tables import (
    audit_events,
    bases,
    erasure_log,
    held_records,
    marketing_blocks,
    purge_runs,
    records,
    subject_identifiers,
    subjects,
)

from .conftest import START


def person(store, ctx, email, kind="customer"):
    return register_subject(
        store.session, ctx, kind=kind, identifiers={IdentifierKind.EMAIL: email}, actor="test"
    )


def booking(store, ctx, email, booked_at):
    ref = person(store, ctx, email)
    values = {"user.name": email.split("@")[0], "user.contact.email": email}
    collect(store.session, ctx, subject=ref, purpose="bookings", values=values, actor="test")
    record_event(store.session, ctx, subject=ref, name="booking_made", at=booked_at, actor="t")
    return ref


def count(store, table, *where) -> int:
    query = select(func.count()).select_from(table).where(*where)
    return store.session.execute(query).scalar_one()


def test_a_record_due_yesterday_goes_and_one_due_tomorrow_stays(store, ctx, sessions):
    gone = booking(store, ctx, "gone@example.se", START - timedelta(days=365 * 2 + 1))
    kept = booking(store, ctx, "kept@example.se", START - timedelta(days=365 * 2 - 1))
    run = purge(sessions, ctx)
    assert count(store, records, records.c.subject_id == gone.id) == 0
    assert count(store, subjects, subjects.c.id == gone.id) == 0
    assert count(store, records, records.c.subject_id == kept.id) == 2
    assert set(run.removed) == {
        ErasureCount("purpose:bookings", "user.contact.email", 1),
        ErasureCount("purpose:bookings", "user.name", 1),
        ErasureCount("subject", "customer", 1),
    }


def test_an_expiry_exactly_now_is_due(store, ctx, sessions):
    ref = booking(store, ctx, "edge@example.se", START)
    store.session.execute(update(bases).values(expires_at=START))
    purge(sessions, ctx)
    assert count(store, records, records.c.subject_id == ref.id) == 0


def test_a_record_lives_while_any_basis_justifies_it(store, ctx, sessions):
    ref = booking(store, ctx, "both@example.se", START - timedelta(days=800))
    values = {"user.contact.email": "both@example.se"}
    collect(store.session, ctx, subject=ref, purpose="membership", values=values, actor="t")
    purge(sessions, ctx)
    remaining = store.session.execute(
        select(records.c.category, bases.c.purpose)
        .join(bases)
        .where(records.c.subject_id == ref.id)
    ).all()
    assert remaining == [("user.contact.email", "membership")]  # the name went, bases pruned


def invoice(store, ctx, email, paid_at, fiscal_year_end=None):
    ref = person(store, ctx, email)
    values = {"user.name": "Kund", "user.contact.email": email, "user.payment": "SEK 500"}
    collect(store.session, ctx, subject=ref, purpose="invoicing", values=values, actor="test")
    record_event(store.session, ctx, subject=ref, name="invoice_paid", at=paid_at, actor="t")
    if fiscal_year_end is not None:
        record_event(
            store.session, ctx, subject=ref, name="fiscal_year_end", at=fiscal_year_end, actor="t"
        )
    return ref


def test_an_expired_invoice_moves_to_the_hold_with_only_the_categories_the_law_needs(
    store, ctx, sessions
):
    year_end = datetime(2025, 12, 31, 12, tzinfo=UTC)
    ref = invoice(store, ctx, "kund@example.se", START - timedelta(days=100), year_end)
    run = purge(sessions, ctx)
    held = store.session.execute(
        select(held_records.c.category, held_records.c.expires_at, held_records.c.value)
        .where(held_records.c.subject_id == ref.id)
        .order_by(held_records.c.category)
    ).all()
    # Bokföringslagen 7 kap. 2 §: until the end of the 7th year after the year ended.
    until = add_duration(end_of_year(year_end), Duration(years=7))
    assert [(c, e) for c, e, _ in held] == [("user.name", until), ("user.payment", until)]
    assert count(store, records, records.c.subject_id == ref.id) == 0
    assert count(store, subjects, subjects.c.id == ref.id) == 1  # its key decrypts the hold
    wrapped = store.session.execute(select(subjects.c.wrapped_key)).scalar_one()
    cipher = ValueCipher(unwrap(ctx.keyring, wrapped, ref.public_id))
    assert cipher.decrypt(held[1].value, aad=record_aad(ref.public_id, "user.payment")) == "SEK 500"
    assert ErasureCount("moved:bookkeeping", "user.name", 1) in run.removed
    assert ErasureCount("purpose:invoicing", "user.contact.email", 1) in run.removed

    ctx.clock.at = until + timedelta(days=1)
    later = purge(sessions, ctx)
    assert count(store, held_records) == 0
    assert count(store, subjects, subjects.c.id == ref.id) == 0
    assert set(later.removed) == {
        ErasureCount("hold:bookkeeping", "user.name", 1),
        ErasureCount("hold:bookkeeping", "user.payment", 1),
        ErasureCount("subject", "customer", 1),
    }


def test_a_hold_whose_clock_has_not_started_counts_from_the_move(store, ctx, sessions):
    invoice(store, ctx, "utan@example.se", START - timedelta(days=100))
    purge(sessions, ctx)
    ends = store.session.execute(select(held_records.c.expires_at).distinct()).scalars().all()
    assert ends == [add_duration(end_of_year(START), Duration(years=7))]


def test_a_held_category_waits_for_the_last_basis_before_moving(store, ctx, sessions):
    ref = invoice(store, ctx, "medlem@example.se", START - timedelta(days=100))
    values = {"user.name": "Kund"}
    collect(store.session, ctx, subject=ref, purpose="membership", values=values, actor="t")
    purge(sessions, ctx)
    assert count(store, held_records) == 1  # user.payment; user.name is still a member's
    name = select(records.c.id).where(records.c.category == "user.name")
    assert count(store, bases, bases.c.record_id.in_(name)) == 2  # the invoicing basis waits

    ended = START + timedelta(days=1)
    record_event(store.session, ctx, subject=ref, name="membership_ended", at=ended, actor="t")
    ctx.clock.at = START + timedelta(days=365 * 3 + 30)
    purge(sessions, ctx)
    held = store.session.execute(select(held_records.c.category).order_by("category"))
    assert held.scalars().all() == ["user.name", "user.payment"]
    assert count(store, records, records.c.subject_id == ref.id) == 0


def test_a_removed_subject_keeps_their_marketing_block(store, ctx, sessions):
    ref = booking(store, ctx, "Spärr@Example.se", START - timedelta(days=900))
    store.session.execute(
        update(subjects).where(subjects.c.id == ref.id).values(marketing_block=True)
    )
    purge(sessions, ctx)
    assert count(store, subjects, subjects.c.id == ref.id) == 0
    assert count(store, subject_identifiers, subject_identifiers.c.subject_id == ref.id) == 0
    assert count(store, marketing_blocks) == 1
    again = person(store, ctx, "spärr@example.se")
    assert again.created and again.public_id != ref.public_id
    blocked = select(subjects.c.marketing_block).where(subjects.c.id == again.id)
    assert store.session.execute(blocked).scalar_one() is True


def test_purging_twice_removes_nothing_more(store, ctx, sessions):
    for n in range(5):
        booking(store, ctx, f"p{n}@example.se", START - timedelta(days=700 + 20 * n))
    first = purge(sessions, ctx, batch_size=2)
    state = count(store, records), count(store, bases), count(store, subjects)
    second = purge(sessions, ctx, batch_size=2)
    assert (count(store, records), count(store, bases), count(store, subjects)) == state
    assert sum(c.count for c in first.removed if c.rule == "purpose:bookings") == 6
    assert second.removed == () and second.status == "finished"


def test_the_dry_run_says_what_the_purge_then_does(store, ctx, sessions):
    for n in range(4):
        booking(store, ctx, f"d{n}@example.se", START - timedelta(days=700 + 40 * n))
    invoice(store, ctx, "i@example.se", START - timedelta(days=100))
    invoice(store, ctx, "j@example.se", START - timedelta(days=10))
    before = count(store, records)
    preview = plan(store.session, ctx, as_of=START)
    assert count(store, records) == before  # the dry run writes nothing
    run = purge(sessions, ctx)
    assert preview.removed == tuple(c for c in run.removed if c.rule != "subject")
    assert sum(b.count for b in preview.bases) == 3 * 2 + 3  # three bookings, one invoice
    paid = START - timedelta(days=10)
    assert dict(preview.next_due)["invoicing"] == add_duration(paid, Duration(months=3))


def test_a_dry_run_as_of_a_later_date_shows_what_will_go_then(store, ctx):
    booking(store, ctx, "later@example.se", START - timedelta(days=365))
    assert plan(store.session, ctx, as_of=START).removed == ()
    later = plan(store.session, ctx, as_of=START + timedelta(days=366))
    assert {c.rule for c in later.removed} == {"purpose:bookings"}


def test_the_run_is_logged_and_audited_without_personal_data(store, ctx, sessions):
    booking(store, ctx, "logg@example.se", START - timedelta(days=900))
    run = purge(sessions, ctx)
    (listed,) = runs(store.session, since=START - timedelta(days=1))
    assert listed == run and run.status == "finished" and run.records_per_second > 0
    logged = store.session.execute(select(erasure_log.c.rule, erasure_log.c.count)).all()
    assert sorted(logged) == [("purpose:bookings", 1), ("purpose:bookings", 1), ("subject", 1)]
    detail = store.session.execute(
        select(audit_events.c.detail).where(audit_events.c.name == "purge_run")
    ).scalar_one()
    assert detail["records_removed"] == 2 and detail["subjects_removed"] == 1
    assert "logg" not in str(detail)


def test_a_second_purge_stops_while_one_holds_the_lease(store, ctx, sessions):
    booking(store, ctx, "lease@example.se", START - timedelta(days=900))
    with (
        purge_lease(sessions, ctx.clock, "elsewhere:1:x"),
        pytest.raises(Conflict, match="already running"),
    ):
        purge(sessions, ctx)
    assert count(store, purge_runs) == 0
    purge(sessions, ctx)  # the lease was released
    assert count(store, records) == 0


# Equal expiries: the greater purpose key counts, as the purge's own order decides.
@pytest.mark.parametrize(
    ("membership_after_bookings", "counted_under"),
    [
        (timedelta(days=5), "membership"),
        (timedelta(days=-5), "bookings"),
        (timedelta(0), "membership"),
    ],
)
def test_a_record_is_counted_once_under_the_purpose_whose_basis_expired_last(
    store, ctx, sessions, membership_after_bookings, counted_under
):
    ref = booking(store, ctx, "two@example.se", START - timedelta(days=800))
    values = {"user.contact.email": "two@example.se"}
    collect(store.session, ctx, subject=ref, purpose="membership", values=values, actor="t")
    bookings_end = START - timedelta(days=10)
    store.session.execute(update(bases).values(expires_at=bookings_end))
    store.session.execute(
        update(bases)
        .where(bases.c.purpose == "membership")
        .values(expires_at=bookings_end + membership_after_bookings)
    )
    preview = plan(store.session, ctx, as_of=START)
    assert set(preview.removed) == {
        ErasureCount("purpose:bookings", "user.name", 1),
        ErasureCount(f"purpose:{counted_under}", "user.contact.email", 1),
    }
    assert sum(b.count for b in preview.bases) == 3
    run = purge(sessions, ctx)
    assert preview.removed == tuple(c for c in run.removed if c.rule != "subject")
