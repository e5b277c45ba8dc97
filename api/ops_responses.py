"""Response bodies of the operations paths. No `from __future__ import annotations` (see
dossier_responses)."""

from datetime import datetime
from typing import Literal, TypedDict


class Health(TypedDict):
    status: Literal["ok"]


class Readiness(TypedDict):
    status: Literal["ok", "unavailable"]
    checks: dict[str, str]  # database, queue: "ok" or "error: <kind>"
    degraded: dict[str, str]  # each use of Redis that is failing: "failing for <n>s"


class WebhookAttempt(TypedDict):
    at: datetime | None
    status_code: int | None
    error: str | None
    latency_ms: int | None
    response_excerpt: str | None


class WebhookEndpoint(TypedDict):
    partner: str
    url: str
    status: Literal["enabled", "disabled"]
    disabled_reason: str | None
    disabled_at: datetime | None
    failing_since: datetime | None
    undelivered: int
    last_attempt: WebhookAttempt | None


class WebhookEndpointList(TypedDict):
    items: list[WebhookEndpoint]


class WebhookMessage(TypedDict):
    id: int
    webhook_id: str
    partner: str
    event_type: str
    state: Literal["pending", "failed", "dead", "delivered"]
    created_at: datetime | None
    delivered_at: datetime | None
    next_attempt_at: datetime | None
    replays: int
    attempts: list[WebhookAttempt]


class WebhookMessageList(TypedDict):
    items: list[WebhookMessage]


class Queued(TypedDict):
    queued: list[int]


class EndpointEnabled(TypedDict):
    partner: str
    status: Literal["enabled"]
    requeued: int
