"""Each example organisation's stated periods, kept by the purge as the clock moves on."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from ombud.clock import FixedClock
from ombud.declaration import load_declaration
from ombud.errors import Refused
from ombud.protect import IdentifierKind, generate_keyring
from ombud.register.service import Context, collect, record_event, register_subject
from ombud.retention import expiry
from ombud.retention.purge import purge
from ombud.store.tables import held_records, records, subjects

EXAMPLES = Path(__file__).resolve().parents[2] / "src/ombud/examples"
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
DAY = timedelta(days=1)


def context(name: str, at: datetime) -> Context:
    declaration = load_declaration(EXAMPLES / name / "ombud.yaml").declaration
    return Context(declaration=declaration, keyring=generate_keyring(), clock=FixedClock(at))


def sessions_for(store):
    return sessionmaker(bind=store.connection, join_transaction_mode="create_savepoint")


def held_categories(store, subject_id) -> list[str]:
    query = select(records.c.category).where(records.c.subject_id == subject_id)
    return sorted(store.session.execute(query).scalars())


def person(store, ctx, kind, email):
    return register_subject(
        store.session, ctx, kind=kind, identifiers={IdentifierKind.EMAIL: email}, actor="test"
    )


def purge_at(store, ctx, at):
    ctx.clock.at = at
    purge(sessions_for(store), ctx)


def test_lean_forum_keeps_bookings_24_months_members_36_and_invoices_7_years(store):
    ctx = context("lean-forum", T0)
    s = store.session
    guest = person(store, ctx, "participant", "gast@example.se")
    booking = {
        "user.contact.email": "gast@example.se",
        "user.content.private.dietary_wish": "vegan",
    }
    collect(s, ctx, subject=guest, purpose="participant_bookings", values=booking, actor="t")
    invoice = {"user.name": "Gäst Gästsson", "user.payment": "SEK 1200"}
    collect(s, ctx, subject=guest, purpose="bookkeeping", values=invoice, actor="t")
    record_event(s, ctx, subject=guest, name="booking_made", at=T0, actor="t")
    year_end = datetime(2026, 12, 31, 12, tzinfo=UTC)
    record_event(s, ctx, subject=guest, name="fiscal_year_end", at=year_end, actor="t")

    member = person(store, ctx, "member", "medlem@example.se")
    values = {"user.name": "Medlem", "user.contact.email": "medlem@example.se"}
    collect(s, ctx, subject=member, purpose="membership", values=values, actor="t")
    ended = T0 + timedelta(days=400)
    record_event(s, ctx, subject=member, name="membership_ended", at=ended, actor="t")

    purge_at(store, ctx, datetime(2028, 3, 1, tzinfo=UTC))  # 24 months less a day
    assert len(held_categories(store, guest.id)) == 4
    purge_at(store, ctx, datetime(2028, 3, 3, tzinfo=UTC))  # non-member booking: gone
    assert held_categories(store, guest.id) == ["user.name", "user.payment"]  # the invoice
    assert len(held_categories(store, member.id)) == 2

    member_end = datetime(2030, 4, 6, 9, tzinfo=UTC)  # 36 months after membership ended
    purge_at(store, ctx, member_end - DAY)
    assert len(held_categories(store, member.id)) == 2
    purge_at(store, ctx, member_end + DAY)
    assert held_categories(store, member.id) == []
    assert (
        store.session.execute(select(subjects.c.id).where(subjects.c.id == member.id)).first()
        is None
    )

    # Bokföringslagen: 7 years after the end of 2026, i.e. until 1 January 2034.
    purge_at(store, ctx, datetime(2033, 12, 30, tzinfo=UTC))
    assert held_categories(store, guest.id) == ["user.name", "user.payment"]
    purge_at(store, ctx, datetime(2034, 1, 2, tzinfo=UTC))
    assert held_categories(store, guest.id) == []
    count = select(func.count()).select_from(subjects)
    assert store.session.execute(count).scalar_one() == 0


def _timed_purposes(name: str):
    declaration = load_declaration(EXAMPLES / name / "ombud.yaml").declaration
    for key, purpose in declaration.purposes.items():
        rule = purpose.retention
        if rule is None or rule.keep is None or purpose.consent is not None:
            continue
        yield pytest.param(name, key, id=f"{name}:{key}")


@pytest.mark.parametrize(
    ("example", "purpose"),
    [
        p
        for name in ("lasting-group", "learnster", "leep", "coaching-firm")
        for p in _timed_purposes(name)
    ],
)
def test_each_example_purpose_lets_its_data_go_when_its_period_ends(store, example, purpose):
    ctx = context(example, T0)
    declared = ctx.declaration.purposes[purpose]
    rule = declared.retention
    category = next(c for c in declared.categories if "government_id" not in c)
    ref = person(store, ctx, declared.subject_kinds[0], "exempel@example.se")
    try:
        collect(store.session, ctx, subject=ref, purpose=purpose, values={category: "x"}, actor="t")
    except Refused as refused:
        pytest.skip(f"not collectable without more context: {refused}")
    events = {"collected": T0}
    for name in rule.after:
        if name != "collected":
            record_event(store.session, ctx, subject=ref, name=name, at=T0, actor="t")
            events[name] = T0
    end = expiry(rule, events)
    purge_at(store, ctx, end - DAY)
    assert held_categories(store, ref.id) == [category]
    purge_at(store, ctx, end + DAY)
    assert held_categories(store, ref.id) == []
    held = select(held_records.c.expires_at).where(held_records.c.subject_id == ref.id)
    for kept_until in store.session.execute(held).scalars():
        assert kept_until > end + DAY  # only a hold that still binds keeps anything
