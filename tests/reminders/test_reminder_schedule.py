"""Which reminders fire when: pure functions with explicit datetimes (2024 and 2025, China's real calendar)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from reminder_helpers import UTC, cst

from bot.reminders.schedule import (
    DateRange,
    DateRanges,
    Schedule,
    SpringFestivalWindow,
    is_working_day,
    next_fire,
    next_fires,
    occurrences,
    parse_hhmm,
    spring_festival,
)

D = dt.date


def test_a_national_day_tuesday_is_not_a_working_day():
    assert D(2024, 10, 1).weekday() == 1
    assert not is_working_day(D(2024, 10, 1))


def test_an_adjusted_weekend_day_is_a_working_day():
    # 2024: Sunday 4 Feb and Saturday 12 Oct were declared working days (调休).
    assert D(2024, 2, 4).weekday() == 6 and is_working_day(D(2024, 2, 4))
    assert D(2024, 10, 12).weekday() == 5 and is_working_day(D(2024, 10, 12))


def test_a_saturday_declared_a_working_day_for_the_next_years_new_year_counts():
    # The 2012 arrangement moved a working day to Saturday 31 December 2011.
    assert D(2011, 12, 31).weekday() == 5 and is_working_day(D(2011, 12, 31))


def test_an_ordinary_weekend_and_an_ordinary_weekday():
    assert not is_working_day(D(2024, 2, 3))  # Saturday
    assert is_working_day(D(2024, 3, 6))  # Wednesday


def test_spring_festival_is_computed_per_year_from_the_calendar_library():
    assert spring_festival(2024) == D(2024, 2, 10)
    assert spring_festival(2025) == D(2025, 1, 29)
    assert spring_festival(2026) == D(2026, 2, 17)


def test_the_duty_reminder_fires_on_an_adjusted_sunday_and_not_during_the_spring_festival_holiday(catalog):
    duty = catalog.get("duty").schedule
    fired = list(occurrences(duty, cst(2024, 2, 1), cst(2024, 2, 20), tz=cst(2024, 1, 1).tzinfo))
    days = [t.date() for t in fired]
    assert D(2024, 2, 4) in days  # adjusted Sunday
    assert not any(D(2024, 2, 10) <= d <= D(2024, 2, 17) for d in days)  # 春节 holiday week
    assert D(2024, 2, 18) in days  # adjusted Sunday after the holiday
    assert D(2024, 2, 3) not in days  # an ordinary Saturday
    assert all(t.timetz().replace(tzinfo=None) == dt.time(8, 30) for t in fired)


def test_the_inspection_reminder_comes_every_monday(catalog):
    sched = catalog.get("inspection").schedule
    saturday_evening = cst(2024, 3, 2, 20, 0)
    assert next_fire(sched, saturday_evening) == cst(2024, 3, 4, 9, 0)
    assert [t.date() for t in next_fires(sched, saturday_evening, 3)] == [D(2024, 3, 4), D(2024, 3, 11), D(2024, 3, 18)]


def test_the_resumption_reminder_fires_on_working_days_in_the_weeks_after_the_spring_festival(catalog):
    sched = catalog.get("resumption").schedule
    # 2025: the Spring Festival is 29 January and the holiday runs to 4 February.
    assert next_fire(sched, cst(2025, 1, 1)) == cst(2025, 2, 5, 9, 30)
    fired = [t.date() for t in occurrences(sched, cst(2025, 1, 1), cst(2025, 12, 31))]
    assert D(2025, 1, 26) not in fired  # an adjusted Sunday, but before the festival
    assert D(2025, 2, 8) in fired  # adjusted Saturday inside the window
    assert max(fired) <= spring_festival(2025) + dt.timedelta(days=35)
    assert all(d < D(2025, 3, 10) for d in fired)
    # a window late in the lunar year reaches into the next Gregorian year
    long = Schedule(dt.time(9), "daily", SpringFestivalWindow(300, 340))
    assert long.fires_on(spring_festival(2024) + dt.timedelta(days=330))
    assert long.fires_on(D(2025, 1, 2)) and not long.fires_on(D(2025, 2, 1))
    # a different year moves with its own festival
    assert next_fire(sched, cst(2026, 1, 1)).date() > spring_festival(2026)


def test_the_lianghui_range_repeats_yearly_and_a_dated_range_replaces_it_for_its_year(catalog):
    sched = catalog.get("lianghui").schedule
    assert next_fire(sched, cst(2025, 1, 10)) == cst(2025, 3, 1, 8, 0)
    assert next_fire(sched, cst(2025, 3, 15, 9, 0)) == cst(2026, 3, 1, 8, 0)
    dated = Schedule(dt.time(8), "daily", DateRanges((DateRange((3, 1), (3, 15)), DateRange((3, 4), (3, 11), 2027))))
    assert next_fire(dated, cst(2027, 1, 1)) == cst(2027, 3, 4, 8, 0)
    assert next_fire(dated, cst(2027, 3, 11, 9, 0)) == cst(2028, 3, 1, 8, 0)


def test_days_are_counted_in_shanghai_time_not_utc(catalog):
    duty = catalog.get("duty").schedule
    # 2024-03-07 16:00 UTC is Friday 8 March 00:00 in Shanghai: the next duty reminder is 08:30 that Friday,
    # i.e. 00:30 UTC, although in UTC it is still Thursday.
    after = dt.datetime(2024, 3, 7, 16, 0, tzinfo=UTC)
    nxt = next_fire(duty, after)
    assert nxt == dt.datetime(2024, 3, 8, 0, 30, tzinfo=UTC)
    assert nxt.astimezone(cst(2024, 1, 1).tzinfo).date() == D(2024, 3, 8)
    # A bot configured for another zone fires at 08:30 of that zone.
    berlin = ZoneInfo("Europe/Berlin")
    assert next_fire(duty, after, tz=berlin) == dt.datetime(2024, 3, 8, 8, 30, tzinfo=berlin)


def test_a_window_ending_exactly_at_a_fire_time_includes_it_and_one_starting_there_does_not(catalog):
    duty = catalog.get("duty").schedule
    at = cst(2024, 3, 8, 8, 30)
    assert list(occurrences(duty, at - dt.timedelta(minutes=1), at)) == [at]
    assert list(occurrences(duty, at, at + dt.timedelta(minutes=1))) == []


def test_a_chats_own_time_overrides_the_reminders_time(catalog):
    duty = catalog.get("duty").schedule
    assert next_fire(duty, cst(2024, 3, 8, 7, 0), at=dt.time(7, 45)) == cst(2024, 3, 8, 7, 45)


def test_naive_datetimes_are_refused(catalog):
    with pytest.raises(ValueError, match="timezone-aware"):
        next_fire(catalog.get("duty").schedule, dt.datetime(2024, 3, 8, 7, 0))


@pytest.mark.parametrize("text", ["25:99", "8", "08:5", "aa:bb", "24:00", ""])
def test_bad_times_of_day_are_refused(text):
    with pytest.raises(ValueError):
        parse_hhmm(text)


def test_good_times_of_day_are_read():
    assert parse_hhmm("8:05") == dt.time(8, 5)
    assert parse_hhmm("23:59") == dt.time(23, 59)
    assert parse_hhmm("8:05", ZoneInfo("Europe/Berlin")).tzinfo == ZoneInfo("Europe/Berlin")  # the configured zone
