"""Is the installed `holidays` package new enough for China's working days this year (and next)?

Reminders on working days follow China's official calendar (`bot.reminders.schedule`): Monday to
Friday except public holidays, plus the weekend days declared working days (调休). `holidays`
knows that arrangement only for the years published when the installed version was released; the
State Council publishes next year's in November, and a `holidays` release follows. For a year it
does not know, `holidays.CN` still estimates the festivals from the lunar calendar but has **no
adjusted working days**, so reminders would skip the make-up Saturdays and Sundays and may fire on
the wrong side of a long holiday.

`calendar_warning(today)` returns one line when the installed package has no adjusted working day
in the current year, or, from 1 December on, in the next year; None when all is well. It is a
warning, not an error: the bot runs on, `python -m bot check` prints it and still exits 0, and
start-up logs it (`log_calendar_warning`). The cure is ``.venv/bin/pip install -U holidays`` (then a
restart) once a release with the new year is out; deploy/README.md, "Each December".
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from functools import lru_cache

log = logging.getLogger("bot.ops.calendar")

WARN_FROM = (12, 1)  # (month, day) from which next year's arrangement is expected


@lru_cache(maxsize=16)
def has_adjusted_workdays(year: int) -> bool:
    """True when the installed `holidays` knows at least one weekend working day (调休) of `year`."""
    import holidays

    return any(day.year == year for day in holidays.CN(years=year).weekend_workdays)


def years_to_check(today: dt.date) -> list[int]:
    """The current year, and the next one from 1 December on."""
    years = [today.year]
    if (today.month, today.day) >= WARN_FROM:
        years.append(today.year + 1)
    return years


def holidays_version() -> str:
    try:
        import holidays

        return str(holidays.__version__)
    except Exception:  # pragma: no cover - the package is a runtime dependency
        return "?"


def calendar_warning(today: dt.date, known: Callable[[int], bool] | None = None) -> str | None:
    """One line when China's working-day arrangement is missing for a year that needs it, else None.

    `known(year)` says whether the arrangement of a year is installed (default: `has_adjusted_workdays`);
    tests pass their own."""
    known = known or has_adjusted_workdays
    missing = [y for y in years_to_check(today) if not known(y)]
    if not missing:
        return None
    years = " and ".join(str(y) for y in missing)
    if missing[0] == today.year:
        effect = "reminders on working days now skip the make-up weekend workdays and use estimated holidays"
    else:
        effect = (f"from {missing[0]}-01-01 reminders on working days will skip the make-up weekend workdays "
                  "and use estimated holidays")
    return (f"the installed holidays {holidays_version()} has no adjusted working days (调休) for {years}: "
            f"{effect}; upgrade it once the State Council's {missing[-1]} arrangement is out "
            "(.venv/bin/pip install -U holidays, then restart; deploy/README.md, 'Each December')")


def log_calendar_warning(today: dt.date | None = None, tz: dt.tzinfo | None = None,
                         logger: logging.Logger | None = None) -> str | None:
    """For start-up: log the warning (WARNING) when there is one; returns it. `today` defaults to the
    date in `tz` (the bot's time zone)."""
    if today is None:
        today = dt.datetime.now(tz).date() if tz else dt.date.today()
    line = calendar_warning(today)
    if line:
        (logger or log).warning("%s", line)
    return line
