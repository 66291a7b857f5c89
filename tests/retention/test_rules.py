import calendar
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ombud.retention import (
    STOCKHOLM,
    Duration,
    RetentionRule,
    add_duration,
    end_of_year,
    expiry,
)


def sthlm(*args: int) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


def rule(**fields: object) -> RetentionRule:
    return RetentionRule.model_validate(fields)


def in_stockholm(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(STOCKHOLM)


# Examples from DESIGN.md and the seed organisations


def test_lean_forum_members_are_kept_36_months_after_membership_ends():
    members = rule(keep="P36M", after="membership_ended")
    ended = sthlm(2026, 3, 15, 14, 0)
    assert in_stockholm(expiry(members, {"membership_ended": ended})) == sthlm(2029, 3, 15, 14, 0)


def test_an_ongoing_membership_has_no_expiry_yet():
    members = rule(keep="P36M", after="membership_ended")
    assert expiry(members, {"collected": sthlm(2020, 1, 1)}) is None


def test_lean_forum_bookings_are_kept_24_months_after_the_booking():
    bookings = rule(keep="P24M", after="booking_made")
    booked = sthlm(2025, 6, 10, 9, 30)
    assert in_stockholm(expiry(bookings, {"booking_made": booked})) == sthlm(2027, 6, 10, 9, 30)


def test_lasting_group_clock_restarts_at_each_contact():
    contacts = rule(keep="P1Y", after="last_contact")
    first = expiry(contacts, {"last_contact": sthlm(2025, 5, 2, 10, 0)})
    again = expiry(contacts, {"last_contact": sthlm(2025, 11, 20, 16, 0)})
    assert in_stockholm(first) == sthlm(2026, 5, 2, 10, 0)
    assert in_stockholm(again) == sthlm(2026, 11, 20, 16, 0)


def test_learnster_counts_from_the_later_of_contract_end_and_final_payment():
    students = rule(keep="P1Y", after=["contract_ended", "final_payment"])
    events = {"contract_ended": sthlm(2026, 6, 30, 17, 0), "final_payment": sthlm(2026, 8, 15, 9)}
    assert in_stockholm(expiry(students, events)) == sthlm(2027, 8, 15, 9)
    events = {"contract_ended": sthlm(2026, 6, 30, 17, 0), "final_payment": sthlm(2026, 2, 1, 9)}
    assert in_stockholm(expiry(students, events)) == sthlm(2027, 6, 30, 17, 0)


def test_learnster_clock_waits_for_the_final_payment():
    students = rule(keep="P1Y", after=["contract_ended", "final_payment"])
    assert expiry(students, {"contract_ended": sthlm(2026, 6, 30)}) is None


def test_coaching_records_are_kept_five_years_after_the_end_of_the_contract_year():
    clients = rule(keep="P5Y", after="contract_ended", counted_from="end_of_year")
    ended = sthlm(2026, 3, 15, 11, 0)
    assert in_stockholm(expiry(clients, {"contract_ended": ended})) == sthlm(2032, 1, 1)


def test_bookkeeping_is_kept_until_the_end_of_the_seventh_year_after_the_fiscal_year():
    # Bokföringslagen 7 kap. 2 §: financial year ending 31 Dec 2026 -> kept until 31 Dec 2033.
    bookkeeping = rule(keep="P7Y", after="fiscal_year_end", counted_from="end_of_year")
    events = {"fiscal_year_end": sthlm(2026, 12, 31, 12, 0)}
    assert in_stockholm(expiry(bookkeeping, events)) == sthlm(2034, 1, 1)


def test_consent_based_records_are_kept_until_consent_is_withdrawn():
    newsletter = rule(until="consent_withdrawn")
    withdrawn = sthlm(2026, 4, 1, 8, 15)
    assert expiry(newsletter, {"collected": sthlm(2025, 1, 1)}) is None
    assert expiry(newsletter, {"consent_withdrawn": withdrawn}) == withdrawn


def test_lasting_group_journals_are_kept_until_erasure_is_requested():
    journals = rule(until="erasure_requested")
    asked = sthlm(2026, 9, 9, 9, 9)
    assert expiry(journals, {"erasure_requested": asked}) == asked


def test_until_ends_a_period_early():
    members = rule(keep="P36M", after="membership_ended", until="objection")
    events = {"membership_ended": sthlm(2026, 1, 10), "objection": sthlm(2026, 2, 1)}
    assert in_stockholm(expiry(members, events)) == sthlm(2026, 2, 1)


def test_until_ends_retention_before_the_clock_has_started():
    members = rule(keep="P36M", after="membership_ended", until="objection")
    assert in_stockholm(expiry(members, {"objection": sthlm(2026, 2, 1)})) == sthlm(2026, 2, 1)


def test_a_period_that_runs_out_first_wins_over_a_later_until():
    members = rule(keep="P1M", after="membership_ended", until="objection")
    events = {"membership_ended": sthlm(2026, 1, 10), "objection": sthlm(2026, 9, 1)}
    assert in_stockholm(expiry(members, events)) == sthlm(2026, 2, 10)


def test_session_data_is_kept_until_the_session_ends():
    cart = rule(session=True)
    assert expiry(cart, {"collected": sthlm(2026, 5, 5, 10)}) is None
    assert in_stockholm(expiry(cart, {"session_ended": sthlm(2026, 5, 5, 11)})) == sthlm(
        2026, 5, 5, 11
    )


def test_collected_is_an_ordinary_event_to_count_from():
    logs = rule(keep="P3M", after="collected")
    assert in_stockholm(expiry(logs, {"collected": sthlm(2026, 5, 5)})) == sthlm(2026, 8, 5)


def test_expiry_is_in_utc():
    result = expiry(rule(keep="P1D", after="collected"), {"collected": sthlm(2026, 7, 1, 12)})
    assert result == datetime(2026, 7, 2, 10, tzinfo=UTC)
    assert result is not None and result.tzinfo is UTC


def test_expiry_rejects_a_naive_event_time_naming_the_event():
    with pytest.raises(ValueError, match=r"events\['collected'\]: got naive datetime"):
        expiry(rule(keep="P1D", after="collected"), {"collected": datetime(2026, 1, 1)})


# Calendar arithmetic


def test_month_end_31_january_plus_one_month_ends_with_the_last_day_of_february():
    one_month = Duration(months=1)
    assert add_duration(sthlm(2025, 1, 31, 10), one_month) == sthlm(2025, 3, 1)
    assert add_duration(sthlm(2024, 1, 31, 10), one_month) == sthlm(2024, 3, 1)
    assert add_duration(sthlm(2024, 1, 29, 10), one_month) == sthlm(2024, 2, 29, 10)
    assert add_duration(sthlm(2025, 3, 31, 10), one_month) == sthlm(2025, 5, 1)


def test_leap_day_plus_one_year_ends_with_28_february():
    assert add_duration(sthlm(2024, 2, 29, 10), Duration(years=1)) == sthlm(2025, 3, 1)
    assert add_duration(sthlm(2024, 2, 29, 10), Duration(years=4)) == sthlm(2028, 2, 29, 10)


def test_days_keep_the_wall_clock_across_the_spring_change():
    saturday_noon = sthlm(2026, 3, 28, 12)
    assert add_duration(saturday_noon, Duration(days=1)) == sthlm(2026, 3, 29, 12)
    assert add_duration(saturday_noon, Duration(days=1)) - saturday_noon == timedelta(hours=23)
    assert add_duration(saturday_noon, Duration(hours=24)) == sthlm(2026, 3, 29, 13)


def test_days_keep_the_wall_clock_across_the_autumn_change():
    saturday_noon = sthlm(2026, 10, 24, 12)
    assert add_duration(saturday_noon, Duration(days=1)) == sthlm(2026, 10, 25, 12)
    assert add_duration(saturday_noon, Duration(days=1)) - saturday_noon == timedelta(hours=25)


def test_a_wall_time_skipped_in_spring_becomes_the_moment_the_clocks_jump():
    result = add_duration(sthlm(2026, 3, 28, 2, 30), Duration(days=1))
    assert result == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # 03:00 summer time


def test_a_wall_time_repeated_in_autumn_counts_its_first_pass_then_the_hour_end():
    first_pass = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 summer time
    second_pass = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 winter time
    assert add_duration(first_pass, Duration(days=1)) == sthlm(2026, 10, 26, 2, 30)
    assert add_duration(second_pass, Duration(days=1)) == sthlm(2026, 10, 26, 3, 0)
    assert add_duration(second_pass, Duration()) == second_pass


@pytest.mark.parametrize(
    ("start", "duration"),
    [
        (datetime(2026, 10, 24, 23, 0, tzinfo=UTC), Duration(days=1)),  # repeated hour in
        (datetime(2026, 10, 23, 23, 0, tzinfo=UTC), Duration(days=1)),  # repeated hour out
        (datetime(2026, 3, 28, 0, 0, tzinfo=UTC), Duration(days=1)),  # skipped hour out
        (datetime(2026, 3, 28, 23, 0, tzinfo=UTC), Duration(weeks=1)),  # skipped hour in
    ],
)
def test_calendar_days_never_reverse_order_around_summer_time_changes(start, duration):
    minutes = [start + timedelta(minutes=m) for m in range(0, 5 * 60)]
    results = [add_duration(moment, duration) for moment in minutes]
    assert results == sorted(results)


def test_hours_are_elapsed_time():
    summer_one_am = sthlm(2026, 10, 25, 1, 0)
    two_hours_later = datetime(2026, 10, 25, 1, 0, tzinfo=UTC)  # 02:00 again, winter time
    assert add_duration(summer_one_am, Duration(hours=2)) == two_hours_later


def test_add_duration_rejects_a_naive_datetime():
    with pytest.raises(ValueError, match="at: got naive datetime 2026-01-01T00:00:00"):
        add_duration(datetime(2026, 1, 1), Duration(days=1))


def test_end_of_year_is_new_year_midnight_in_stockholm():
    assert end_of_year(sthlm(2026, 12, 31, 12)) == sthlm(2027, 1, 1)
    assert end_of_year(sthlm(2026, 1, 1)) == sthlm(2027, 1, 1)


def test_end_of_year_follows_the_stockholm_calendar_not_utc():
    new_years_night = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 Jan 2027
    assert end_of_year(new_years_night) == sthlm(2028, 1, 1)
    assert end_of_year(new_years_night).tzinfo is UTC


# Properties

moments = st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)
later_by = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=800))
durations = st.builds(
    Duration,
    years=st.integers(0, 30),
    months=st.integers(0, 40),
    weeks=st.integers(0, 10),
    days=st.integers(0, 60),
    hours=st.integers(0, 48),
    minutes=st.integers(0, 120),
    seconds=st.integers(0, 120),
)
event_names = st.sampled_from(["collected", "membership_ended", "contract_ended", "final_payment"])
periods = st.builds(
    RetentionRule,
    keep=durations,
    after=st.lists(event_names, min_size=1, max_size=3, unique=True).map(tuple),
    counted_from=st.sampled_from(["event", "end_of_year"]),
)
rules = st.one_of(
    periods,
    st.builds(
        RetentionRule,
        keep=durations,
        after=st.lists(event_names, min_size=1, max_size=2, unique=True).map(tuple),
        until=st.just("consent_withdrawn"),
    ),
    st.builds(RetentionRule, until=st.sampled_from(["consent_withdrawn", "objection"])),
    st.builds(RetentionRule, session=st.just(True)),
)
all_events = st.sampled_from(
    ["collected", "membership_ended", "contract_ended", "final_payment", "consent_withdrawn",
     "objection", "session_ended"]
)  # fmt: skip
histories = st.dictionaries(all_events, moments, max_size=7)


@given(rules, histories, all_events, later_by)
def test_a_later_event_never_brings_expiry_forward(rule, events, moved, delta):
    assume(moved in events)
    later = {**events, moved: events[moved] + delta}
    before, after = expiry(rule, events), expiry(rule, later)
    assert (before is None) == (after is None)
    assert before is None or after >= before


@given(periods, histories)
def test_a_period_never_expires_before_its_anchor_event(rule, events):
    result = expiry(rule, events)
    if result is not None:
        assert result >= max(events[name] for name in rule.after)


@given(moments, st.integers(0, 600))
def test_month_addition_lands_on_the_same_day_or_ends_with_the_months_last_day(at, months):
    local = at.astimezone(STOCKHOLM)
    year, index = divmod(local.year * 12 + local.month - 1 + months, 12)
    last_day = calendar.monthrange(year, index + 1)[1]
    result = add_duration(at, Duration(months=months)).astimezone(STOCKHOLM)
    if months == 0 or local.day <= last_day:
        assert (result.year, result.month, result.day) == (year, index + 1, local.day)
    else:
        assert result.replace(tzinfo=None) == datetime(year, index + 1, last_day) + timedelta(1)


@given(moments, later_by, st.integers(0, 600))
def test_adding_months_preserves_order(at, delta, months):
    assert add_duration(at, Duration(months=months)) <= add_duration(
        at + delta, Duration(months=months)
    )


@given(moments, later_by, durations)
def test_adding_any_duration_preserves_order_and_never_goes_back(at, delta, duration):
    assert at <= add_duration(at, duration) <= add_duration(at + delta, duration)


@given(moments, st.integers(0, 50))
def test_end_of_year_counting_is_never_earlier_and_lands_on_new_year(at, years):
    plain = rule(keep=f"P{years}Y", after="fiscal_year_end")
    year_end = rule(keep=f"P{years}Y", after="fiscal_year_end", counted_from="end_of_year")
    events = {"fiscal_year_end": at}
    counted = expiry(year_end, events)
    assert counted is not None and counted >= expiry(plain, events)
    assert counted.astimezone(STOCKHOLM) == sthlm(at.astimezone(STOCKHOLM).year + 1 + years, 1, 1)
