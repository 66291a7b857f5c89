"""Each test's writes vanish afterwards, even those it commits (tests run in file order)."""

from datetime import UTC, datetime

from sqlalchemy import func, insert, select

from ombud.store.tables import subjects

PROBE = "isolation-probe"


def _probes(session) -> int:
    query = select(func.count()).select_from(subjects).where(subjects.c.public_id == PROBE)
    return session.execute(query).scalar_one()


def test_a_test_may_commit(store):
    store.session.execute(
        insert(subjects).values(public_id=PROBE, kind="member", created_at=datetime.now(UTC))
    )
    store.session.commit()
    assert _probes(store.session) == 1


def test_the_next_test_does_not_see_what_the_last_one_committed(store):
    assert _probes(store.session) == 0


def test_a_rollback_inside_a_test_keeps_the_session_usable(store):
    store.session.execute(
        insert(subjects).values(public_id=PROBE, kind="member", created_at=datetime.now(UTC))
    )
    store.session.rollback()
    assert _probes(store.session) == 0


def test_other_connections_do_not_see_a_tests_rows(store):
    store.session.execute(
        insert(subjects).values(public_id=PROBE, kind="member", created_at=datetime.now(UTC))
    )
    store.session.flush()
    with store.engine.connect() as other:
        assert _probes(other) == 0
