from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import insert, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import StatementError

from ombud.store.tables import audit_events, locks
from ombud.store.types import JSONText, UTCDateTime, canonical_json

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _write_lock(store, expires_at):
    store.session.execute(insert(locks).values(name="purge", holder="t", expires_at=expires_at))
    return store.session.execute(select(locks.c.expires_at)).scalar_one()


def test_aware_timestamps_come_back_as_the_same_instant_in_utc(store):
    summer = datetime(2025, 7, 1, 12, 30, 15, 123456, tzinfo=STOCKHOLM)
    read = _write_lock(store, summer)
    assert read == summer
    assert read.tzinfo is UTC
    assert read == datetime(2025, 7, 1, 10, 30, 15, 123456, tzinfo=UTC)


def test_naive_timestamps_are_refused(store):
    with pytest.raises(StatementError) as raised:
        _write_lock(store, datetime(2025, 7, 1, 12, 30))
    assert isinstance(raised.value.orig, ValueError)
    assert "naive datetime 2025-07-01T12:30:00" in str(raised.value.orig)


def test_timestamps_compare_as_instants_in_sql(store):
    _write_lock(store, datetime(2025, 1, 1, 1, 0, tzinfo=STOCKHOLM))  # 00:00 UTC
    later_in_utc = datetime(2025, 1, 1, 0, 30, tzinfo=UTC)
    query = select(locks.c.name).where(locks.c.expires_at < later_in_utc)
    assert store.session.execute(query).scalars().all() == ["purge"]


def test_timestamps_read_back_in_utc_whatever_the_session_time_zone(store):
    if store.backend != "postgresql":
        pytest.skip("only PostgreSQL has a session time zone")
    store.session.execute(text("SET LOCAL TIME ZONE 'Asia/Tokyo'"))
    read = _write_lock(store, datetime(2025, 3, 30, 1, 59, tzinfo=UTC))
    assert read.tzinfo is UTC
    assert read == datetime(2025, 3, 30, 1, 59, tzinfo=UTC)


@given(
    st.datetimes(
        min_value=datetime(1900, 1, 2),
        max_value=datetime(2200, 12, 30),
        timezones=st.sampled_from([UTC, STOCKHOLM, timezone(timedelta(hours=-9, minutes=-30))]),
    )
)
def test_utc_conversion_keeps_the_instant_on_both_dialects(moment):
    kind = UTCDateTime()
    for dialect in (sqlite.dialect(), postgresql.psycopg.dialect()):
        stored = kind.process_bind_param(moment, dialect)
        read = kind.process_result_value(stored, dialect)
        # Compare in UTC: PEP 495 makes an ambiguous local time unequal to every other zone.
        assert read == moment.astimezone(UTC)
        assert read.tzinfo is UTC


def test_json_is_stored_as_canonical_text_and_read_back(store):
    detail = {"purpose": "nyhetsbrev", "counts": {"b": 2, "a": 1}, "note": "ålder"}
    store.session.execute(
        insert(audit_events).values(
            at=datetime(2025, 1, 1, tzinfo=UTC),
            actor="system",
            name="probe",
            detail=detail,
            prev_hash="0" * 64,
            hash="1" * 64,
        )
    )
    raw = store.session.execute(text("SELECT detail FROM audit_events")).scalar_one()
    assert raw == '{"counts":{"a":1,"b":2},"note":"ålder","purpose":"nyhetsbrev"}'
    assert raw == canonical_json(detail)
    assert store.session.execute(select(audit_events.c.detail)).scalar_one() == detail


def test_json_none_is_sql_null():
    assert JSONText().process_bind_param(None, sqlite.dialect()) is None
