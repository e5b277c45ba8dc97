"""Due dates under the Civil Code's day counting, office hours and the statutory holidays (the
holidays package's Vietnam calendar, no administrator rows)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from workdays.calendar import WorkCalendar
from workdays.deadlines import (
    LOCAL,
    calendar_days_after,
    in_office_hours,
    working_days_after,
)

CAL = WorkCalendar()


def at(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=LOCAL)


def due(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 17, 0, tzinfo=LOCAL)


def test_receipt_day_is_not_counted():
    # Wed 14 Oct 2026: one working day later is Thursday, three is Monday.
    assert working_days_after(CAL, at(2026, 10, 14), 1) == due(2026, 10, 15)
    assert working_days_after(CAL, at(2026, 10, 14), 3) == due(2026, 10, 19)


def test_dossier_received_before_tet_2026_is_due_after_it():
    # Civil servants are off Sat 14 – Sun 22 Feb 2026 (Tết Bính Ngọ).
    assert working_days_after(CAL, at(2026, 2, 12), 1) == due(2026, 2, 13)
    assert working_days_after(CAL, at(2026, 2, 12), 2) == due(2026, 2, 23)
    assert working_days_after(CAL, at(2026, 2, 13, 10), 3) == due(2026, 2, 25)


def test_dossier_received_before_tet_2027_is_due_after_it():
    # Tết Đinh Mùi (Sat 6 Feb 2027): Thu 4 – Wed 10 Feb are off.
    assert working_days_after(CAL, at(2027, 2, 3), 1) == due(2027, 2, 11)
    assert working_days_after(CAL, at(2027, 2, 3), 2) == due(2027, 2, 12)


def test_national_day_2026_bridge_days_are_skipped():
    # Off Sat 29 Aug – Wed 2 Sep 2026; Mon 31 Aug was swapped with Sat 22 Aug.
    assert working_days_after(CAL, at(2026, 8, 28), 1) == due(2026, 9, 3)
    assert working_days_after(CAL, at(2026, 8, 27), 2) == due(2026, 9, 3)


def test_make_up_saturday_of_the_national_day_swap_counts():
    assert working_days_after(CAL, at(2026, 8, 21), 1) == due(2026, 8, 22)
    assert working_days_after(CAL, at(2026, 8, 22, 10), 0) == due(2026, 8, 22)


def test_national_day_2027_takes_the_adjacent_friday():
    assert working_days_after(CAL, at(2027, 9, 1), 1) == due(2027, 9, 6)


def test_friday_after_17h_counts_from_monday():
    assert working_days_after(CAL, at(2026, 10, 16, 16, 59), 1) == due(2026, 10, 19)
    assert working_days_after(CAL, at(2026, 10, 16, 17, 30), 1) == due(2026, 10, 20)


def test_utc_input_is_judged_by_local_office_hours():
    # 10:30 UTC on Friday is 17:30 in Hà Nội: after hours.
    friday_evening = datetime(2026, 10, 16, 10, 30, tzinfo=UTC)
    result = working_days_after(CAL, friday_evening, 1)
    assert result == due(2026, 10, 20)
    assert result.astimezone(UTC) == datetime(2026, 10, 20, 10, 0, tzinfo=UTC)


def test_saturday_receipt_counts_from_monday():
    assert working_days_after(CAL, at(2026, 10, 17), 0) == due(2026, 10, 19)
    assert working_days_after(CAL, at(2026, 10, 17), 1) == due(2026, 10, 20)


def test_civil_status_received_after_15h_is_settled_next_working_day():
    def same_day(moment: datetime, **kw) -> datetime:
        return working_days_after(CAL, moment, 0, **kw)

    assert same_day(at(2026, 10, 14, 15, 30), afternoon_cutoff=True) == due(2026, 10, 15)
    assert same_day(at(2026, 10, 14, 14, 59), afternoon_cutoff=True) == due(2026, 10, 14)
    # Other matters keep the same-day result until closing time.
    assert same_day(at(2026, 10, 14, 15, 30)) == due(2026, 10, 14)
    # On a Friday afternoon the next working day is Monday.
    assert same_day(at(2026, 10, 16, 15, 1), afternoon_cutoff=True) == due(2026, 10, 19)


def test_calendar_day_period_counts_weekends():
    assert calendar_days_after(CAL, at(2026, 10, 1), 7) == due(2026, 10, 8)


def test_calendar_day_period_ending_on_a_weekend_ends_next_working_day():
    assert calendar_days_after(CAL, at(2026, 10, 12), 5) == due(2026, 10, 19)


def test_calendar_day_period_ending_on_a_holiday_ends_after_it():
    # Mon 20 Apr + 10 days = Thu 30 Apr (holiday), then 1 May (holiday) and a weekend.
    assert calendar_days_after(CAL, at(2026, 4, 20), 10) == due(2026, 5, 4)


def test_office_hours_exclude_lunch_and_rest_days():
    assert in_office_hours(CAL, at(2026, 10, 14, 7, 0))
    assert not in_office_hours(CAL, at(2026, 10, 14, 12, 0))
    assert in_office_hours(CAL, at(2026, 10, 14, 13, 30))
    assert not in_office_hours(CAL, at(2026, 10, 14, 17, 0))
    assert not in_office_hours(CAL, at(2026, 10, 17, 9, 0))
    assert not in_office_hours(CAL, at(2026, 9, 2, 9, 0))


def test_naive_datetimes_and_negative_periods_are_refused():
    with pytest.raises(ValueError):
        working_days_after(CAL, datetime(2026, 10, 14, 9, 0), 1)
    with pytest.raises(ValueError):
        working_days_after(CAL, at(2026, 10, 14), -1)
    with pytest.raises(ValueError):
        calendar_days_after(CAL, at(2026, 10, 14), -1)
