"""Reading the rollups for a scope (system, one agency, one field) and a period.

Every answer sums stats_day rows (a year of one agency is a few thousand rows whatever the
number of dossiers), plus a few catalogue counts. "Open overdue" is a point-in-time figure:
stats_day's `open_due` counts open dossiers by due date, so days before today come from the
rollup, and those due earlier today from an indexed range query on dossier.due_at (one day of
due dates, then filtered by state)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from core.db import is_sqlite
from dossiers import clock
from models.catalogue import Agency, Field, Service
from models.dossiers import Dossier
from models.stats import StatsDay
from stats.indicators import CLOCK_RUNNING, COUNTERS, LOCAL, ONLINE_CHANNELS
from stats.problems import UnknownScope


@dataclass(frozen=True)
class Scope:
    agency: int | None = None  # agency.id
    field: int | None = None  # field.id
    agency_code: str | None = None
    field_code: str | None = None


async def scope_of(agency: str | None, field: str | None) -> Scope:
    """A scope from an agency unit code and/or a field code (both may be given)."""
    agency_id = field_id = None
    if agency:
        agency_id = await Agency.select(Agency.id).where(Agency.unit_code == agency).first()
        if agency_id is None:
            raise UnknownScope(extra={"parameter": "agency"})
        agency_id = agency_id["id"]
    if field:
        field_id = await Field.select(Field.id).where(Field.code == field).first()
        if field_id is None:
            raise UnknownScope(extra={"parameter": "field"})
        field_id = field_id["id"]
    return Scope(agency_id, field_id, agency, field)


def _day(value: date) -> Any:
    return value.isoformat() if is_sqlite() else value


def _where(scope: Scope, start: date | None, end: date | None) -> tuple[str, list[Any]]:
    clauses, args = ["1 = 1"], []
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
    return " AND ".join(clauses), args


SUMS = ", ".join(f'COALESCE(SUM("{c}"), 0) AS "{c}"' for c in COUNTERS if c != "open_due")


async def sums_by(scope: Scope, start: date, end: date, group: str) -> list[dict[str, Any]]:
    """Counters summed over the period, grouped by `group` ("channel", "agency", "day").
    `online` = dossiers submitted through the app or the portal."""
    where, args = _where(scope, start, end)
    rows = await StatsDay.raw(
        f'SELECT "{group}", "channel" AS "ch", {SUMS} FROM "stats_day" WHERE {where} '
        f'GROUP BY "{group}", "channel"', *args)
    return [{**row, "online": row["submitted"] if row["ch"] in ONLINE_CHANNELS else 0}
            for row in rows]


def total(rows: list[dict[str, Any]]) -> dict[str, int]:
    out = dict.fromkeys([*COUNTERS, "online"], 0)
    for row in rows:
        for name in out:
            out[name] += int(row.get(name) or 0)
    return out


async def catalogue_counts(scope: Scope, start: date, end: date) -> dict[str, int]:
    """Active services in the scope now, and the online ones used in the period."""
    services = Service.select(Service.level, Service.online_submission).where(
        Service.active == True)  # noqa: E712
    if scope.agency is not None:
        services = services.where(Service.agency == scope.agency)
    if scope.field is not None:
        services = services.where(Service.field == scope.field)
    rows = await services
    where, args = _where(scope, start, end)
    used = await StatsDay.raw(
        f'SELECT COUNT(DISTINCT "service") AS n FROM "stats_day" WHERE {where} '
        f'AND "channel" IN ({", ".join(["{}"] * len(ONLINE_CHANNELS))}) AND "submitted" > 0 '
        'AND "service" IN (SELECT "id" FROM "service" WHERE "active" AND "online_submission")',
        *args, *sorted(ONLINE_CHANNELS))
    return {"services": len(rows),
            "full_process": sum(r["level"] == "full_process" for r in rows),
            "online_services": sum(bool(r["online_submission"]) for r in rows),
            "online_services_used": int(used[0]["n"]) if used else 0}


async def open_now(scope: Scope, now: datetime | None = None) -> dict[str, int]:
    """Open dossiers whose clock runs, and those of them past their due date, at `now`."""
    now = now or clock.now()
    today = now.astimezone(LOCAL).date()
    where, args = _where(scope, None, None)
    rows = await StatsDay.raw(
        'SELECT COALESCE(SUM("open_due"), 0) AS "open", COALESCE(SUM(CASE WHEN "day" < {} '
        f'THEN "open_due" ELSE 0 END), 0) AS "before" FROM "stats_day" WHERE {where}',
        _day(today), *args)
    midnight = datetime.combine(today, time(0), LOCAL)
    due_today = Dossier.count().where(
        (Dossier.due_at >= midnight) & (Dossier.due_at < now)
        & Dossier.state.is_in(sorted(CLOCK_RUNNING)))
    if scope.agency is not None:
        due_today = due_today.where(Dossier.agency == scope.agency)
    if scope.field is not None:
        due_today = due_today.where(Dossier.service.field == scope.field)
    return {"open": int(rows[0]["open"]), "overdue": int(rows[0]["before"]) + await due_today}


def months(start: date, end: date) -> list[str]:
    out, current = [], start.replace(day=1)
    while current <= end:
        out.append(current.strftime("%Y-%m"))
        current = (current + timedelta(days=32)).replace(day=1)
    return out
