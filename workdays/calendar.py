"""Which days the civil service works.

The base is the `holidays` package's Vietnam calendar: the statutory holidays of Labour Code 2019
Art. 112 (1 Jan; five Tết days; Hùng Kings, lunar 10/3; 30 Apr; 1 May; 2 Sep and an adjacent day),
the compensating days of Art. 111(3) when a holiday falls on a weekend, and the day swaps it
already knows (a weekday off paid back by a working Saturday). On top of it sits the
administrator's CalendarDay table, because the Prime Minister fixes the exact Tết and National Day
days every year, usually after the package was released."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Literal

import holidays

DAY_OFF = "day_off"
WORKING_DAY = "working_day"
Kind = Literal["day_off", "working_day"]
KINDS: tuple[str, ...] = (DAY_OFF, WORKING_DAY)

# A deadline can never need more than this many days to find the next working day; a longer
# search means the calendar was corrupted (e.g. every day marked off), not a long holiday.
_MAX_SEARCH_DAYS = 60


@dataclass(frozen=True)
class Override:
    """One row of the administrator's table, as the calendar sees it."""

    kind: Kind
    note_vi: str = ""
    note_en: str = ""


@dataclass(frozen=True)
class CalendarEntry:
    """A day worth listing: a named day off, or a weekend day that is worked."""

    day: date
    kind: Kind
    name_vi: str
    name_en: str
    source: Literal["statutory", "override"]  # the holidays package, or the admin table


@dataclass
class WorkCalendar:
    """Monday–Friday work, Saturday and Sunday rest, statutory holidays off, overrides last."""

    overrides: Mapping[date, Override] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._vi, self._en = statutory("vi"), statutory("en_US")

    def is_working_day(self, day: date) -> bool:
        override = self.overrides.get(day)
        if override is not None:
            return override.kind == WORKING_DAY
        return self._statutory_working(day)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        candidate = day
        for _ in range(_MAX_SEARCH_DAYS):
            candidate += timedelta(days=1)
            if self.is_working_day(candidate):
                return candidate
        raise RuntimeError(f"no working day within {_MAX_SEARCH_DAYS} days after {day}")

    def working_days_between(self, after: date, through: date) -> int:
        """How many working days d satisfy after < d <= through."""
        count, day = 0, after + timedelta(days=1)
        while day <= through:
            count += self.is_working_day(day)
            day += timedelta(days=1)
        return count

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after `day` (`day` itself is not counted)."""
        for _ in range(n):
            day = self.next_working_day(day)
        return day

    def entries(self, year: int) -> list[CalendarEntry]:
        """The year's named days off and worked weekend days, in date order."""
        found: dict[date, CalendarEntry] = {}
        for day in self._holidays_of(year):
            found[day] = CalendarEntry(day, DAY_OFF, self._vi[day], self._en[day], "statutory")
        for day in sorted(d for d in self._vi.weekend_workdays if d.year == year):
            found[day] = CalendarEntry(day, WORKING_DAY, *_DEFAULT_NAMES[WORKING_DAY], "statutory")
        for day, override in self.overrides.items():
            if day.year == year:
                found[day] = CalendarEntry(
                    day,
                    override.kind,
                    override.note_vi or _DEFAULT_NAMES[override.kind][0],
                    override.note_en or _DEFAULT_NAMES[override.kind][1],
                    "override",
                )
        return [found[day] for day in sorted(found)]

    def _holidays_of(self, year: int) -> list[date]:
        # Any lookup makes an instance compute that year (they expand on demand).
        self._vi.get(date(year, 1, 1))
        self._en.get(date(year, 1, 1))
        return sorted(day for day in self._vi if day.year == year)

    def _statutory_working(self, day: date) -> bool:
        if day in self._vi:  # membership also loads the year on demand
            return False
        return day.weekday() < 5 or day in self._vi.weekend_workdays


@cache
def statutory(language: str) -> holidays.HolidayBase:
    """The package's Vietnam calendar in one language, one per process and shared by every
    WorkCalendar: the statutory days do not change when the administrator's table is read again,
    and building them is the costly part (the first in a process loads the package's data, about
    half a second of CPU). It extends itself to any year it is asked about."""
    return holidays.country_holidays("VN", language=language)


def prepare(*years: int) -> None:
    """Build the statutory tables of `years` now (start-up), not on the first request that
    needs a deadline: that work holds the event loop, and every request queued behind it."""
    for language in ("vi", "en_US"):
        for year in years:
            statutory(language).get(date(year, 1, 1))


_DEFAULT_NAMES = {
    DAY_OFF: ("Ngày nghỉ", "Day off"),
    WORKING_DAY: ("Ngày làm việc bù", "Make-up working day"),
}
