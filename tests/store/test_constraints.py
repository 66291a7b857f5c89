"""The schema itself refuses what no service may write."""

import hashlib
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from ombud.store.tables import (
    bases,
    entries,
    held_records,
    records,
    requests,
    subject_identifiers,
    subjects,
)

NOW = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)


def _hash(value: str) -> bytes:
    return hashlib.sha256(value.encode()).digest()[:16]


def _subject(session) -> int:
    return session.execute(
        insert(subjects).values(kind="member", created_at=NOW).returning(subjects.c.id)
    ).scalar_one()


def _record(session, subject_id: int, value: str = "a@example.org", **extra) -> int:
    values = {
        "subject_id": subject_id,
        "category": "user.contact.email",
        "value": b"ciphertext",
        "value_hash": _hash(value),
        "source": "subject",
        "collected_at": NOW,
        **extra,
    }
    return session.execute(insert(records).values(values).returning(records.c.id)).scalar_one()


def _entry(session, subject_id: int) -> int:
    return session.execute(
        insert(entries)
        .values(subject_id=subject_id, kind="booking", created_at=NOW)
        .returning(entries.c.id)
    ).scalar_one()


def _basis(session, record_id: int, subject_id: int, purpose: str) -> None:
    session.execute(
        insert(bases).values(
            record_id=record_id,
            subject_id=subject_id,
            purpose=purpose,
            category="user.contact.email",
            legal_basis="contract",
            created_at=NOW,
            updated_at=NOW,
        )
    )


def _refused(store):
    """Expect an IntegrityError, contained in a savepoint so the test can go on."""
    return pytest.raises(IntegrityError), store.session.begin_nested()


def test_subjects_get_a_random_public_id_and_default_flags(store):
    ids = [_subject(store.session) for _ in range(2)]
    rows = store.session.execute(select(subjects).where(subjects.c.id.in_(ids))).all()
    assert len({row.public_id for row in rows}) == 2
    assert all(len(row.public_id) >= 22 for row in rows)
    assert not any(row.protected_identity or row.marketing_block for row in rows)


def test_an_identifier_belongs_to_one_subject_only(store):
    first, second = _subject(store.session), _subject(store.session)
    identifier = {"kind": "email", "blind_index": _hash("a@example.org")}
    store.session.execute(insert(subject_identifiers).values(subject_id=first, **identifier))
    refused, savepoint = _refused(store)
    with refused, savepoint:
        store.session.execute(insert(subject_identifiers).values(subject_id=second, **identifier))


def test_the_same_hash_under_another_identifier_kind_is_another_identifier(store):
    subject = _subject(store.session)
    blind_index = _hash("46701234567")
    for kind in ("email", "phone"):
        store.session.execute(
            insert(subject_identifiers).values(
                subject_id=subject, kind=kind, blind_index=blind_index
            )
        )


def test_one_basis_per_record_and_purpose(store):
    subject = _subject(store.session)
    record = _record(store.session, subject)
    _basis(store.session, record, subject, "membership")
    _basis(store.session, record, subject, "newsletter")
    refused, savepoint = _refused(store)
    with refused, savepoint:
        _basis(store.session, record, subject, "membership")


def test_the_same_value_outside_any_entry_is_one_record(store):
    subject = _subject(store.session)
    _record(store.session, subject)
    refused, savepoint = _refused(store)
    with refused, savepoint:
        _record(store.session, subject)


def test_the_same_value_in_two_entries_is_two_records_but_once_per_entry(store):
    subject = _subject(store.session)
    first, second = _entry(store.session, subject), _entry(store.session, subject)
    _record(store.session, subject)
    _record(store.session, subject, entry_id=first)
    _record(store.session, subject, entry_id=second)
    refused, savepoint = _refused(store)
    with refused, savepoint:
        _record(store.session, subject, entry_id=first)


def test_a_third_party_record_names_its_source(store):
    subject = _subject(store.session)
    named = {"source": "third_party", "source_name": "Bolagsverket"}
    _record(store.session, subject, "b@example.org", **named)
    refused, savepoint = _refused(store)
    with refused, savepoint:
        _record(store.session, subject, "c@example.org", source="third_party")


def test_a_basis_status_outside_the_closed_set_is_refused(store):
    subject = _subject(store.session)
    record = _record(store.session, subject)
    refused, savepoint = _refused(store)
    with refused, savepoint:
        store.session.execute(
            insert(bases).values(
                record_id=record,
                subject_id=subject,
                purpose="membership",
                category="user.contact.email",
                legal_basis="contract",
                status="paused",
                created_at=NOW,
                updated_at=NOW,
            )
        )


def test_foreign_keys_are_enforced(store):
    refused, savepoint = _refused(store)
    with refused, savepoint:
        _basis(store.session, record_id=999_999, subject_id=999_999, purpose="membership")


def test_a_subject_stays_while_a_held_record_remains(store):
    subject = _subject(store.session)
    store.session.execute(
        insert(held_records).values(
            subject_id=subject,
            hold="bookkeeping",
            category="user.financial",
            value=b"ciphertext",
            expires_at=NOW,
            moved_at=NOW,
            law="Bokföringslagen (1999:1078) 7 kap. 2 §",
        )
    )
    refused, savepoint = _refused(store)
    with refused, savepoint:
        store.session.execute(delete(subjects).where(subjects.c.id == subject))


def test_a_request_outlives_the_erasure_of_its_subject(store):
    subject = _subject(store.session)
    request = store.session.execute(
        insert(requests)
        .values(
            type="erasure",
            subject_id=subject,
            lang="sv",
            received_at=NOW,
            due_on=NOW.date(),
            updated_at=NOW,
        )
        .returning(requests.c.id)
    ).scalar_one()
    store.session.execute(delete(subjects).where(subjects.c.id == subject))
    kept = store.session.execute(select(requests).where(requests.c.id == request)).one()
    assert kept.subject_id is None
    assert kept.status == "received"
