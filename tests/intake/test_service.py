"""Receiving texts for Lean Forum: rejected e-mail leaves no trace, a wish stays in its booking."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.orm import sessionmaker

from ombud.declaration.model import Channel, IntakeAction
from ombud.errors import NotFound, Refused
from ombud.intake.service import list_flags, receive
from ombud.protect import IdentifierKind
from ombud.register.service import (
    collect,
    read,
    record_event,
    register_subject,
    subject_ref,
)
from ombud.retention.purge import purge
from ombud.store.tables import audit_events, entries, records, subjects
from tests.rights.conftest import RecordingMailer

SENSITIVE = "Hej! Jag har fått diagnosen diabetes och behöver avboka kursen i Borås."
GUEST = "gast@example.se"


def count(store, table) -> int:
    return store.session.execute(select(func.count()).select_from(table)).scalar_one()


def audit_rows(store) -> list[dict]:
    rows = store.session.execute(select(audit_events)).mappings().all()
    return [dict(row) for row in rows]


def booking(store, ctx):
    """A non-member's booking: the entry, its contact data and its booking_made event."""
    guest = register_subject(
        store.session, ctx, kind="participant", identifiers={IdentifierKind.EMAIL: GUEST}, actor="t"
    )
    entry = store.session.execute(
        insert(entries)
        .values(subject_id=guest.id, kind="booking", created_at=ctx.clock.now())
        .returning(entries.c.id)
    ).scalar_one()
    values = {"user.name": "Gäst Gästsson", "user.contact.email": GUEST}
    collect(
        store.session,
        ctx,
        subject=guest,
        purpose="participant_bookings",
        values=values,
        entry=entry,
        actor="t",
    )
    record_event(
        store.session,
        ctx,
        subject=guest,
        name="booking_made",
        at=ctx.clock.now(),
        entry=entry,
        actor="t",
    )
    return guest, entry


def test_a_sensitive_email_is_rejected_answered_and_leaves_only_an_audit_line(store, ctx):
    mailer = RecordingMailer()
    outcome = receive(
        store.session,
        ctx,
        channel="email",
        sender="anna@example.se",
        text=SENSITIVE,
        lang="sv",
        mailer=mailer,
        actor="intake",
    )
    assert outcome.action is IntakeAction.reject and outcome.replied
    assert count(store, records) == 0 and count(store, subjects) == 0
    (row,) = audit_rows(store)
    assert row["name"] == "intake_rejected" and row["subject_ref"] is None
    assert row["detail"] == {
        "channel": "email",
        "kinds": ["health"],
        "counts": {"health": 2},
        "replied": True,
    }
    stored = json.dumps(row, default=str).lower()
    for word in ("diagnosen", "diabetes", "borås", "anna", "example.se"):
        assert word not in stored
    (mail,) = mailer.sent
    assert mail.to == "anna@example.se" and "Lean Forum" in mail.subject
    assert "raderats" in mail.body and "diabetes" not in mail.body


def test_the_reply_follows_the_senders_language(store, ctx):
    mailer = RecordingMailer()
    receive(
        store.session,
        ctx,
        channel="email",
        sender="anna@example.se",
        text="I was diagnosed with diabetes last week.",
        lang="en",
        mailer=mailer,
        actor="t",
    )
    assert "deleted" in mailer.sent[0].body


def test_a_personnummer_in_an_email_is_stored_masked(store, ctx):
    outcome = receive(
        store.session,
        ctx,
        channel="email",
        sender="anna@example.se",
        text="Mitt personnummer är 811218-9876, kan ni skicka fakturan igen?",
        lang="sv",
        mailer=RecordingMailer(),
        actor="t",
    )
    assert outcome.action is IntakeAction.redact and outcome.subject
    ref = subject_ref(store.session, outcome.subject)
    values = read(store.session, ctx, subject=ref, purpose="email_intake", actor="t").values
    assert values["user.content.private.correspondence"] == [
        "Mitt personnummer är [personnummer], kan ni skicka fakturan igen?"
    ]
    assert values["user.contact.email"] == ["anna@example.se"]


def test_a_dietary_wish_stays_in_its_booking_and_goes_with_it_at_the_purge(store, ctx, clock):
    _, entry = booking(store, ctx)
    outcome = receive(
        store.session,
        ctx,
        channel="booking_wish",
        sender=GUEST,
        text="Glutenfri, jag har celiaki",
        lang="sv",
        mailer=RecordingMailer(),
        actor="t",
        entry=entry,
    )
    assert outcome.action is IntakeAction.store_in_entry_only and outcome.entry == entry
    wishes = (
        store.session.execute(
            select(records.c.entry_id).where(
                records.c.category == "user.content.private.dietary_wish"
            )
        )
        .scalars()
        .all()
    )
    assert wishes == [entry]
    sessions = sessionmaker(bind=store.connection, join_transaction_mode="create_savepoint")
    clock.at = clock.now() + timedelta(days=23 * 30)
    purge(sessions, ctx)
    assert count(store, records) == 3
    clock.at = clock.now() + timedelta(days=3 * 30)
    purge(sessions, ctx)
    assert count(store, records) == 0
    assert count(store, subjects) == 0


def test_a_wish_that_belongs_in_a_booking_is_refused_without_one(store, ctx):
    with pytest.raises(Refused) as refused:
        receive(
            store.session,
            ctx,
            channel="booking_wish",
            sender=GUEST,
            text="Vegetarisk",
            lang="sv",
            mailer=RecordingMailer(),
            actor="t",
        )
    assert refused.value.rule == "store_in_entry_only"
    assert count(store, records) == 0


def test_a_wish_for_someone_elses_booking_is_refused(store, ctx):
    _, entry = booking(store, ctx)
    with pytest.raises(Refused) as refused:
        receive(
            store.session,
            ctx,
            channel="booking_wish",
            sender="annan@example.se",
            text="Vegetarisk",
            lang="sv",
            mailer=RecordingMailer(),
            actor="t",
            entry=entry,
        )
    assert refused.value.rule == "entry"


def test_an_undeclared_channel_is_not_found(store, ctx):
    with pytest.raises(NotFound, match="declared: booking_wish, email"):
        receive(
            store.session,
            ctx,
            channel="fax",
            sender=GUEST,
            text="Hej",
            lang="sv",
            mailer=RecordingMailer(),
            actor="t",
        )


def test_a_flagged_text_is_stored_and_listed_for_the_dpo(store, ctx, lean_forum):
    form = Channel.model_validate(
        {
            "kind": "form",
            "purpose": "email_intake",
            "category": "user.content.private.correspondence",
            "subject_kind": "email_contact",
            "rules": {"health": "flag"},
        }
    )
    flagged = ctx.__class__(
        declaration=lean_forum.model_copy(update={"intake": {"contact_form": form}}),
        keyring=ctx.keyring,
        clock=ctx.clock,
    )
    outcome = receive(
        store.session,
        flagged,
        channel="contact_form",
        sender="anna@example.se",
        text=SENSITIVE,
        lang="sv",
        mailer=RecordingMailer(),
        actor="t",
    )
    assert outcome.action is IntakeAction.flag and outcome.flagged
    (flag,) = list_flags(store.session)
    assert (flag.channel, flag.purpose, flag.subject, flag.kinds) == (
        "contact_form",
        "email_intake",
        outcome.subject,
        ("health",),
    )
    assert "intake_flagged" in {row["name"] for row in audit_rows(store)}
