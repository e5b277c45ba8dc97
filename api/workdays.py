"""HTTP routes of the working-day calendar: the public year view and the administrator's edits."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import msgspec
from litestar import Controller, Request, Response, delete, get, put
from litestar.params import FromPath, JSONBody, PathParameter

from api.contract import documented
from auth.guards import ADMIN, requires
from auth.principal import Principal
from workdays.calendar import CalendarEntry
from workdays.edits import Actor, remove_day, set_day
from workdays.store import load_calendar

Note = Annotated[str, msgspec.Meta(max_length=255)]
# The statutory calendar is only defined from 1995 (the package's observed-day rules).
Year = Annotated[int, PathParameter(ge=1995, le=2100)]


class DayNames(msgspec.Struct):
    vi: str
    en: str


class CalendarDayOut(msgspec.Struct):
    date: date
    kind: Literal["day_off", "working_day"]
    name: DayNames
    # statutory (the law, via the holidays package) | override (the admin table)
    source: Literal["statutory", "override"]


class CalendarYear(msgspec.Struct):
    year: int
    days: list[CalendarDayOut]


class DayEdit(msgspec.Struct, forbid_unknown_fields=True):
    kind: Literal["day_off", "working_day"]
    note_vi: Note = ""
    note_en: Note = ""


def _out(entry: CalendarEntry) -> CalendarDayOut:
    names = DayNames(entry.name_vi, entry.name_en)
    return CalendarDayOut(entry.day, entry.kind, names, entry.source)


@get("/v1/calendar/{year:int}", operation_id="getCalendarYear",
     tags=["calendar"], summary="Days off and make-up working days")
async def calendar_year(year: Year) -> CalendarYear:
    """Statutory holidays (Labour Code Art. 112, Tết and Hùng Kings by the lunar calendar) and
    the administrator's extra days off and make-up working Saturdays. Deadlines count
    Monday–Friday minus the days off, plus the make-up days."""
    calendar = await load_calendar()
    return CalendarYear(year, [_out(entry) for entry in calendar.entries(year)])


class CalendarAdmin(Controller):
    path = "/v1/admin/calendar"
    tags = ["calendar", "admin"]
    opt = requires(ADMIN)

    @documented(responses={"200": {
        "description": "The day had an override already; it is replaced",
        "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/CalendarDayOut"}}}}})
    @put("/{day:date}", operation_id="setCalendarDay", status_code=201,
         summary="Mark a day as an extra day off or a make-up working day")
    async def put_day(
        self, request: Request, day: FromPath[date], data: JSONBody[DayEdit]
    ) -> Response[CalendarDayOut]:
        """201 when the day had no override, 200 when one is replaced. Recorded in the audit
        trail; every process sees it within a minute."""
        created = await set_day(day, data.kind, _actor(request), data.note_vi, data.note_en)
        entry = next(e for e in (await load_calendar()).entries(day.year) if e.day == day)
        return Response(_out(entry), status_code=201 if created else 200)

    @delete("/{day:date}", operation_id="removeCalendarDay",
            summary="Remove a day's override; the statutory calendar applies again")
    async def delete_day(self, request: Request, day: FromPath[date]) -> None:
        """Idempotent: removing a day without an override changes nothing."""
        await remove_day(day, _actor(request))


def _actor(request: Request) -> Actor:
    principal: Principal = request.user
    return Actor(kind="admin", id=str(principal.person_id))


ROUTES = [calendar_year, CalendarAdmin]
