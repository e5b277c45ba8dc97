"""The booking's timeline and the outbox topics announcing its changes (notifications subscribe
to `delivery.*`). Payloads carry ids and states only — never the recipient's data."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from core import clock
from jobs.publish import publish
from models.postal import DeliveryEvent


async def record(booking_id: Any, kind: str, detail: dict[str, Any] | None = None, *,
                 dedup_key: str | None = None, outcome: str = "applied",
                 at: dt.datetime | None = None) -> int | None:
    """Append to the timeline; None when `dedup_key` was recorded before (a redelivery)."""
    insert = DeliveryEvent.insert(DeliveryEvent(
        booking=booking_id, kind=kind, outcome=outcome, dedup_key=dedup_key,
        at=at or clock.now(),
        detail=json.dumps(detail or {}, ensure_ascii=False, default=str)))
    if dedup_key is not None:
        insert = insert.on_conflict(target=DeliveryEvent.dedup_key, action="DO NOTHING")
    rows = await insert.returning(DeliveryEvent.id)
    return rows[0]["id"] if rows else None


async def announce(topic: str, booking: dict[str, Any], **extra: Any) -> None:
    await publish(topic, {
        "booking_id": str(booking["id"]), "dossier_id": str(booking["dossier"]),
        "partner": booking["partner"], "state": booking["state"], "waybill": booking["waybill"],
        **extra,
    }, event_key=f"{booking['id']}:{booking['version']}")


async def of_booking(booking_id: Any) -> list[dict[str, Any]]:
    rows = await DeliveryEvent.select(
        DeliveryEvent.kind, DeliveryEvent.outcome, DeliveryEvent.at, DeliveryEvent.detail,
    ).where(DeliveryEvent.booking == booking_id).order_by(DeliveryEvent.id)
    return [{"kind": row["kind"], "at": row["at"].isoformat(),
             "stale": row["outcome"] == "stale",
             "detail": json.loads(row["detail"]) if isinstance(row["detail"], str)
             else row["detail"]} for row in rows]
