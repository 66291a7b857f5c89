"""The audit trail is hash-chained: an edited or deleted event is found, and where."""

from sqlalchemy import delete, select, update

from ombud.protect import IdentifierKind
from ombud.register import audit
from ombud.register.service import collect, register_subject
from ombud.store.tables import audit_events


def fill(store, ctx, people=3):
    for n in range(people):
        person = register_subject(
            store.session,
            ctx,
            kind="member",
            identifiers={IdentifierKind.EMAIL: f"p{n}@example.se"},
            actor="test",
        )
        collect(
            store.session,
            ctx,
            subject=person,
            purpose="membership",
            values={"user.name": f"Person {n}"},
            actor="test",
        )


def test_an_untouched_chain_verifies(store, ctx):
    fill(store, ctx)
    result = audit.verify(store.session)
    assert result.intact and result.events == 6
    last = store.session.execute(
        select(audit_events.c.hash).order_by(audit_events.c.id.desc())
    ).first()
    assert result.head == last.hash


def test_an_edited_event_is_found_at_its_id(store, ctx):
    fill(store, ctx)
    store.session.execute(
        update(audit_events).where(audit_events.c.id == 3).values(actor="someone else")
    )
    result = audit.verify(store.session)
    assert [(b.id, b.problem) for b in result.breaks] == [
        (3, "its content was changed after it was written")
    ]


def test_a_deleted_event_is_found_where_the_gap_is(store, ctx):
    fill(store, ctx)
    store.session.execute(delete(audit_events).where(audit_events.c.id == 4))
    result = audit.verify(store.session)
    assert {b.id for b in result.breaks} == {5}
    assert any("events 4–4 are missing" in b.problem for b in result.breaks)


def test_rewriting_an_event_and_its_hash_still_breaks_the_next_link(store, ctx):
    fill(store, ctx)
    row = store.session.execute(select(audit_events).where(audit_events.c.id == 2)).one()._mapping
    forged = dict(row, actor="forger")
    store.session.execute(
        update(audit_events)
        .where(audit_events.c.id == 2)
        .values(actor="forger", hash=audit.event_hash(row["prev_hash"], forged))
    )
    result = audit.verify(store.session)
    assert [b.id for b in result.breaks] == [3]


def test_audit_details_hold_no_personal_data(store, ctx):
    fill(store, ctx)
    for row in store.session.execute(select(audit_events)):
        text = repr(tuple(row))
        assert "example.se" not in text and "Person" not in text


def test_every_event_type_has_a_stable_name_and_a_docstring():
    names = [t.name for t in audit.EVENT_TYPES]
    assert len(names) == len(set(names))
    assert all(t.__doc__ and t.__doc__.strip() for t in audit.EVENT_TYPES)
