"""Helpers for the notification tests: phones registered through the API, the outbox drained, and
what the sandbox push provider recorded."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import secrets
from typing import Any

import httpx

from models.dossiers import Dossier
from models.jobs import OutboxEvent
from models.notifications import Notification, PushDelivery
from notifications import consumer, sending
from notifications.providers import sandbox
from tests.dossier_factories import JUDICIAL, SLOTS, act, officer_headers, submitted_dossier
from tests.postal_support import drain


async def register(client: httpx.AsyncClient, headers: dict[str, str], *, platform: str = "fcm",
                   token: str | None = None, locale: str = "vi") -> dict[str, Any]:
    answer = await client.post("/v1/devices", headers=headers, json={
        "platform": platform, "token": token or secrets.token_hex(32), "app_version": "1.4.0",
        "locale": locale})
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


async def settle(client: httpx.AsyncClient, seconds: float = 20.0) -> None:
    """Run notification rows until none is due or running (the app's own runner may hold one)."""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        await drain(client)
        busy = await OutboxEvent.count().where(
            OutboxEvent.job.is_in(["notifications.consume", "notifications.push"])
            & (((OutboxEvent.status == "pending")
                & (OutboxEvent.available_at <= dt.datetime.now(dt.UTC)))
               | (OutboxEvent.status == "running")))
        if not busy:
            return
        assert asyncio.get_running_loop().time() < deadline, "notification jobs never settled"
        await asyncio.sleep(0.05)


async def asked_for_documents(client: httpx.AsyncClient,
                              citizen: dict[str, str]) -> dict[str, Any]:
    """A dossier of `citizen`'s, received and then sent back for a clearer scan, with every
    notice that made recorded: submitted, received, supplement requested."""
    dossier = await submitted_dossier(client, citizen, JUDICIAL)
    officer = await officer_headers(client, JUDICIAL)
    assert (await act(client, officer, dossier["id"], "receive")).status_code == 200
    asked = await act(client, officer, dossier["id"], "request_supplement",
                      missing_slots=[SLOTS[JUDICIAL]], note="Ảnh chụp mờ")
    assert asked.status_code == 200, asked.text
    await settle(client)
    return dossier


def pushes(device_id: str) -> list[sandbox.SandboxPush]:
    return sandbox.sent(device_id)


async def applicant(dossier_id: str) -> str:
    row = await Dossier.select(Dossier.applicant).where(Dossier.id == dossier_id).first()
    return str(row["applicant"])


async def inbox_rows(person_id: str) -> list[dict[str, Any]]:
    return await Notification.select().where(Notification.person == person_id).order_by(
        Notification.created_at)


async def consumer_payloads(topic: str) -> list[dict[str, Any]]:
    rows = await OutboxEvent.select(OutboxEvent.payload).where(
        OutboxEvent.job == "notifications.consume")
    payloads = [json.loads(r["payload"]) if isinstance(r["payload"], str) else r["payload"]
                for r in rows]
    return [p for p in payloads if p.get("topic") == topic]


async def run_again(topic: str) -> None:
    """Run the consumer and every push job a second time, as a re-driven row would."""
    for payload in await consumer_payloads(topic):
        await consumer.handle(payload)
    for row in await PushDelivery.select(PushDelivery.id):
        await sending.handle({"delivery_id": str(row["id"])})
