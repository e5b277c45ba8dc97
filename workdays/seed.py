"""Default calendar rows for 2026 and 2027.

What the `holidays` package (0.109) already knows is not repeated here: for 2026 it has Tết
16–20 Feb, Hùng Kings on Sun 26 Apr with Mon 27 Apr in lieu, 30 Apr, 1 May, and the National Day
swap (Mon 31 Aug off, Sat 22 Aug worked) with 1–2 Sep; for 2027 it has the statutory days.

Sources (facts checked 2026-11-22):
- Tết 2026 (Bính Ngọ): Government Office dispatch 9859/VPCP-KGVX (Oct 2025) approving the Ministry
  of Home Affairs' proposal 8764/BNV-CVL: civil servants off Sat 14 – Sun 22 Feb 2026, i.e. the
  five statutory weekdays 16–20 Feb plus two weekends — nothing beyond the package.
- National Day 2026, same dispatch: off Sat 29 Aug – Wed 2 Sep, Mon 31 Aug swapped with Sat 22 Aug
  — the package has it.
- New Year 2026: dispatch 12729/VPCP-KGVX of 25 Dec 2025 (Deputy Prime Minister, on proposal
  12556/BNV-CVL): off Thu 1 – Sun 4 Jan 2026, Fri 2 Jan worked on Sat 10 Jan — seeded below.
- 2027: no decision of the Prime Minister was found. The rows below are the statutory days
  (Labour Code 2019 Art. 112, with Art. 111(3) moving a holiday that falls on a weekend to a
  working day), each with a note saying so; they are inserted only where the package lacks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.audit import AuditEvent
from models.calendar import CalendarDay
from workdays.calendar import DAY_OFF, WORKING_DAY, WorkCalendar
from workdays.store import invalidate

SEED_ACTOR = "seed"
_NO_DECISION_VI = "Theo Bộ luật Lao động 2019 Điều 112; chưa có quyết định của Thủ tướng"
_NO_DECISION_EN = "Statutory (Labour Code 2019 Art. 112); no Prime Minister decision yet"


@dataclass(frozen=True)
class SeedDay:
    day: date
    kind: str
    note_vi: str
    note_en: str


DEFAULT_DAYS: tuple[SeedDay, ...] = (
    SeedDay(date(2026, 1, 2), DAY_OFF,
            "Nghỉ Tết Dương lịch, hoán đổi với thứ Bảy 10/01/2026 (CV 12729/VPCP-KGVX)",
            "New Year bridge day, swapped with Sat 10 Jan 2026 (dispatch 12729/VPCP-KGVX)"),
    SeedDay(date(2026, 1, 10), WORKING_DAY,
            "Làm bù cho thứ Sáu 02/01/2026 (CV 12729/VPCP-KGVX)",
            "Make-up for Fri 2 Jan 2026 (dispatch 12729/VPCP-KGVX)"),
    # 2027, statutory: Tết Đinh Mùi falls on Sat 6 Feb; one day before and four after, the two
    # weekend days moved to Thu 4 Feb and Wed 10 Feb.
    *(SeedDay(day, DAY_OFF, f"Tết Nguyên Đán. {_NO_DECISION_VI}", f"Tết. {_NO_DECISION_EN}")
      for day in (date(2027, 2, 4), date(2027, 2, 5), date(2027, 2, 8), date(2027, 2, 9),
                  date(2027, 2, 10))),
    SeedDay(date(2027, 1, 1), DAY_OFF, f"Tết Dương lịch. {_NO_DECISION_VI}",
            f"New Year's Day. {_NO_DECISION_EN}"),
    SeedDay(date(2027, 4, 16), DAY_OFF, f"Giỗ Tổ Hùng Vương (10/3 âm lịch). {_NO_DECISION_VI}",
            f"Hung Kings' Day (lunar 10/3). {_NO_DECISION_EN}"),
    SeedDay(date(2027, 4, 30), DAY_OFF, f"Ngày Chiến thắng. {_NO_DECISION_VI}",
            f"Reunification Day. {_NO_DECISION_EN}"),
    SeedDay(date(2027, 5, 3), DAY_OFF,
            f"Nghỉ bù Quốc tế Lao động (01/05 là thứ Bảy). {_NO_DECISION_VI}",
            f"Labour Day in lieu (1 May is a Saturday). {_NO_DECISION_EN}"),
    SeedDay(date(2027, 9, 2), DAY_OFF, f"Quốc khánh. {_NO_DECISION_VI}",
            f"National Day. {_NO_DECISION_EN}"),
    SeedDay(date(2027, 9, 3), DAY_OFF, f"Quốc khánh, ngày liền kề. {_NO_DECISION_VI}",
            f"National Day, adjacent day. {_NO_DECISION_EN}"),
)


async def seed_default_calendar() -> int:
    """Insert the default rows the statutory calendar lacks. Idempotent, and it never undoes an
    administrator: a day that already has a row, or that an administrator ever edited, is left
    alone. Returns how many rows were inserted."""
    statutory = WorkCalendar()
    existing = {row["day"] for row in await CalendarDay.select(CalendarDay.day)}
    edited = {
        row["subject_id"]
        for row in await AuditEvent.select(AuditEvent.subject_id).where(
            AuditEvent.subject_type == "calendar_day"
        )
    }
    rows = [
        CalendarDay(day=seed.day, kind=seed.kind, note_vi=seed.note_vi, note_en=seed.note_en,
                    created_by=SEED_ACTOR)
        for seed in DEFAULT_DAYS
        if seed.day not in existing
        and seed.day.isoformat() not in edited
        and statutory.is_working_day(seed.day) != (seed.kind == WORKING_DAY)
    ]
    if rows:
        await CalendarDay.insert(*rows).on_conflict(action="DO NOTHING")
        invalidate()
    return len(rows)
