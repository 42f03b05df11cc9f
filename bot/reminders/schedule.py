"""When reminders fire: pure functions of a schedule, the China calendar and explicit datetimes.

Nothing here reads the clock, the database or Telegram. Every function takes the moment it
reasons about as an argument, so tests pass explicit datetimes and never wait.

China's calendar comes from the maintained `holidays` package (``holidays.CN``):

* official public holidays are the dates in ``holidays.CN(years=...)`` (category ``public``);
* adjusted working days (调休: a Saturday or Sunday declared a working day) are in its
  ``weekend_workdays`` set, and ``is_working_day()`` combines both;
* the Spring Festival (农历正月初一) of any year is the first date named exactly ``春节``.

A time of day has one form throughout the reminders: a `datetime.time` carrying the configured zone,
made by `parse_hhmm` from the yaml, the config, a command or the database, and formatted with
``strftime("%H:%M")`` only where people or job names read it. `fire_time` turns it into a moment.

No date is typed in by hand here. The library only knows the State Council's arrangement for the
years it has been released for (it is published each November for the next year); for later years
it estimates the holidays from the lunar calendar and knows no adjusted weekend workdays, so keep
`holidays` up to date (``pip install -U holidays``) each December.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

DEFAULT_TZ = ZoneInfo("Asia/Shanghai")

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index = date.weekday()


# ----- the China calendar -----
@lru_cache(maxsize=64)
def _china(year: int) -> holidays.HolidayBase:
    return holidays.CN(years=year, language="zh_CN")


def is_working_day(day: dt.date) -> bool:
    """China's official working day: Monday–Friday except public holidays, plus adjusted weekend workdays."""
    return _china(day.year).is_working_day(day)


@lru_cache(maxsize=64)
def spring_festival(year: int) -> dt.date:
    """The Spring Festival (lunar new year's day) of a Gregorian year, from the `holidays` package."""
    days = _china(year).get_named("春节", lookup="exact")
    if not days:  # pragma: no cover - the library covers every year since 1950
        raise ValueError(f"the holidays package knows no Spring Festival in {year}")
    return min(days)


# ----- schedules -----
@dataclass(frozen=True)
class SpringFestivalWindow:
    """Days `first_day` … `last_day` (inclusive) counted from the Spring Festival (day 0) of each year."""

    first_day: int
    last_day: int

    def contains(self, day: dt.date) -> bool:
        # A window may reach into the previous or next Gregorian year; check the neighbouring festivals too.
        for year in (day.year - 1, day.year, day.year + 1):
            offset = (day - spring_festival(year)).days
            if self.first_day <= offset <= self.last_day:
                return True
        return False


@dataclass(frozen=True)
class DateRange:
    """An inclusive range. With `year` None it repeats every year (month-day pairs); otherwise it is that year's."""

    start: tuple[int, int]  # (month, day)
    end: tuple[int, int]
    year: int | None = None


@dataclass(frozen=True)
class DateRanges:
    """Dated ranges of a year replace the every-year ranges for that year (e.g. this year's 两会 dates)."""

    ranges: tuple[DateRange, ...]

    def contains(self, day: dt.date) -> bool:
        dated = [r for r in self.ranges if r.year == day.year]
        chosen = dated or [r for r in self.ranges if r.year is None]
        md = (day.month, day.day)
        for r in chosen:
            if r.start <= r.end:
                if r.start <= md <= r.end:
                    return True
            elif md >= r.start or md <= r.end:  # an every-year range across new year, e.g. 12-20 … 01-10
                return True
        return False


Season = SpringFestivalWindow | DateRanges


@dataclass(frozen=True)
class Schedule:
    """A time of day on some days, optionally only inside a season.

    `time` carries the configured zone (`parse_hhmm` makes it so), like every time of day of the reminders.

    `days` is "workdays" (China's official working days), "daily", or a frozenset of weekday numbers
    (0 = Monday … 6 = Sunday, as `date.weekday()`).
    """

    time: dt.time
    days: str | frozenset[int] = "daily"
    season: Season | None = None

    def fires_on(self, day: dt.date) -> bool:
        if self.season is not None and not self.season.contains(day):
            return False
        if self.days == "workdays":
            return is_working_day(day)
        if self.days == "daily":
            return True
        return day.weekday() in self.days

    def describe(self, at: dt.time | None = None) -> str:
        """For people (zh): "工作日 08:30", "周一 09:00（春节后第0–35天）", "每天 08:00（3月1日–3月15日）"."""
        if self.days == "workdays":
            days = "工作日"
        elif self.days == "daily":
            days = "每天"
        else:
            days = "、".join("周" + "一二三四五六日"[d] for d in sorted(self.days))
        text = f"{days} {(at or self.time).strftime('%H:%M')}"
        if isinstance(self.season, SpringFestivalWindow):
            text += f"（春节后第{self.season.first_day}–{self.season.last_day}天）"
        elif isinstance(self.season, DateRanges):
            spans = [f"{'' if r.year is None else f'{r.year}年'}{r.start[0]}月{r.start[1]}日–{r.end[0]}月{r.end[1]}日"
                     for r in self.season.ranges]
            text += f"（{'、'.join(spans)}）"
        return text


def parse_hhmm(text: str, tz: dt.tzinfo = DEFAULT_TZ) -> dt.time:
    """'08:30' → time(8, 30, tzinfo=tz), the one form of a time of day; raises ValueError naming the problem."""
    value = str(text).strip()
    hh, sep, mm = value.partition(":")
    if not sep or not (hh.isdigit() and mm.isdigit()) or len(mm) != 2 or not 1 <= len(hh) <= 2:
        raise ValueError(f"{text!r} is not a time of day like 08:30")
    h, m = int(hh), int(mm)
    if h > 23 or m > 59:
        raise ValueError(f"{text!r} is not a time of day (hours 00-23, minutes 00-59)")
    return dt.time(h, m, tzinfo=tz)


def _aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("datetimes passed to the schedule must be timezone-aware")
    return moment


def fire_time(day: dt.date, at: dt.time, tz: dt.tzinfo = DEFAULT_TZ) -> dt.datetime:
    """The aware moment a reminder set for `at` (a wall-clock time in `tz`) fires on local date `day`."""
    return dt.datetime.combine(day, at.replace(tzinfo=None), tzinfo=tz)


def occurrences(
    schedule: Schedule,
    start: dt.datetime,
    end: dt.datetime,
    *,
    tz: dt.tzinfo = DEFAULT_TZ,
    at: dt.time | None = None,
) -> Iterator[dt.datetime]:
    """Fire times in the half-open window (start, end], in order, as aware datetimes in `tz`.

    `at` is a chat's own time of day, overriding the schedule's.
    """
    _aware(start)
    _aware(end)
    when = at or schedule.time
    day = start.astimezone(tz).date()
    last = end.astimezone(tz).date()
    while day <= last:
        if schedule.fires_on(day):
            moment = fire_time(day, when, tz)
            if start < moment <= end:
                yield moment
        day += dt.timedelta(days=1)


def next_fire(
    schedule: Schedule,
    after: dt.datetime,
    *,
    tz: dt.tzinfo = DEFAULT_TZ,
    at: dt.time | None = None,
    horizon_days: int = 400,
) -> dt.datetime | None:
    """The first fire time strictly after `after`, or None if none within `horizon_days`."""
    return next(iter(next_fires(schedule, after, 1, tz=tz, at=at, horizon_days=horizon_days)), None)


def next_fires(
    schedule: Schedule,
    after: dt.datetime,
    count: int,
    *,
    tz: dt.tzinfo = DEFAULT_TZ,
    at: dt.time | None = None,
    horizon_days: int = 400,
) -> list[dt.datetime]:
    """Up to `count` fire times strictly after `after`."""
    out: list[dt.datetime] = []
    for moment in occurrences(schedule, after, after + dt.timedelta(days=horizon_days), tz=tz, at=at):
        out.append(moment)
        if len(out) >= count:
            break
    return out
