"""Due dates of administrative dossiers.

Rules (DOMAIN.md "Deadlines"):
- Civil Code 2015 Art. 147: when a period is counted in days, the day of the event that starts it
  is not counted; Art. 148: a period whose last day is a rest day or holiday ends at the end of
  the next working day.
- Offices work 07:00–11:30 and 13:30–17:00 local time; a dossier received after 17:00 or on a
  non-working day counts as received the next working morning.
- Civil status and certification matters (Decree 123/2015/NĐ-CP, Decree 23/2015/NĐ-CP): what is
  received after 15:00 and cannot be settled the same day is settled the next working day.
- A supplement request stops the clock; the due date moves by the working days spent waiting.

All arithmetic is on local dates in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). Inputs must be
timezone-aware; results are aware datetimes in local time (store them as UTC)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from core.clock import LOCAL
from workdays.calendar import WorkCalendar

OFFICE_OPENS = time(7, 0)
LUNCH_STARTS = time(11, 30)
LUNCH_ENDS = time(13, 30)
OFFICE_CLOSES = time(17, 0)
SAME_DAY_CUTOFF = time(15, 0)  # civil status and certification matters


def to_local(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        # A naive datetime is ambiguous (server time? UTC? local?): refuse it loudly.
        raise ValueError("deadline arithmetic needs timezone-aware datetimes")
    return moment.astimezone(LOCAL)


def end_of_day(day: date) -> datetime:
    """The moment a period that ends on `day` runs out: office closing time."""
    return datetime.combine(day, OFFICE_CLOSES, tzinfo=LOCAL)


def in_office_hours(calendar: WorkCalendar, moment: datetime) -> bool:
    """Whether a one-stop desk is open at `moment` (a working day, outside the lunch break)."""
    local = to_local(moment)
    clock = local.time()
    open_now = OFFICE_OPENS <= clock < LUNCH_STARTS or LUNCH_ENDS <= clock < OFFICE_CLOSES
    return open_now and calendar.is_working_day(local.date())


def receipt_day(calendar: WorkCalendar, received_at: datetime) -> date:
    """The working day a receipt counts on: the same day during or before office hours,
    otherwise the next working day (its morning)."""
    local = to_local(received_at)
    if calendar.is_working_day(local.date()) and local.time() < OFFICE_CLOSES:
        return local.date()
    return calendar.next_working_day(local.date())


def _same_day_moves(calendar: WorkCalendar, received_at: datetime, afternoon_cutoff: bool) -> bool:
    """Whether the 15:00 rule pushes a same-day result to the next working day."""
    if not afternoon_cutoff:
        return False
    local = to_local(received_at)
    counted_same_day = receipt_day(calendar, received_at) == local.date()
    return counted_same_day and local.time() >= SAME_DAY_CUTOFF


def working_days_after(
    calendar: WorkCalendar, received_at: datetime, n: int, *, afternoon_cutoff: bool = False
) -> datetime:
    """Due time of a period of `n` working days starting at `received_at`: 17:00 local on the
    n-th working day after the day the receipt counts on (n = 0: that same day)."""
    if n < 0:
        raise ValueError("a period cannot be negative")
    start = receipt_day(calendar, received_at)
    if n == 0:
        if _same_day_moves(calendar, received_at, afternoon_cutoff):
            return end_of_day(calendar.next_working_day(start))
        return end_of_day(start)
    return end_of_day(calendar.add_working_days(start, n))


def calendar_days_after(
    calendar: WorkCalendar, received_at: datetime, n: int, *, afternoon_cutoff: bool = False
) -> datetime:
    """Due time of a period of `n` calendar days: the n-th day after the receipt day, moved to
    the next working day when it is a rest day or holiday (Art. 148), at 17:00 local."""
    if n < 0:
        raise ValueError("a period cannot be negative")
    if n == 0:
        return working_days_after(calendar, received_at, 0, afternoon_cutoff=afternoon_cutoff)
    last = receipt_day(calendar, received_at) + timedelta(days=n)
    if not calendar.is_working_day(last):
        last = calendar.next_working_day(last)
    return end_of_day(last)


def extend_for_pauses(
    calendar: WorkCalendar, due_at: datetime, pauses: Iterable[tuple[datetime, datetime]]
) -> datetime:
    """Move `due_at` later by the working days the clock stood still.

    Each pause runs from a supplement request to the moment the supplement was received (pass
    the current time as the end of a pause still open). The request day was worked on, so it is
    not a lost day; the day the supplement counts as received is (it restarts the clock like a
    receipt, with the same office-hours rule). Overlapping pauses are counted once."""
    lost = sum(
        calendar.working_days_between(first, last)
        for first, last in _merged_days(calendar, pauses)
    )
    return end_of_day(calendar.add_working_days(to_local(due_at).date(), lost))


def _merged_days(
    calendar: WorkCalendar, pauses: Iterable[tuple[datetime, datetime]]
) -> list[tuple[date, date]]:
    spans = []
    for started_at, ended_at in pauses:
        if to_local(ended_at) < to_local(started_at):
            raise ValueError("a pause cannot end before it starts")
        spans.append((to_local(started_at).date(), receipt_day(calendar, ended_at)))
    merged: list[tuple[date, date]] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged
