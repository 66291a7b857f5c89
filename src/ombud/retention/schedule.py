"""When the daily purge runs next, and the loop `ombud serve` starts to run it (pure core).

`ombud purge` from cron and the server's daily run call the same `purge`, so both
write the same erasure log.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ombud.clock import Clock
from ombud.retention.rules import STOCKHOLM


def next_run(now: datetime, at_time: time, tz: ZoneInfo = STOCKHOLM) -> datetime:
    """The first instant after `now` when the local clock in `tz` shows `at_time`; in UTC.

    On the spring night a skipped hour (02:00-03:00) does not exist: a purge set inside
    it runs when the clocks jump. In autumn a repeated hour runs once, on its first pass.
    """
    local = now.astimezone(tz)
    day = local.date()
    while True:
        wall = datetime.combine(day, at_time)
        candidate = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
        if candidate.astimezone(tz).replace(tzinfo=None) != wall:  # skipped in spring
            # Stockholm's clocks jump on the hour: the next whole hour is the jump itself.
            jump = wall.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
            candidate = jump.replace(tzinfo=tz).astimezone(UTC)
        if candidate > now:
            return candidate
        day += timedelta(days=1)


def run_daily(
    purge_once: Callable[[], object],
    *,
    at_time: time,
    clock: Clock,
    stop: threading.Event,
    on_error: Callable[[BaseException], None],
    tz: ZoneInfo = STOCKHOLM,
) -> None:
    """Run `purge_once` every day at `at_time` until `stop` is set (the server's thread).

    A failed run is reported to `on_error` and the loop goes on: the next day's purge
    finishes what this one left, and a purge already running (Conflict) is simply skipped.
    """
    while not stop.is_set():
        wait = (next_run(clock.now(), at_time, tz) - clock.now()).total_seconds()
        if stop.wait(max(wait, 0)):
            return
        try:
            purge_once()
        except Exception as exc:
            on_error(exc)
