"""The working-day calendar and dossier deadlines.

    calendar = await load_calendar()                  # statutory holidays + the admin table
    due = working_days_after(calendar, received_at, 5, afternoon_cutoff=False)
    due = extend_for_pauses(calendar, due, [(asked_at, supplied_at), ...])

Modules: calendar (which days are worked), deadlines (Civil Code arithmetic, office hours),
store (cached loading), edits (audited admin changes), seed (2026–2027 defaults), cli."""

from workdays.calendar import WorkCalendar
from workdays.deadlines import (
    calendar_days_after,
    extend_for_pauses,
    in_office_hours,
    working_days_after,
)
from workdays.store import invalidate, load_calendar

__all__ = [
    "WorkCalendar",
    "calendar_days_after",
    "extend_for_pauses",
    "in_office_hours",
    "invalidate",
    "load_calendar",
    "working_days_after",
]
