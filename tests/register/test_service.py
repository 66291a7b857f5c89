"""Collecting under the declaration, on a real database: what is stored, refused and read."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from ombud.declaration.model import SourceKind
from ombud.errors import Refused
from ombud.protect import IdentifierKind
from ombud.register import Reason, Use
from ombud.register.consents import give_consent, withdraw_consent
from ombud.register.service import (
    audience,
    collect,
    decide,
    find_subject,
    read,
    record_event,
    register_subject,
)
from ombud.store.tables import audit_events, bases, records, subjects

EMAIL = "Anna.Svensson@Example.se"


def member(store, ctx, email=EMAIL):
    return register_subject(
        store.session, ctx, kind="member", identifiers={IdentifierKind.EMAIL: email}, actor="test"
    )


def count(store, table, *where) -> int:
    return store.session.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


def test_a_subject_is_found_again_by_any_spelling_of_their_email(store, ctx):
    anna = member(store, ctx)
    again = find_subject(
        store.session, ctx, kind=IdentifierKind.EMAIL, value=" anna.svensson@example.SE"
    )
    assert again is not None and again.id == anna.id
    assert member(store, ctx).id == anna.id  # registering again finds the same person


def test_collect_stores_records_with_a_basis_and_no_clock_until_the_event(store, ctx):
    anna = member(store, ctx)
    result = collect(
        store.session,
        ctx,
        subject=anna,
        purpose="membership",
        values={"user.name": "Anna Svensson", "user.contact.email": EMAIL},
        actor="test",
    )
    assert result.new_records == 2
    expiries = store.session.execute(
        select(bases.c.expires_at).where(bases.c.subject_id == anna.id)
    )
    assert [e for (e,) in expiries] == [None, None]  # membership still ongoing


def test_membership_ended_starts_the_36_month_clock(store, ctx, clock):
    anna = member(store, ctx)
    collect(
        store.session,
        ctx,
        subject=anna,
        purpose="membership",
        values={"user.name": "Anna Svensson"},
        actor="test",
    )
    ended = datetime(2026, 6, 30, 12, tzinfo=UTC)
    assert (
        record_event(
            store.session, ctx, subject=anna, name="membership_ended", at=ended, actor="test"
        )
        == 1
    )
    (expires_at,) = store.session.execute(select(bases.c.expires_at)).one()
    assert expires_at == datetime(2029, 6, 30, 12, tzinfo=UTC)


def test_the_same_value_for_two_purposes_is_one_record_with_two_bases(store, ctx):
    anna = member(store, ctx)
    for purpose in ("membership", "bookings"):
        collect(
            store.session,
            ctx,
            subject=anna,
            purpose=purpose,
            values={"user.contact.email": EMAIL},
            actor="test",
        )
    assert count(store, records, records.c.subject_id == anna.id) == 1
    assert count(store, bases, bases.c.subject_id == anna.id) == 2


def test_a_category_the_purpose_does_not_declare_is_refused_and_nothing_written(store, ctx):
    anna = member(store, ctx)
    with pytest.raises(Refused) as refused:
        collect(
            store.session,
            ctx,
            subject=anna,
            purpose="membership",
            values={"user.name": "Anna", "user.content.private.dietary_wish": "vegan"},
            actor="test",
        )
    assert refused.value.rule == "data_minimisation"
    assert "may not use category 'user.content.private.dietary_wish'" in str(refused.value)
    assert count(store, records) == 0


def test_an_undeclared_purpose_is_refused(store, ctx):
    anna = member(store, ctx)
    with pytest.raises(Refused) as refused:
        collect(
            store.session,
            ctx,
            subject=anna,
            purpose="marketing",
            values={"user.name": "Anna"},
            actor="test",
        )
    assert refused.value.rule == "purpose_limitation"
    assert "declared: bookings, coaching" in str(refused.value)


def test_special_category_needs_live_explicit_consent(store, ctx):
    anna = member(store, ctx)
    values = {"user.health_and_medical": "diabetes typ 1"}
    with pytest.raises(Refused) as refused:
        collect(store.session, ctx, subject=anna, purpose="coaching", values=values, actor="t")
    assert refused.value.rule == "explicit_consent"
    assert count(store, records) == 0
    give_consent(
        store.session, ctx, subject=anna, purpose="coaching", lang="sv", method="paper", actor="t"
    )
    assert (
        collect(
            store.session, ctx, subject=anna, purpose="coaching", values=values, actor="t"
        ).new_records
        == 1
    )


def test_consent_purpose_refuses_collection_without_consent(store, ctx):
    anna = member(store, ctx)
    with pytest.raises(Refused) as refused:
        collect(
            store.session,
            ctx,
            subject=anna,
            purpose="newsletter",
            values={"user.contact.email": EMAIL},
            actor="t",
        )
    assert refused.value.rule == "consent"


def test_third_party_data_must_name_its_source(store, ctx):
    anna = member(store, ctx)
    with pytest.raises(Refused) as refused:
        collect(
            store.session,
            ctx,
            subject=anna,
            purpose="membership",
            values={"user.name": "Anna"},
            source=SourceKind.third_party,
            actor="t",
        )
    assert refused.value.rule == "source"


def test_withdrawn_consent_closes_the_gate_and_the_audience_at_once(store, ctx, clock):
    anna, bo = member(store, ctx), member(store, ctx, "bo@example.se")
    for person, email in ((anna, EMAIL), (bo, "bo@example.se")):
        give_consent(
            store.session,
            ctx,
            subject=person,
            purpose="newsletter",
            lang="sv",
            method="web_form",
            actor="t",
        )
        collect(
            store.session,
            ctx,
            subject=person,
            purpose="newsletter",
            values={"user.contact.email": email},
            actor="t",
        )
    assert sorted(audience(store.session, ctx, purpose="newsletter")) == sorted(
        [anna.public_id, bo.public_id]
    )
    clock.advance(timedelta(minutes=1))
    assert withdraw_consent(store.session, ctx, subject=anna, purpose="newsletter", actor="t") == 1
    assert decide(store.session, ctx, subject=anna, purpose="newsletter").reason is (
        Reason.consent_withdrawn
    )
    assert audience(store.session, ctx, purpose="newsletter") == [bo.public_id]


def test_marketing_block_removes_the_subject_from_the_marketing_audience(store, ctx):
    anna = member(store, ctx)
    give_consent(
        store.session,
        ctx,
        subject=anna,
        purpose="newsletter",
        lang="en",
        method="web_form",
        actor="t",
    )
    collect(
        store.session,
        ctx,
        subject=anna,
        purpose="newsletter",
        values={"user.contact.email": EMAIL},
        actor="t",
    )
    store.session.execute(subjects.update().values(marketing_block=True))
    assert audience(store.session, ctx, purpose="newsletter") == []
    assert decide(store.session, ctx, subject=anna, purpose="newsletter").reason is (
        Reason.marketing_block
    )


def test_read_goes_through_the_gate_and_leaves_an_audit_event(store, ctx):
    anna = member(store, ctx)
    collect(
        store.session,
        ctx,
        subject=anna,
        purpose="membership",
        values={"user.name": "Anna Svensson", "user.contact.email": EMAIL},
        actor="t",
    )
    reading = read(store.session, ctx, subject=anna, purpose="membership", actor="kansliet")
    assert reading.values == {
        "user.name": ["Anna Svensson"],
        "user.contact.email": ["anna.svensson@example.se"],
    }
    denied = read(store.session, ctx, subject=anna, purpose="bookings", actor="kansliet")
    assert denied.decision.reason is Reason.no_basis and denied.values == {}
    names = store.session.execute(
        select(audit_events.c.name, audit_events.c.actor, audit_events.c.purpose)
        .order_by(audit_events.c.id.desc())
        .limit(2)
    ).all()
    assert [tuple(r) for r in names] == [
        ("read_denied", "kansliet", "bookings"),
        ("read", "kansliet", "membership"),
    ]


def test_expired_data_is_denied_as_expired(store, ctx, clock):
    anna = member(store, ctx)
    collect(
        store.session,
        ctx,
        subject=anna,
        purpose="membership",
        values={"user.name": "Anna"},
        actor="t",
    )
    record_event(
        store.session, ctx, subject=anna, name="membership_ended", at=clock.now(), actor="t"
    )
    clock.advance(timedelta(days=3 * 366))
    decision = decide(store.session, ctx, subject=anna, purpose="membership")
    assert decision.reason is Reason.expired
    assert (
        decide(store.session, ctx, subject=anna, purpose="membership", use=Use.storage).reason
        is Reason.expired
    )


def test_a_booking_event_counts_only_for_its_own_entry(store, ctx, clock):
    from sqlalchemy import insert

    from ombud.store.tables import entries

    anna = member(store, ctx)
    first, second = (
        store.session.execute(
            insert(entries)
            .values(subject_id=anna.id, kind="booking", created_at=clock.now())
            .returning(entries.c.id)
        ).scalar_one()
        for _ in range(2)
    )
    for entry, wish in ((first, "vegetarisk"), (second, "glutenfri")):
        collect(
            store.session,
            ctx,
            subject=anna,
            purpose="bookings",
            values={"user.content.private.dietary_wish": wish},
            entry=entry,
            actor="t",
        )
    record_event(
        store.session,
        ctx,
        subject=anna,
        name="booking_made",
        at=datetime(2026, 3, 1, 12, tzinfo=UTC),
        entry=first,
        actor="t",
    )
    rows = dict(
        store.session.execute(
            select(records.c.entry_id, bases.c.expires_at).join(
                bases, bases.c.record_id == records.c.id
            )
        ).all()
    )
    assert rows[first] == datetime(2028, 3, 1, 12, tzinfo=UTC)
    assert rows[second] is None


def test_the_database_holds_no_plaintext_identifier_or_name(store, ctx):
    anna = member(store, ctx)
    collect(
        store.session,
        ctx,
        subject=anna,
        purpose="membership",
        values={"user.name": "Anna Svensson", "user.contact.email": EMAIL},
        actor="t",
    )
    store.session.flush()
    for table in (subjects, records):
        for row in store.session.execute(select(table)):
            dumped = repr(tuple(row)).lower()
            assert "svensson" not in dumped and "anna" not in dumped


def test_a_shared_phone_number_stays_with_its_first_holder(store, ctx):
    anna = member(store, ctx)
    bo = member(store, ctx, "bo@example.se")
    for person in (anna, bo):
        collect(
            store.session,
            ctx,
            subject=person,
            purpose="membership",
            values={"user.contact.phone_number": "070-174 06 05"},
            actor="t",
        )
    found = find_subject(store.session, ctx, kind=IdentifierKind.PHONE, value="+46701740605")
    assert found is not None and found.id == anna.id
    assert count(store, records, records.c.subject_id == bo.id) == 1  # still held for Bo


def test_the_consent_ledger_keeps_its_history(store, ctx, clock):
    from ombud.store.tables import consent_texts, consents

    anna = member(store, ctx)
    first = give_consent(
        store.session,
        ctx,
        subject=anna,
        purpose="newsletter",
        lang="sv",
        method="web_form",
        actor="t",
        evidence="form 12",
    )
    clock.advance(timedelta(days=1))
    withdraw_consent(store.session, ctx, subject=anna, purpose="newsletter", actor="t")
    clock.advance(timedelta(days=1))
    again = give_consent(
        store.session, ctx, subject=anna, purpose="newsletter", lang="en", method="paper", actor="t"
    )
    rows = store.session.execute(
        select(
            consents.c.given_at, consents.c.withdrawn_at, consents.c.method, consents.c.text_hash
        ).order_by(consents.c.id)
    ).all()
    assert [(r.method, r.withdrawn_at is None) for r in rows] == [
        ("web_form", False),
        ("paper", True),
    ]
    assert rows[0].text_hash == first.text_hash != again.text_hash  # sv and en texts differ
    texts = dict(store.session.execute(select(consent_texts.c.hash, consent_texts.c.text)).all())
    assert texts[first.text_hash] == "Jag vill få nyhetsbrevet."
    assert decide(store.session, ctx, subject=anna, purpose="newsletter").reason is Reason.no_basis


def test_restricted_records_are_read_only_for_the_uses_art_18_allows(store, ctx):
    anna = member(store, ctx)
    collect(
        store.session,
        ctx,
        subject=anna,
        purpose="membership",
        values={"user.name": "Anna"},
        actor="t",
    )
    store.session.execute(bases.update().values(status="restricted"))
    assert (
        read(store.session, ctx, subject=anna, purpose="membership", actor="t").decision.reason
        is Reason.restricted
    )
    kept = read(
        store.session, ctx, subject=anna, purpose="membership", actor="t", use=Use.legal_claims
    )
    assert kept.values == {"user.name": ["Anna"]}
