"""Postal return in tests: a dossier of an eligible service, a booking through the API, partner
endpoints with their own secrets, and partner callbacks signed per Standard Webhooks.

    citizen, officer, dossier = await processing_dossier(client)
    booked = await book(client, citizen, dossier["id"])
    answer = await partner_says(client, "sandbox", "accepted", booked["id"], waybill="EK1VN")"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from models.dossiers import Dossier
from models.jobs import OutboxEvent
from models.postal import DeliveryBooking, DeliveryEvent
from postal.webhooks import endpoints
from postal.webhooks.signing import signed_headers
from tests.dossier_factories import BIRTH, act, citizen_headers, officer_headers, submitted_dossier

# Real units of the post-2025 list: Phường Bến Thành (TP.HCM), Phường Hải Châu (Đà Nẵng),
# Phường Thục Phán (Cao Bằng), Phường Cửa Nam and Phường Hoàn Kiếm (Hà Nội).
BEN_THANH = {"street": "45 Lê Lợi", "commune_code": "26743", "province_code": "79"}
HAI_CHAU = {"street": "12 Bạch Đằng", "commune_code": "20242", "province_code": "48"}
THUC_PHAN = {"street": "3 Hoàng Đình Giong", "commune_code": "01273", "province_code": "04"}
CUA_NAM = {"street": "8 Hàng Bông", "commune_code": "00073", "province_code": "01"}
HOAN_KIEM = {"street": "12 Hàng Bài", "commune_code": "00070", "province_code": "01"}


def delivery_body(address: dict[str, str] | None = None, **over: Any) -> dict[str, Any]:
    return {"recipient_name": "Nguyễn Văn An", "phone": "0912345678",
            "address": address or BEN_THANH, "postage_payment": "with_fee", **over}


async def processing_dossier(client: httpx.AsyncClient,
                             **submit: Any) -> tuple[dict, dict, dict]:
    """A birth registration (postal-eligible) received and in processing."""
    citizen = await citizen_headers(client)
    officer = await officer_headers(client, BIRTH)
    dossier = await submitted_dossier(client, citizen, BIRTH, **submit)
    for action in ("receive", "process"):
        assert (await act(client, officer, dossier["id"], action)).status_code == 200
    return citizen, officer, dossier


async def book(client: httpx.AsyncClient, citizen: dict, dossier_id: str,
               **over: Any) -> dict[str, Any]:
    answer = await client.post(f"/v1/dossiers/{dossier_id}/delivery",
                               json=delivery_body(**over), headers=citizen)
    assert answer.status_code == 201, answer.text
    return answer.json()


async def finish_on_paper(client: httpx.AsyncClient, officer: dict, dossier_id: str) -> None:
    finished = await act(client, officer, dossier_id, "finish", result={"kind": "paper"})
    assert finished.status_code == 200, finished.text


async def drain(client: httpx.AsyncClient) -> None:
    """Run every outbox row due now (and what running them makes due)."""
    jobs = client._transport.app.state.jobs  # type: ignore[attr-defined]
    while await jobs.drain_once():
        pass


async def until(client: httpx.AsyncClient, check: Callable[[], Awaitable[bool]],
                *, seconds: float = 20.0, skip_delays: bool = False) -> None:
    """Drain the outbox until `check()` holds. The app's own runner drains it too, so a row may
    be running elsewhere when this one finds nothing due; `skip_delays` makes delayed rows (the
    sandbox partner's steps) due at once."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not await check():
        assert asyncio.get_running_loop().time() < deadline, "condition never held"
        if skip_delays:
            past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
            await OutboxEvent.update({OutboxEvent.available_at: past}).where(
                (OutboxEvent.status == "pending") & (OutboxEvent.job != LISTENER))
        await drain(client)
        await asyncio.sleep(0.05)


async def partner_endpoint(partner: str) -> tuple[str, str]:
    """(inbound secret, API key) of `partner`, configured afresh."""
    key = await endpoints.add(partner, f"http://127.0.0.1:9/{partner}")
    return await endpoints.inbound_secret(partner), key


def signed(secret: str, event: str, booking_id: str, *, message_id: str | None = None,
           at: dt.datetime | None = None, **data: Any) -> tuple[bytes, dict[str, str]]:
    at = at or dt.datetime.now(dt.UTC)
    body = json.dumps({"type": f"delivery.{event}", "timestamp": at.isoformat(),
                       "data": {"booking_id": booking_id, **data}})
    headers = signed_headers(secret, message_id or f"msg_{uuid.uuid4().hex}", body, at)
    return body.encode(), headers


async def post_callback(client: httpx.AsyncClient, partner: str, body: bytes,
                        headers: dict[str, str]) -> httpx.Response:
    return await client.post(f"/v1/callbacks/postal/{partner}", content=body, headers=headers)


async def partner_says(client: httpx.AsyncClient, partner: str, event: str, booking_id: str,
                       **kwargs: Any) -> httpx.Response:
    secret = await endpoints.inbound_secret(partner)
    body, headers = signed(secret, event, booking_id, **kwargs)
    return await post_callback(client, partner, body, headers)


async def booking_row(booking_id: str) -> dict[str, Any]:
    return await DeliveryBooking.select().where(
        DeliveryBooking.id == uuid.UUID(booking_id)).first()


async def event_count(booking_id: str) -> int:
    return await DeliveryEvent.count().where(DeliveryEvent.booking == uuid.UUID(booking_id))


async def dossier_state(dossier_id: str) -> dict[str, Any]:
    return await Dossier.select(Dossier.state, Dossier.status_code, Dossier.result_delivery,
                                Dossier.version).where(Dossier.id == uuid.UUID(dossier_id)).first()


LISTENER = "tests.delivery_listener"


def listen_to_delivery_topics(monkeypatch) -> None:
    """Every delivery.* topic also goes to a listener row, so tests can read what was published
    (in the same transaction as the change)."""
    from jobs import publish

    real = publish.subscribers
    monkeypatch.setattr(publish, "subscribers", lambda topic: real(topic) + (
        [LISTENER] if topic.startswith("delivery.") else []))


async def published() -> list[dict[str, Any]]:
    from models.jobs import OutboxEvent

    rows = await OutboxEvent.select(OutboxEvent.payload).where(
        OutboxEvent.job == LISTENER).order_by(OutboxEvent.id)
    return [json.loads(r["payload"]) if isinstance(r["payload"], str) else r["payload"]
            for r in rows]


def route_bookings_to(monkeypatch, partner: str) -> None:
    """New bookings go to `partner` (the app picks the sandbox in development)."""
    monkeypatch.setattr("postal.partner.for_settings", lambda settings: partner)


async def sent_booking(client: httpx.AsyncClient, monkeypatch,
                       partner: str = "vnpost") -> tuple[dict, dict, dict, dict]:
    """(citizen, officer, dossier, booking): a paper result ready, its booking handed to
    `partner` (whose endpoint is configured)."""
    await partner_endpoint(partner)
    route_bookings_to(monkeypatch, partner)
    citizen, officer, dossier = await processing_dossier(client)
    booked = await book(client, citizen, dossier["id"])
    await finish_on_paper(client, officer, dossier["id"])

    async def sent() -> bool:
        return (await booking_row(booked["id"]))["sent_at"] is not None

    await until(client, sent)
    return citizen, officer, dossier, booked
