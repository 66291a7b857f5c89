"""When a data subject request must be answered: GDPR Art. 12(3), counted as Reg. 1182/71 does.

Pure: the receipt time and "today" come in as arguments. Days are Stockholm calendar days.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

STOCKHOLM = ZoneInfo("Europe/Stockholm")
EXTRA_MONTHS = range(1, 3)


def due_date(received_at: datetime, months: int = 1) -> date:
    """The last day to answer a request received at `received_at` (GDPR Art. 12(3)).

    Counted as Regulation (EEC, Euratom) No 1182/71 Art. 3 counts: the day of receipt
    (in Stockholm) is not counted; a period of months ends on the same date in the last
    month, or that month's last day if the date does not exist (31 Jan -> 28/29 Feb);
    a period ending on a Saturday, Sunday or public holiday ends on the next working
    day. The request is due by the end of the returned day.
    """
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError(
            f"received_at: got naive datetime {received_at.isoformat()}; "
            "expected a timezone-aware datetime"
        )
    if months < 1:
        raise ValueError(f"months: got {months!r}; expected a whole number of months, 1 or more")
    received = received_at.astimezone(STOCKHOLM).date()
    year, month_index = divmod(received.year * 12 + received.month - 1 + months, 12)
    last_day = calendar.monthrange(year, month_index + 1)[1]
    last = date(year, month_index + 1, min(received.day, last_day))
    return last if is_working_day(last) else next_working_day(last)


def extended_due_date(received_at: datetime, extra_months: int) -> date:
    """The last day to answer once the deadline is extended by 1 or 2 months (GDPR Art. 12(3)).

    The extension adds to the first month, counted from receipt; the person must be told
    of it, with reasons, within the first month.
    """
    if extra_months not in EXTRA_MONTHS:
        raise ValueError(
            f"extra_months: got {extra_months!r}; expected 1 or 2 (GDPR Art. 12(3) allows "
            "at most two further months)"
        )
    return due_date(received_at, months=1 + extra_months)


def is_overdue(due: date, today: date) -> bool:
    """Whether a request due on `due` is late on `today` (it may be answered all of `due`)."""
    return today > due


def is_working_day(day: date) -> bool:
    """Whether `day` is a Swedish working day: not a weekend, public holiday or de facto one."""
    return day.weekday() < 5 and day not in _days_off(day.year)


def next_working_day(day: date) -> date:
    """The first working day after `day` (Reg. 1182/71 Art. 3(4))."""
    following = day + timedelta(days=1)
    while not is_working_day(following):
        following += timedelta(days=1)
    return following


@cache
def _days_off(year: int) -> frozenset[date]:
    # Only the allmänna helgdagar (lag (1989:253)); Saturdays and Sundays are excluded by
    # weekday. Older `holidays` releases list every Sunday as a holiday unless told not to.
    public = holidays.country_holidays("SE", years=year, include_sundays=False)
    # Midsommarafton, julafton and nyårsafton are not public holidays but are de facto
    # non-working days: lag (1930:173) om beräkning av lagstadgad tid 2 § lets an act due
    # on them be done the next weekday, as on a Sunday.
    first_from_june_19 = date(year, 6, 19)
    midsummer_eve = first_from_june_19 + timedelta(days=(4 - first_from_june_19.weekday()) % 7)
    eves = {midsummer_eve, date(year, 12, 24), date(year, 12, 31)}
    return frozenset(public.keys()) | eves
