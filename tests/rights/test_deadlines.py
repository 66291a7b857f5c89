from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ombud.rights
from ombud.rights import (
    due_date,
    extended_due_date,
    is_overdue,
    is_working_day,
    next_working_day,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def received(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=STOCKHOLM)


def test_the_public_names_are_pinned():
    assert sorted(ombud.rights.__all__) == [
        "AccessReport",
        "ErasurePlan",
        "Notice",
        "Outcome",
        "PlanAction",
        "PlanItem",
        "Request",
        "RequestId",
        "RequestStatus",
        "RequestType",
        "due_date",
        "extended_due_date",
        "is_overdue",
        "is_working_day",
        "next_working_day",
    ]


def test_a_request_is_due_on_the_same_date_next_month():
    assert due_date(received(2026, 3, 16)) == date(2026, 4, 16)


def test_a_request_received_31_january_is_due_28_february():
    assert due_date(received(2025, 1, 31)) == date(2025, 2, 28)


def test_a_request_received_31_january_in_a_leap_year_is_due_29_february():
    assert due_date(received(2024, 1, 31)) == date(2024, 2, 29)


def test_a_deadline_on_a_saturday_moves_to_monday():
    assert due_date(received(2026, 2, 14)) == date(2026, 3, 16)


def test_a_deadline_on_good_friday_moves_past_easter_monday():
    assert due_date(received(2026, 3, 3)) == date(2026, 4, 7)


def test_a_deadline_on_midsummer_eve_moves_past_the_midsummer_weekend():
    assert due_date(received(2026, 5, 19)) == date(2026, 6, 22)


def test_a_deadline_on_christmas_eve_moves_past_christmas():
    assert due_date(received(2026, 11, 24)) == date(2026, 12, 28)


def test_a_deadline_on_new_years_day_moves_to_the_next_working_day():
    assert due_date(received(2025, 12, 1)) == date(2026, 1, 2)


def test_a_deadline_on_new_years_eve_moves_past_new_years_day():
    assert due_date(received(2025, 10, 31), months=2) == date(2026, 1, 2)


def test_receipt_is_dated_in_stockholm_not_utc():
    late_on_31_january = datetime(2025, 1, 31, 22, 30, tzinfo=UTC)  # 23:30 in Stockholm
    early_on_1_february = datetime(2025, 1, 31, 23, 30, tzinfo=UTC)  # 00:30 in Stockholm
    assert due_date(late_on_31_january) == date(2025, 2, 28)
    assert due_date(early_on_1_february) == date(2025, 3, 3)  # 1 March is a Saturday


def test_receipt_is_dated_in_stockholm_summer_time():
    just_after_midnight = datetime(2026, 6, 30, 22, 30, tzinfo=UTC)  # 1 July 00:30 CEST
    assert due_date(just_after_midnight) == date(2026, 8, 3)  # 1 August is a Saturday


def test_due_date_rejects_a_naive_receipt_time():
    with pytest.raises(ValueError, match="received_at: got naive datetime"):
        due_date(datetime(2026, 1, 1))


def test_due_date_rejects_a_period_of_no_months():
    with pytest.raises(ValueError, match="months: got 0; expected a whole number of months"):
        due_date(received(2026, 1, 1), months=0)


def test_an_extension_adds_its_months_to_the_first_month():
    assert extended_due_date(received(2026, 3, 3), extra_months=2) == date(2026, 6, 3)
    assert extended_due_date(received(2026, 3, 3), extra_months=1) == date(2026, 5, 4)


@pytest.mark.parametrize("extra", [0, 3, -1])
def test_an_extension_is_one_or_two_months(extra):
    with pytest.raises(ValueError, match=f"extra_months: got {extra}; expected 1 or 2"):
        extended_due_date(received(2026, 3, 3), extra_months=extra)


def test_a_request_may_be_answered_all_of_its_due_day():
    assert not is_overdue(date(2026, 4, 16), today=date(2026, 4, 16))
    assert is_overdue(date(2026, 4, 16), today=date(2026, 4, 17))


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 3, 16), True),  # an ordinary Monday
        (date(2026, 3, 14), False),  # Saturday
        (date(2026, 3, 15), False),  # Sunday, which `holidays` does not list by default
        (date(2025, 6, 6), False),  # National Day on a Friday
        (date(2026, 6, 19), False),  # midsommarafton
        (date(2026, 12, 24), False),  # julafton
        (date(2025, 12, 31), False),  # nyårsafton
        (date(2026, 1, 5), True),  # trettondagsafton: only a half day for banks
        (date(2026, 4, 30), True),  # valborgsmässoafton
        (date(2026, 5, 15), True),  # the Friday after Ascension Day (klämdag)
    ],
)
def test_only_weekends_public_holidays_and_the_three_eves_are_days_off(day, working):
    assert is_working_day(day) is working


def test_next_working_day_skips_a_holiday_weekend():
    assert next_working_day(date(2026, 4, 2)) == date(2026, 4, 7)
    assert next_working_day(date(2026, 4, 7)) == date(2026, 4, 8)


moments = st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)


@given(moments, st.integers(1, 2))
def test_an_extended_deadline_is_later_than_the_plain_one(at, extra):
    assert extended_due_date(at, extra) > due_date(at)


@given(moments, st.integers(1, 3))
def test_a_request_is_always_due_after_the_day_it_was_received(at, months):
    assert due_date(at, months) > at.astimezone(STOCKHOLM).date()


@given(moments, st.integers(1, 3))
def test_a_request_is_never_due_on_a_weekend_or_holiday(at, months):
    due = due_date(at, months)
    assert due.weekday() < 5
    assert due not in holidays.country_holidays("SE", years=due.year)
    assert (due.month, due.day) not in {(12, 24), (12, 31)}
    assert is_working_day(due)


@given(moments, st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=70)))
def test_a_later_request_is_never_due_earlier(at, delta):
    assert due_date(at) <= due_date(at + delta)


def _same_date_months_later(day: date, months: int) -> date:
    """The date `months` later, or that month's last day when it has no such date."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    try:
        return date(year, month + 1, day.day)
    except ValueError:  # 31 January + 1 month: no 31 February; its last day instead
        first_of_following = date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
        return first_of_following - timedelta(days=1)


days = st.dates(min_value=date(1971, 1, 1), max_value=date(2199, 1, 1))


@given(days, st.integers(1, 3))
def test_a_deadline_is_the_same_date_or_the_months_last_day_then_the_next_working_day(day, months):
    received = datetime.combine(day, time(12), tzinfo=STOCKHOLM)
    target = _same_date_months_later(day, months)
    due = due_date(received, months)
    assert due >= target
    assert all(not is_working_day(target + timedelta(days=n)) for n in range((due - target).days))


@given(st.integers(1971, 2199), st.integers(28, 31))
def test_the_last_days_of_january_are_due_on_the_last_of_february_or_the_next_working_day(
    year, day
):
    last_of_february = date(year, 3, 1) - timedelta(days=1)  # the 29th in a leap year
    target = date(year, 2, min(day, last_of_february.day))
    due = due_date(datetime(year, 1, day, 12, tzinfo=STOCKHOLM))
    assert due == (target if is_working_day(target) else next_working_day(target))
