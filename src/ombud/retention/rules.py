"""The arithmetic of retention rules: when a record's time under a purpose runs out.

Pure: time comes in as arguments, nothing is read from a clock or a store. Legal date
arithmetic runs in Europe/Stockholm; every instant returned is in UTC.

Every function here is monotone: a later input never gives an earlier result. The
purge relies on that, and it decides the few places where calendar arithmetic has to
choose (a date the target month lacks, the hour skipped or repeated by summer time).
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from ombud.retention.model import SESSION_ENDED, Duration, RetentionRule

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def add_duration(at: datetime, duration: Duration) -> datetime:
    """The instant `duration` after `at`, counted on the Stockholm calendar; in UTC.

    Years and months are calendar months, weeks and days calendar days (the wall-clock
    time is kept across summer-time changes), hours, minutes and seconds elapsed time.
    """
    _require_aware(at, "at")
    elapsed = timedelta(hours=duration.hours, minutes=duration.minutes, seconds=duration.seconds)
    calendar_days = duration.weeks * 7 + duration.days
    if duration.years == duration.months == calendar_days == 0:
        return at.astimezone(UTC) + elapsed
    wall = _add_months(_wall_clock(at), duration.years * 12 + duration.months)
    return _instant(wall + timedelta(days=calendar_days)) + elapsed


def end_of_year(at: datetime) -> datetime:
    """The end of the Stockholm calendar year containing `at`: 1 January 00:00 after it, in UTC.

    Bokföringslagen (1999:1078) 7 kap. 2 § counts from the end of the calendar year in
    which the financial year ended.
    """
    _require_aware(at, "at")
    year = at.astimezone(STOCKHOLM).year
    return datetime(year + 1, 1, 1, tzinfo=STOCKHOLM).astimezone(UTC)


def expiry(rule: RetentionRule, events: Mapping[str, datetime]) -> datetime | None:
    """When `rule` stops justifying a record, given the latest time each event happened; in UTC.

    `events` maps an event name to its latest occurrence (timezone-aware) among those
    that concern the record; `collected` is the record's collection time. A rule with
    `keep` counts from the latest of its `after` events, once all of them have happened
    (Learnster keeps data a year after both the contract ended and the final payment),
    or from the end of that calendar year with `counted_from: end_of_year`
    (Bokföringslagen 7 kap. 2 §: an invoice from a financial year ending 31 Dec 2026 is
    kept until the end of 31 Dec 2033; record `fiscal_year_end` as an instant inside
    the year's last day). `until` (and `session`, which ends at `session_ended`) ends
    retention when its event happens, earlier than the period if it comes first.

    None means the clock has not started: no `after` set has completed and no ending
    event has happened, e.g. the membership is still ongoing. The record stays.
    """
    for name in rule.events & events.keys():
        _require_aware(events[name], f"events[{name!r}]")
    ends = [_period_end(rule, events)]
    ends += [events.get(name) for name in _ending_events(rule)]
    defined = [end.astimezone(UTC) for end in ends if end is not None]
    return min(defined, default=None)


def _period_end(rule: RetentionRule, events: Mapping[str, datetime]) -> datetime | None:
    if rule.keep is None or not all(name in events for name in rule.after):
        return None
    anchor = max(events[name] for name in rule.after)
    if rule.counted_from == "end_of_year":
        anchor = end_of_year(anchor)
    return add_duration(anchor, rule.keep)


def _ending_events(rule: RetentionRule) -> list[str]:
    names = [rule.until] if rule.until is not None else []
    return [*names, SESSION_ENDED] if rule.session else names


def _add_months(wall: datetime, months: int) -> datetime:
    if months == 0:
        return wall
    year, month_index = divmod(wall.year * 12 + wall.month - 1 + months, 12)
    last_day = calendar.monthrange(year, month_index + 1)[1]
    if wall.day <= last_day:
        return wall.replace(year=year, month=month_index + 1)
    # 31 Jan + P1M: the date does not exist, so the period ends with the last day of the
    # month (Reg. 1182/71 Art. 3(2)(c)), i.e. at its end. Keeping the wall-clock time
    # instead would put 31 Jan 01:00 + P1M before 30 Jan 23:00 + P1M.
    return datetime(year, month_index + 1, last_day) + timedelta(days=1)


def _wall_clock(at: datetime) -> datetime:
    """The naive Stockholm wall-clock time of `at`, never going backwards as `at` advances."""
    local = at.astimezone(STOCKHOLM)
    if not local.fold:
        return local.replace(tzinfo=None)
    # The second pass through the hour repeated in autumn (02:00-03:00 twice): its wall
    # times were already used by the first pass, so it counts as the hour's end, 03:00.
    first_pass = local.replace(fold=0).astimezone(UTC)
    repeated = at.astimezone(UTC) - first_pass
    change = _offset_change(first_pass, at.astimezone(UTC))
    return (change + repeated).astimezone(STOCKHOLM).replace(tzinfo=None)


def _instant(wall: datetime) -> datetime:
    """The UTC instant a naive Stockholm wall-clock time names, never going backwards."""
    first = wall.replace(tzinfo=STOCKHOLM, fold=0)
    if first.astimezone(UTC).astimezone(STOCKHOLM).replace(tzinfo=None) == wall:
        return first.astimezone(UTC)  # a repeated autumn hour means its first pass
    # Skipped in spring (02:00-03:00 does not exist): the moment the clocks jump.
    before = wall.replace(tzinfo=STOCKHOLM, fold=1).astimezone(UTC)
    return _offset_change(before, first.astimezone(UTC))


def _offset_change(before: datetime, after: datetime) -> datetime:
    """The first second at or before `after` that has `after`'s Stockholm UTC offset."""
    target = after.astimezone(STOCKHOLM).utcoffset()
    low, high = math.floor(before.timestamp()), math.floor(after.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, STOCKHOLM).utcoffset() == target:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(
            f"{name}: got naive datetime {moment.isoformat()}; expected a timezone-aware datetime"
        )
