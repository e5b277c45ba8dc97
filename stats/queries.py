"""Reading the rollups for a scope (system, one agency, one field) and a period.

Every answer sums stats_day rows (a year of one agency is a few thousand rows whatever the
number of dossiers) in one or two statements whose text does not change between requests, so
PostgreSQL plans them once per connection. "Open overdue" is a point-in-time figure: the
rollups' `open_due` counts open dossiers by due date, so the months and days before today come
from them, and those due earlier today from a range query on the dossier.due_at index (one day
of due dates, then filtered by state)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from core import clock
from core.db import is_sqlite
from models.stats import StatsDay
from stats.indicators import CLOCK_RUNNING, COUNTERS, LOCAL, ONLINE_CHANNELS
from stats.problems import UnknownScope


@dataclass(frozen=True)
class Scope:
    agency: int | None = None  # agency.id
    field: int | None = None  # field.id
    agency_code: str | None = None
    field_code: str | None = None
    names: tuple[dict[str, str], ...] = ()  # {"vi", "en"} of the agency, then the field


async def _named(table: str, key: str, value: str, parameter: str) -> tuple[int, dict]:
    rows = await StatsDay.raw(f'SELECT "id", "name_vi", "name_en" FROM "{table}" '
                              f'WHERE "{key}" = {{}}', value)
    if not rows:
        raise UnknownScope(extra={"parameter": parameter})
    return rows[0]["id"], {"vi": rows[0]["name_vi"], "en": rows[0]["name_en"]}


async def scope_of(agency: str | None, field: str | None) -> Scope:
    """A scope from an agency unit code and/or a field code (both may be given)."""
    agency_id = field_id = None
    names = []
    if agency:
        agency_id, name = await _named("agency", "unit_code", agency, "agency")
        names.append(name)
    if field:
        field_id, name = await _named("field", "code", field, "field")
        names.append(name)
    return Scope(agency_id, field_id, agency, field, tuple(names))


def _day(value: date) -> Any:
    return value.isoformat() if is_sqlite() else value


def _where(scope: Scope, start: date | None = None, end: date | None = None
           ) -> tuple[str, list[Any]]:
    clauses, args = [], []
    if scope.agency is not None:
        clauses.append('"agency" = {}')
        args.append(scope.agency)
    if scope.field is not None:
        clauses.append('"service" IN (SELECT "id" FROM "service" WHERE "field" = {})')
        args.append(scope.field)
    if start is not None:
        clauses.append('"day" >= {}')
        args.append(_day(start))
    if end is not None:
        clauses.append('"day" <= {}')
        args.append(_day(end))
    return " AND ".join(clauses) or "1 = 1", args


_ONLINE = f'"channel" IN ({", ".join(repr(c) for c in sorted(ONLINE_CHANNELS))})'
_SUMMED = [c for c in COUNTERS if c != "open_due"]
ALL_SUMS = ", ".join(f'COALESCE(SUM("{c}"), 0) AS "{c}"' for c in _SUMMED)
# What the trend and the comparison show (stats/report.py, _rates).
RATE_SUMS = ", ".join([f'COALESCE(SUM(CASE WHEN {_ONLINE} THEN "submitted" ELSE 0 END), 0) '
                       'AS "online"'] + [f'COALESCE(SUM("{c}"), 0) AS "{c}"' for c in (
                           "submitted", "finished", "on_time", "fee_bearing", "paid_online",
                           "rated", "satisfied", "electronic")])


def _month_of(column: str) -> str:
    return (f'substr("{column}", 1, 7)' if is_sqlite()
            else f'to_char("{column}", \'YYYY-MM\')')


def _split(start: date, end: date) -> tuple[date, date, tuple[date, date, date, date]]:
    """The whole months inside [start, end] (first days of the first and last; none when the
    first is after the last) and the days outside them: [a, b] at the start, [c, d] at the
    end (empty when a > b)."""
    first = start if start.day == 1 else (start.replace(day=1) + timedelta(days=32)).replace(
        day=1)
    ends_a_month = (end + timedelta(days=1)).day == 1
    last = end.replace(day=1) if ends_a_month else (
        end.replace(day=1) - timedelta(days=1)).replace(day=1)
    if first > last:
        return first, last, (start, end, end + timedelta(days=1), end)
    last_day = (last + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last, (start, first - timedelta(days=1), last_day + timedelta(days=1), end)


def _source(scope: Scope, start: date, end: date) -> tuple[str, list[Any]]:
    """The counters of [start, end] as rows (agency, service, channel, month, counters…):
    whole months from stats_month, the days before and after them from stats_day."""
    first, last, (a, b, c, d) = _split(start, end)
    where, args = _where(scope)
    columns = '"agency", "service", "channel", ' + ", ".join(f'"{c}"' for c in _SUMMED)
    sql = (f'SELECT {columns}, {_month_of("month")} AS "month" FROM "stats_month" '
           f'WHERE "month" >= {{}} AND "month" <= {{}} AND {where} UNION ALL '
           f'SELECT {columns}, {_month_of("day")} AS "month" FROM "stats_day" '
           'WHERE (("day" >= {} AND "day" <= {}) OR ("day" >= {} AND "day" <= {})) AND '
           + where)
    return sql, [_day(first), _day(last), *args, *(_day(x) for x in (a, b, c, d)), *args]


async def sums_by_channel_and_service(scope: Scope, start: date, end: date) -> list[dict]:
    """Every counter over the period, per channel and service; `online` = submitted through
    the app or the portal."""
    source, args = _source(scope, start, end)
    rows = await StatsDay.raw(f'SELECT "channel", "service", {ALL_SUMS} FROM ({source}) AS t '
                              'GROUP BY "channel", "service"', *args)
    for row in rows:
        row["online"] = row["submitted"] if row["channel"] in ONLINE_CHANNELS else 0
    return rows


async def rates_by(scope: Scope, start: date, end: date, group: str) -> list[dict]:
    """The counters behind the main rates, per month ("month") or per agency ("agency")."""
    key = '"month"' if group == "month" else '"agency"'
    source, args = _source(scope, start, end)
    return await StatsDay.raw(f'SELECT {key} AS "key", {RATE_SUMS} FROM ({source}) AS t '
                              f'GROUP BY {key}', *args)


def total(rows: list[dict[str, Any]], names: tuple[str, ...] = (*COUNTERS, "online")
          ) -> dict[str, int]:
    out = dict.fromkeys(names, 0)
    for row in rows:
        for name in names:
            out[name] += int(row.get(name) or 0)
    return out


async def services_in(scope: Scope) -> list[dict[str, Any]]:
    """Active services in the scope now: id, level, online submission."""
    clauses, args = ['"active"'], []
    if scope.agency is not None:
        clauses.append('"agency" = {}')
        args.append(scope.agency)
    if scope.field is not None:
        clauses.append('"field" = {}')
        args.append(scope.field)
    return await StatsDay.raw('SELECT "id", "level", "online_submission" FROM "service" '
                              f'WHERE {" AND ".join(clauses)}', *args)


def catalogue_counts(services: list[dict[str, Any]], rows: list[dict[str, Any]]
                     ) -> dict[str, int]:
    """From `services_in` and `sums_by_channel_and_service`: the services, full-process ones,
    online ones, and online ones that received an online dossier in the period."""
    online = {s["id"] for s in services if s["online_submission"]}
    used = {r["service"] for r in rows if r["online"] > 0} & online
    return {"services": len(services),
            "full_process": sum(s["level"] == "full_process" for s in services),
            "online_services": len(online), "online_services_used": len(used)}


_RUNNING = ", ".join(f"'{state}'" for state in sorted(CLOCK_RUNNING))


async def open_now(scope: Scope, now: datetime | None = None) -> dict[str, int]:
    """Open dossiers whose clock runs, and those of them past their due date, at `now`, in one
    statement: stats_month for every month (open dossiers by due month) and the months before
    this one, stats_day for this month's days before today, and the dossiers due earlier today
    (a range on the dossier.due_at index: one day of due dates, then filtered by state)."""
    now = now or clock.now()
    today = now.astimezone(LOCAL).date()
    where, args = _where(scope)
    month = _day(today.replace(day=1))
    rows = await StatsDay.raw(
        'SELECT (SELECT COALESCE(SUM("open_due"), 0) FROM "stats_month" '
        f'WHERE "open_due" <> 0 AND {where}) AS "open", '
        '(SELECT COALESCE(SUM("open_due"), 0) FROM "stats_month" '
        f'WHERE "open_due" <> 0 AND "month" < {{}} AND {where}) AS "months", '
        '(SELECT COALESCE(SUM("open_due"), 0) FROM "stats_day" '
        f'WHERE "day" >= {{}} AND "day" < {{}} AND {where}) AS "days", '
        '(SELECT COUNT(*) FROM "dossier" WHERE "due_at" >= {} AND "due_at" < {} '
        f'AND "state" IN ({_RUNNING}) AND {where}) AS "today"',
        *args, month, *args, month, _day(today), *args,
        datetime.combine(today, time(0), LOCAL), now, *args)
    row = rows[0]
    return {"open": int(row["open"]),
            "overdue": int(row["months"]) + int(row["days"]) + int(row["today"])}

