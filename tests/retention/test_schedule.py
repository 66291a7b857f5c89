"""When the daily purge runs next: on the Stockholm clock, across summer time."""

import threading
from datetime import UTC, datetime, time

from ombud.clock import FixedClock
from ombud.retention.schedule import next_run, run_daily


def test_the_next_run_is_today_before_the_time_and_tomorrow_after_it():
    # 01:00 UTC is 02:00 in Stockholm in winter: 03:00 local is still ahead.
    assert next_run(datetime(2026, 1, 10, 1, tzinfo=UTC), time(3)) == datetime(
        2026, 1, 10, 2, tzinfo=UTC
    )
    assert next_run(datetime(2026, 1, 10, 2, tzinfo=UTC), time(3)) == datetime(
        2026, 1, 11, 2, tzinfo=UTC
    )


def test_summer_time_moves_the_run_in_utc_not_on_the_local_clock():
    assert next_run(datetime(2026, 7, 1, 12, tzinfo=UTC), time(3)) == datetime(
        2026, 7, 2, 1, tzinfo=UTC
    )


def test_a_time_skipped_in_spring_runs_when_the_clocks_jump():
    # 29 March 2026: 02:00 becomes 03:00 (01:00 UTC); 02:30 does not exist that night.
    assert next_run(datetime(2026, 3, 28, 12, tzinfo=UTC), time(2, 30)) == datetime(
        2026, 3, 29, 1, tzinfo=UTC
    )


def test_the_loop_runs_the_purge_and_stops_when_asked():
    stop, calls = threading.Event(), []
    clock = FixedClock(datetime(2026, 1, 10, 2, 0, 0, tzinfo=UTC))

    def purge_once() -> None:
        calls.append(clock.now())
        stop.set()

    clock.at = datetime(2026, 1, 10, 1, 59, 59, 990000, tzinfo=UTC)
    run_daily(purge_once, at_time=time(3), clock=clock, stop=stop, on_error=print)
    assert len(calls) == 1
