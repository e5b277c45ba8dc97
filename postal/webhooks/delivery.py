"""One delivery attempt of one message: sign, POST, log the attempt, and decide what comes next.

The message row, not the outbox row, says whether the partner has acknowledged: a retry or a
re-driven row of a message already delivered in its current round sends nothing. A worker that
dies mid-attempt leaves the message pending, so the re-driven row sends it again under the SAME
webhook-id — at least once on the wire, once for a partner that dedupes by id."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from dataclasses import dataclass
from typing import Any

import httpx

from core import clock
from core.db import transaction
from core.logs import scrub
from jobs.publish import publish
from jobs.spec import GiveUp, RetryLater
from models.webhooks import WebhookAttempt, WebhookEndpoint, WebhookMessage
from postal.webhooks import endpoints
from postal.webhooks.schedule import (
    MAX_ATTEMPTS,
    PROLONGED_FAILURE,
    next_delay,
    retry_after_seconds,
)
from postal.webhooks.signing import envelope, signed_headers

log = logging.getLogger("motcua.postal.webhooks")

TIMEOUT_SECONDS = 10.0
EXCERPT_CHARS = 500
ALERT_TOPIC = "ops.webhook_endpoint_disabled"


@dataclass(frozen=True)
class Answer:
    status: int | None
    error: str
    latency_ms: int
    excerpt: str
    retry_after: str | None = None


async def post(url: str, body: str, headers: dict[str, str]) -> Answer:
    started = time.monotonic()
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS, follow_redirects=False) as client:
            response = await client.post(url, content=body.encode(), headers=headers)
    except httpx.HTTPError as exc:
        kind = "timeout" if isinstance(exc, httpx.TimeoutException) else type(exc).__name__
        return Answer(None, kind, _ms(started), "")
    return Answer(response.status_code, "", _ms(started),
                  scrub(response.text[:EXCERPT_CHARS])[:EXCERPT_CHARS],
                  response.headers.get("retry-after"))


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


async def deliver(payload: dict[str, Any]) -> None:
    message_id = payload.get("message_id")
    if not isinstance(message_id, int):
        raise GiveUp("delivery job names no message")
    message = await WebhookMessage.select().where(WebhookMessage.id == message_id).first()
    if message is None:
        return
    round_ = payload.get("round", 0)
    if round_ != message["replays"] or message["state"] in ("delivered", "dead"):
        return  # acknowledged (or given up) in this round, or superseded by a newer replay
    endpoint = await endpoints.get(message["partner"])
    if endpoint is None or endpoint["enabled"] != "y" or not endpoint["url"]:
        # Kept, not lost: enabling the endpoint (or a replay) queues it again.
        await _set_state(message, "failed", None)
        log.warning("webhook %s waits: endpoint %s missing or disabled", message["msg_id"],
                    message["partner"])
        return
    at = clock.now()
    body = envelope(message["event_type"], message["created_at"], _data(message["payload"]))
    answer = await post(endpoint["url"], body,
                        signed_headers(endpoint["signing_secret"], message["msg_id"], body, at))
    await settle(message, endpoint, answer, at)


def _data(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str) else value


async def settle(message: dict, endpoint: dict, answer: Answer, at: dt.datetime) -> None:
    status = answer.status
    async with transaction():
        await WebhookAttempt.insert(WebhookAttempt(
            message=message["id"], at=at, status_code=status, error=answer.error,
            latency_ms=answer.latency_ms, response_excerpt=answer.excerpt,
        ))
        await WebhookMessage.update({
            WebhookMessage.attempts: WebhookMessage.attempts + 1,
            WebhookMessage.round_attempts: WebhookMessage.round_attempts + 1,
        }).where(WebhookMessage.id == message["id"])
        if status is not None and 200 <= status < 300:
            await _delivered(message, endpoint)
            return
        if status == 410:
            await _set_state(message, "dead", None)
            await disable_with_alert(endpoint["partner"], "partner answered 410 Gone")
            return
        delay = _retry_delay(message, answer, at)
        prolonged = (endpoint["failing_since"] or at) <= at - PROLONGED_FAILURE
        if delay is None or prolonged:
            await _set_state(message, "failed", None)
            await disable_with_alert(endpoint["partner"], "failing for too long")
            return
        await _set_state(message, "pending", at + dt.timedelta(seconds=delay))
        if endpoint["failing_since"] is None:
            await WebhookEndpoint.update({WebhookEndpoint.failing_since: at}).where(
                WebhookEndpoint.id == endpoint["id"])
    what = f"HTTP {status}" if status is not None else answer.error
    raise RetryLater(delay, f"webhook {message['msg_id']} to {endpoint['partner']}: {what}")


def _retry_delay(message: dict, answer: Answer, at: dt.datetime) -> float | None:
    if message["round_attempts"] + 1 >= MAX_ATTEMPTS:
        return None
    if answer.status in (429, 503):
        asked = retry_after_seconds(answer.retry_after, at)
        if asked is not None:
            return asked
    return next_delay(message["round_attempts"] + 1)


async def _delivered(message: dict, endpoint: dict) -> None:
    await WebhookMessage.update({
        WebhookMessage.state: "delivered", WebhookMessage.next_at: None,
        WebhookMessage.delivered_at: clock.now(),
    }).where(WebhookMessage.id == message["id"])
    await WebhookEndpoint.update({WebhookEndpoint.failing_since: None}).where(
        WebhookEndpoint.id == endpoint["id"])


async def _set_state(message: dict, state: str, next_at: dt.datetime | None) -> None:
    await WebhookMessage.update(
        {WebhookMessage.state: state, WebhookMessage.next_at: next_at}
    ).where((WebhookMessage.id == message["id"]) & (WebhookMessage.state != "delivered"))


async def disable_with_alert(partner: str, reason: str) -> None:
    """Disable the endpoint and tell operators, once: only the call that disabled it publishes."""
    if await endpoints.disable(partner, reason):
        log.error("webhook endpoint %s disabled: %s", partner, reason)
        await publish(ALERT_TOPIC, {"partner": partner, "reason": reason},
                      event_key=f"{partner}:{clock.now().isoformat()}")
