"""A citizen who owes documents gets a reminder once the request is a few days old — one a day,
however often the hourly sweep runs — and none once they have acted."""

import datetime as dt

import pytest

from core.clock import LOCAL
from models.dossiers import Dossier
from models.notifications import ReminderSent
from notifications import reminders
from tests.dossier_factories import (
    JUDICIAL,
    SLOTS,
    act,
    citizen_headers,
    officer_headers,
    submitted_dossier,
)
from tests.notification_support import pushes, register, settle

pytestmark = pytest.mark.usefixtures("clean_push_sandbox")


def reminded(device_id: str) -> int:
    return sum(push.message.kind == "reminder_supplement" for push in pushes(device_id))


async def test_one_reminder_per_day_while_documents_are_owed(client):
    citizen = await citizen_headers(client)
    phone = await register(client, citizen, locale="en")
    dossier = await submitted_dossier(client, citizen, JUDICIAL)
    officer = await officer_headers(client, JUDICIAL)
    asked = await act(client, officer, dossier["id"], "request_supplement",
                      missing_slots=[SLOTS[JUDICIAL]], note="Blurred scan")
    assert asked.status_code == 200, asked.text
    await settle(client)

    # Noon of today in Viet Nam: "one a day" follows the Vietnam calendar, and an hour after a
    # time past 23:00 there would be another day.
    now = dt.datetime.now(LOCAL).replace(hour=12, minute=0, second=0, microsecond=0)
    assert await reminders.send_due_reminders(now) == 0  # just asked: too early
    await Dossier.update({Dossier.updated_at: now - dt.timedelta(days=4)}).where(
        Dossier.id == dossier["id"])
    assert await reminders.send_due_reminders(now) == 1
    assert await reminders.send_due_reminders(now + dt.timedelta(hours=1)) == 0
    await settle(client)
    assert reminded(phone["id"]) == 1
    message = next(p.message for p in pushes(phone["id"])
                   if p.message.kind == "reminder_supplement")
    assert dossier["code"] in message.title and message.title.startswith("Reminder")

    assert await reminders.send_due_reminders(now + dt.timedelta(days=1)) == 1
    await settle(client)
    assert reminded(phone["id"]) == 2
    assert await ReminderSent.count() == 2


async def test_nothing_owed_nothing_reminded(client):
    citizen = await citizen_headers(client)
    dossier = await submitted_dossier(client, citizen, JUDICIAL)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=9)
    await Dossier.update({Dossier.updated_at: long_ago}).where(Dossier.id == dossier["id"])
    assert await reminders.send_due_reminders() == 0
