"""A supplement request stops the clock: the due date moves by the working days spent waiting."""

from __future__ import annotations

from datetime import datetime

import pytest

from workdays.calendar import WorkCalendar
from workdays.deadlines import LOCAL, extend_for_pauses, working_days_after

CAL = WorkCalendar()


def at(m: int, d: int, hh: int = 9, y: int = 2026) -> datetime:
    return datetime(y, m, d, hh, 0, tzinfo=LOCAL)


def due(m: int, d: int, y: int = 2026) -> datetime:
    return datetime(y, m, d, 17, 0, tzinfo=LOCAL)


# Received Mon 5 Oct 2026, five working days: due Mon 12 Oct.
DUE = working_days_after(CAL, at(10, 5), 5)


def test_without_pauses_the_due_date_stays():
    assert DUE == due(10, 12)
    assert extend_for_pauses(CAL, DUE, []) == DUE


def test_pause_moves_due_date_by_working_days_waited():
    # Asked Tue morning, supplied Thu morning: Wed and Thu were lost.
    assert extend_for_pauses(CAL, DUE, [(at(10, 6, 10), at(10, 8, 9))]) == due(10, 14)


def test_pause_within_one_day_loses_nothing():
    assert extend_for_pauses(CAL, DUE, [(at(10, 6, 9), at(10, 6, 16))]) == DUE


def test_weekend_inside_a_pause_is_not_a_lost_working_day():
    # Asked Fri, supplied Mon: only Monday was lost.
    assert extend_for_pauses(CAL, DUE, [(at(10, 9, 16), at(10, 12, 8))]) == due(10, 13)


def test_supplement_after_hours_restarts_the_clock_next_working_day():
    assert extend_for_pauses(CAL, DUE, [(at(10, 6, 10), at(10, 8, 18))]) == due(10, 15)


def test_overlapping_pauses_count_once():
    pauses = [(at(10, 6, 10), at(10, 8, 9)), (at(10, 7, 10), at(10, 9, 9))]
    assert extend_for_pauses(CAL, DUE, pauses) == due(10, 15)


def test_pause_over_tet_loses_only_working_days():
    due_before_tet = working_days_after(CAL, at(2, 10), 3)  # Tue 10 Feb 2026 -> Fri 13 Feb
    assert due_before_tet == due(2, 13)
    paused = [(at(2, 12, 10), at(2, 23, 9))]  # Thu 12 Feb to Mon 23 Feb: Fri 13 and Mon 23
    assert extend_for_pauses(CAL, due_before_tet, paused) == due(2, 24)


def test_pause_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        extend_for_pauses(CAL, DUE, [(at(10, 8), at(10, 6))])
