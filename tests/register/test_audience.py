"""The set-based audience and the per-subject gate give the same answer for every subject."""

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert

from ombud.register import BasisStatus, Use
from ombud.register.service import audience, decide, decide_for, subject_ref
from ombud.store.tables import bases, consent_texts, consents, records, subjects

NOW = datetime(2026, 3, 1, 10, tzinfo=UTC)
offsets = st.none() | st.integers(-3, 3).map(lambda d: NOW + timedelta(days=d))
basis = st.tuples(
    st.sampled_from(["newsletter", "membership", "coaching"]),
    st.sampled_from(list(BasisStatus)),
    offsets,
)
consent = st.tuples(
    st.sampled_from(["newsletter", "coaching"]),
    st.integers(-3, 3),
    st.none() | st.integers(-3, 3),
    st.booleans(),
)
person = st.tuples(st.booleans(), st.lists(basis, max_size=3), st.lists(consent, max_size=2))


def insert_person(session, n, block, person_bases, person_consents):
    subject_id = session.execute(
        insert(subjects)
        .values(
            public_id=f"p{n:04d}",
            kind="member",
            wrapped_key=b"k",
            marketing_block=block,
            created_at=NOW,
        )
        .returning(subjects.c.id)
    ).scalar_one()
    for i, (purpose, status, expires_at) in enumerate(person_bases):
        record_id = session.execute(
            insert(records)
            .values(
                subject_id=subject_id,
                category="user.contact.email",
                value=b"x",
                value_hash=bytes([n % 256, i]) * 16,
                source="subject",
                collected_at=NOW,
            )
            .returning(records.c.id)
        ).scalar_one()
        session.execute(
            insert(bases).values(
                record_id=record_id,
                subject_id=subject_id,
                purpose=purpose,
                category="user.contact.email",
                legal_basis="consent",
                status=status.value,
                expires_at=expires_at,
                created_at=NOW,
                updated_at=NOW,
            )
        )
    for purpose, given_days, withdrawn_days, explicit in person_consents:
        session.execute(
            insert(consents).values(
                subject_id=subject_id,
                purpose=purpose,
                text_hash="0" * 64,
                method="test",
                given_at=NOW + timedelta(days=given_days),
                explicit=explicit,
                withdrawn_at=None
                if withdrawn_days is None
                else NOW + timedelta(days=withdrawn_days),
            )
        )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(person, min_size=1, max_size=8))
def test_audience_holds_exactly_the_subjects_the_gate_allows(store, ctx, people):
    session = store.session
    savepoint = session.begin_nested()
    try:
        session.execute(
            insert(consent_texts).values(
                hash="0" * 64, purpose="newsletter", lang="sv", text="t", created_at=NOW
            )
        )
        for n, (block, person_bases, person_consents) in enumerate(people):
            insert_person(session, n, block, person_bases, person_consents)
        for purpose in ("newsletter", "membership", "coaching"):
            expected = sorted(
                f"p{n:04d}"
                for n in range(len(people))
                if decide(
                    session, ctx, subject=subject_ref(session, f"p{n:04d}"), purpose=purpose
                ).allowed
            )
            assert audience(session, ctx, purpose=purpose) == expected, purpose
            # The API's one-read decision agrees with the gate's, reason and all.
            for n in range(len(people)):
                public_id = f"p{n:04d}"
                for use in Use:
                    by_ref = decide(
                        session,
                        ctx,
                        subject=subject_ref(session, public_id),
                        purpose=purpose,
                        use=use,
                    )
                    assert (
                        decide_for(session, ctx, public_id=public_id, purpose=purpose, use=use)
                        == by_ref
                    )
            # A page is the other form of the query: the same subjects, in pages.
            first = audience(session, ctx, purpose=purpose, limit=2)
            rest = audience(session, ctx, purpose=purpose, after=first[-1]) if first else []
            assert first + rest == expected, purpose
    finally:
        savepoint.rollback()
