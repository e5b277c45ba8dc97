"""POST /v1/callbacks/postal/{partner}: a partner's signed news about its bookings.

Signed per Standard Webhooks with the partner's own inbound secret (its endpoint configuration,
postal/webhooks/endpoints.py). The body is the Standard Webhooks envelope:

    {"type": "delivery.attempt_failed", "timestamp": "2026-11-24T09:30:00+07:00",
     "data": {"booking_id": "…", "waybill": "EK123456789VN", "reason": "Không liên lạc được",
              "next_attempt_on": "2026-11-26"}}

types: delivery.accepted (with `waybill`), delivery.picked_up, delivery.in_transit,
delivery.attempt_failed (`reason`, optional `next_attempt_on`), delivery.delivered,
delivery.returned. A forged or stale message is refused before anything is read or written."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping
from typing import Any

from core.problems import Problem
from core.webhooks import WebhookRejected, verify
from postal import partner, webhooks
from postal.problems import CallbackUnauthentic, MalformedCallback, UnknownPartner
from postal.progress import PartnerEvent, apply_event

log = logging.getLogger("motcua.postal")

PREFIX = "delivery."
EVENTS = ("accepted", "picked_up", "in_transit", "attempt_failed", "delivered", "returned")


def _malformed(detail: str) -> Problem:
    return MalformedCallback(detail=detail)


def _date(raw: Any, name: str, kind: type) -> Any:
    if raw in (None, ""):
        return None
    try:
        return kind.fromisoformat(str(raw))
    except ValueError:
        raise _malformed(f"{name} must be ISO 8601") from None


def parse(message_id: str, body: bytes) -> PartnerEvent:
    try:
        envelope = json.loads(body)
        kind, data = envelope["type"], envelope["data"]
    except (ValueError, KeyError, TypeError):
        raise _malformed("expected {type, timestamp, data}") from None
    event = kind[len(PREFIX):] if isinstance(kind, str) and kind.startswith(PREFIX) else ""
    if event not in EVENTS or not isinstance(data, dict):
        raise _malformed(f"type must be one of {', '.join(PREFIX + e for e in EVENTS)}")
    if not isinstance(data.get("booking_id"), str):
        raise _malformed("data.booking_id is required")
    if event == "accepted" and not isinstance(data.get("waybill"), str):
        raise _malformed("an accepted booking carries its waybill")
    occurred = _date(envelope.get("timestamp"), "timestamp", dt.datetime)
    return PartnerEvent(
        message_id=message_id, event=event, booking_id=data["booking_id"],
        waybill=data.get("waybill") if isinstance(data.get("waybill"), str) else None,
        reason=str(data.get("reason") or "")[:200],
        next_attempt_on=_date(data.get("next_attempt_on"), "next_attempt_on", dt.date),
        occurred_at=occurred if occurred and occurred.tzinfo else None,
    )


async def receive(partner_name: str, body: bytes, headers: Mapping[str, str]) -> dict[str, Any]:
    secret = await webhooks.inbound_secret(partner_name)
    if partner.get(partner_name) is None or secret is None:
        raise UnknownPartner()
    try:
        message_id = verify(secret, body, headers)
    except WebhookRejected as rejected:
        log.warning("postal callback from %s refused: %s", partner_name, rejected.reason)
        raise CallbackUnauthentic() from None
    outcome = await apply_event(partner_name, parse(message_id, body))
    log.info("postal callback from %s: %s", partner_name, outcome)
    return {"received": True, "outcome": outcome}
