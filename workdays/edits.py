"""Administrator edits of the calendar table. Each one is audited in the same transaction and
drops this process's cached calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from core.audit import record
from core.db import transaction
from core.problems import NotFound, ValidationFailed
from models.calendar import CalendarDay
from workdays.calendar import KINDS
from workdays.store import invalidate


@dataclass(frozen=True)
class Actor:
    """Who made the edit: an admin's person id, or `cli` for the operator's command line."""

    kind: str  # admin | system
    id: str


async def set_day(day: date, kind: str, actor: Actor, note_vi: str = "", note_en: str = "") -> bool:
    """Mark `day` as an extra day off or a make-up working day. Returns True when it created
    the row, False when it replaced one."""
    if kind not in KINDS:
        raise ValidationFailed(
            detail={"vi": "Loại ngày không hợp lệ", "en": "Unknown kind of day"},
            extra={"errors": [{"pointer": "/kind", "detail": f"one of {', '.join(KINDS)}"}]},
        )
    row = CalendarDay(
        day=day, kind=kind, note_vi=note_vi[:255], note_en=note_en[:255], created_by=actor.id[:64]
    )
    async with transaction():
        previous = await CalendarDay.select(CalendarDay.kind).where(CalendarDay.day == day).first()
        # An upsert, so two admins saving the same day at once both succeed (the last one wins).
        await CalendarDay.insert(row).on_conflict(
            target=CalendarDay.day,
            action="DO UPDATE",
            values=[
                CalendarDay.kind, CalendarDay.note_vi, CalendarDay.note_en, CalendarDay.created_by
            ],
        )
        detail = {"kind": kind, "previous": previous["kind"] if previous else None}
        await _audit("calendar.day_set", day, actor, detail)
    invalidate()
    return previous is None


async def remove_day(day: date, actor: Actor) -> None:
    """Drop the override of `day`, which then follows the statutory calendar again."""
    async with transaction():
        previous = await CalendarDay.select(CalendarDay.kind).where(CalendarDay.day == day).first()
        if previous is None:
            raise NotFound(
                detail={"vi": "Ngày này không có điều chỉnh", "en": "No override on this day"}
            )
        await CalendarDay.delete().where(CalendarDay.day == day)
        await _audit("calendar.day_removed", day, actor, {"previous": previous["kind"]})
    invalidate()


async def _audit(action: str, day: date, actor: Actor, detail: dict[str, Any]) -> None:
    await record(action, actor_kind=actor.kind, actor_id=actor.id, subject_type="calendar_day",
                 subject_id=day.isoformat(), detail=detail)
