"""Reminders for what a citizen owes: documents asked for, or a fee asked for and unpaid.

A request older than REMIND_AFTER days earns a reminder, then one a day (Vietnam calendar) while
it stays open; ReminderSent's unique key (action, day) makes a second run on the same day — or a
second process running the same schedule — send nothing."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from core import clock
from core.clock import LOCAL
from core.db import transaction
from models.dossiers import Dossier
from models.notifications import ReminderSent
from notifications import templates
from notifications.inbox import notify

log = logging.getLogger("motcua.notifications")

REMIND_AFTER = dt.timedelta(days=3)
BATCH = 500


def action_key(dossier: dict[str, Any]) -> str:
    if dossier["state"] == "supplement_requested":
        # A new supplement request is a new action: counted by supplement_count.
        return f"supplement:{dossier['id']}:{dossier['supplement_count']}"
    return f"payment:{dossier['id']}"


async def pending(at: dt.datetime) -> list[dict[str, Any]]:
    return await Dossier.select(
        Dossier.id, Dossier.code, Dossier.state, Dossier.applicant, Dossier.fee_total,
        Dossier.supplement_count, Dossier.status_code,
        Dossier.service.name_vi.as_alias("service_vi"),
        Dossier.service.name_en.as_alias("service_en"),
    ).where(
        Dossier.state.is_in(["supplement_requested", "payment_requested"])
        & (Dossier.updated_at <= at - REMIND_AFTER)
    ).order_by(Dossier.updated_at).limit(BATCH)


async def remind_one(dossier: dict[str, Any], today: dt.date) -> bool:
    key = action_key(dossier)
    kind = ("reminder_supplement" if dossier["state"] == "supplement_requested"
            else "reminder_payment")
    values = {"code": dossier["code"] or "", "status_code": dossier["status_code"],
              "service": {"vi": dossier["service_vi"], "en": dossier["service_en"]},
              "amount": templates.money(int(dossier["fee_total"] or 0))}
    async with transaction():
        rows = await ReminderSent.insert(ReminderSent(
            person=dossier["applicant"], action_key=key, day=today,
            reminder_key=f"{key}:{today.isoformat()}",
        )).on_conflict(target=ReminderSent.reminder_key, action="DO NOTHING").returning(
            ReminderSent.id)
        if not rows:
            return False
        await notify(dossier["applicant"], kind, values, dossier_id=dossier["id"],
                     occurrence=f"reminder:{key}:{today.isoformat()}")
    return True


async def send_due_reminders(at: dt.datetime | None = None) -> int:
    at = at or clock.now()
    today = at.astimezone(LOCAL).date()
    sent = 0
    for dossier in await pending(at):
        sent += await remind_one(dossier, today)
    if sent:
        log.info("%s reminders sent", sent)
    return sent
