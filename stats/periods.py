"""Reporting periods: a month (`2026-11`), a quarter (`2026-Q4`), a year (`2026`) or a custom
range (`from`, `to`, both inclusive, at most MAX_DAYS long). Without any, the twelve months up
to today. Days are calendar days in Viet Nam."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from core.problems import Problem
from stats.problems import BadPeriod

MAX_DAYS = 3 * 366
_FORMS = {
    "month": re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
    "quarter": re.compile(r"^(\d{4})-Q([1-4])$"),
    "year": re.compile(r"^(\d{4})$"),
}


@dataclass(frozen=True)
class Period:
    kind: str  # month | quarter | year | custom | last12
    start: date
    end: date  # inclusive

    @property
    def key(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def _month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def _bad(parameter: str, detail: str) -> Problem:
    return BadPeriod(extra={"errors": [{"parameter": parameter, "in": "query", "detail": detail}]})


def parse(period: str | None, start: date | None, end: date | None, today: date) -> Period:
    if period and (start or end):
        raise _bad("period", "Give either period or from/to, not both")
    if start or end:
        if not (start and end):
            raise _bad("from" if not start else "to", "A custom range needs both from and to")
        if end < start or (end - start).days >= MAX_DAYS:
            raise _bad("to", f"to must not be before from, and the range at most {MAX_DAYS} days")
        return Period("custom", start, end)
    if not period:
        return Period("last12", _twelve_months_back(today), today)
    for kind, form in _FORMS.items():
        match = form.match(period)
        if match:
            year = int(match.group(1))
            if kind == "month":
                month = int(match.group(2))
                return Period(kind, date(year, month, 1), _month_end(year, month))
            if kind == "quarter":
                first_month = 3 * (int(match.group(2)) - 1) + 1
                return Period(kind, date(year, first_month, 1), _month_end(year, first_month + 2))
            return Period(kind, date(year, 1, 1), date(year, 12, 31))
    raise _bad("period", "A month (2026-11), a quarter (2026-Q4) or a year (2026)")


def _twelve_months_back(today: date) -> date:
    """The first day of the month eleven months before today's: twelve months with this one."""
    month = today.month - 11
    year = today.year
    if month <= 0:
        month += 12
        year -= 1
    return date(year, month, 1)
