"""Turning one occurrence into what a person receives: an inbox entry, and one queued push per
active device, all in the caller's transaction.

The inbox row's `event_key` and each push's `dedup_key` (occurrence + device) are unique, so a
consumer job that runs twice — a worker killed after commit, a lease that ran out — adds nothing
the second time and never queues a second push."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import uuid
from typing import Any

from core import clock
from core.db import after_commit, transaction
from core.i18n import SUPPORTED
from jobs.outbox import enqueue
from models.auth import Person
from models.notifications import Device, Notification, PushDelivery
from notifications import live, templates
from notifications.kinds import mutable
from notifications.preferences import muted_kinds

log = logging.getLogger("motcua.notifications")

PUSH_JOB = "notifications.push"


def localise(values: dict[str, Any], locale: str) -> dict[str, Any]:
    """Values given per language ({"vi": …, "en": …}) picked for `locale`."""
    return {key: (value.get(locale) or value.get("vi", "")) if isinstance(value, dict) else value
            for key, value in values.items()}


def text(kind: str, locale: str, values: dict[str, Any]) -> tuple[str, str]:
    return templates.render(kind, locale, localise(values, locale))


async def active_devices(person_id: Any) -> list[dict[str, Any]]:
    return await Device.select(Device.id, Device.locale, Device.updated_at).where(
        (Device.person == person_id) & (Device.active == True)  # noqa: E712
    ).order_by(Device.updated_at, ascending=False)


async def person_locale(person_id: Any, devices: list[dict[str, Any]]) -> str:
    """The language of the phone used most recently, else the profile's."""
    if devices:
        return devices[0]["locale"]
    row = await Person.select(Person.locale).where(Person.id == person_id).first()
    return (row or {}).get("locale") or "vi"


async def notify(person_id: Any, kind: str, values: dict[str, Any], *, occurrence: str,
                 dossier_id: Any = None, data: dict[str, str] | None = None,
                 at: dt.datetime | None = None) -> uuid.UUID | None:
    """Record `kind` for the person once per `occurrence`; returns the new inbox id, or None when
    this occurrence was recorded before. `at`: when what it tells of happened (the inbox is in
    that order, whatever order the job runners record notices in); now if not given."""
    async with transaction():
        devices = await active_devices(person_id)
        locale = await person_locale(person_id, devices)
        title, body = text(kind, locale, values)
        data = {**(data or {}), **({"dossier_id": str(dossier_id)} if dossier_id else {})}
        notification_id = uuid.uuid4()
        inserted = await Notification.insert(Notification(
            id=notification_id, person=person_id, event_key=f"{occurrence}:{person_id}"[:300],
            kind=kind, title=title, body=body, dossier_id=dossier_id,
            data=json.dumps({**data, "notification_id": str(notification_id)}),
            created_at=at or clock.now(),
        )).on_conflict(target=Notification.event_key, action="DO NOTHING").returning(
            Notification.id, Notification.created_at)
        if not inserted:
            return None
        silenced = mutable(kind) and kind in await muted_kinds(person_id)
        if not silenced:
            for device in devices:
                await _queue_push(notification_id, device, kind, values, occurrence)
        # The live event carries both languages: each open stream shows the one its client
        # asked for (Accept-Language), as every other answer does (api/events.py).
        texts = {locale: text(kind, locale, values) for locale in SUPPORTED}
        live = {"id": str(notification_id), "kind": kind, "dossier_id": data.get("dossier_id"),
                "code": values.get("code"), "status_code": values.get("status_code"),
                "title": {locale: pair[0] for locale, pair in texts.items()},
                "body": {locale: pair[1] for locale, pair in texts.items()},
                "at": inserted[0]["created_at"].isoformat()}
        after_commit(lambda: _publish_live_soon(str(person_id), live))
    return notification_id


async def _queue_push(notification_id: uuid.UUID, device: dict[str, Any], kind: str,
                      values: dict[str, Any], occurrence: str) -> None:
    title, body = text(kind, device["locale"], values)
    dedup = f"{occurrence}:{device['id']}"
    rows = await PushDelivery.insert(PushDelivery(
        notification=notification_id, device=device["id"], dedup_key=dedup, title=title,
        body=body,
    )).on_conflict(target=PushDelivery.dedup_key, action="DO NOTHING").returning(PushDelivery.id)
    if rows:
        await enqueue(PUSH_JOB, {"delivery_id": str(rows[0]["id"])}, dedup_key=f"push:{dedup}")


_live_tasks: set[asyncio.Task] = set()


async def _publish_live_soon(person_id: str, event: dict[str, Any]) -> None:
    """In the background: a slow or frozen Redis must not hold up the notice's pushes."""
    task = asyncio.create_task(_publish_live(person_id, event), name="live-publish")
    _live_tasks.add(task)
    task.add_done_callback(_live_tasks.discard)


async def _publish_live(person_id: str, event: dict[str, Any]) -> None:
    """The open app's event stream (notifications.live); best effort — the inbox already holds
    the notice."""
    await live.publish_to_person(person_id, event)
