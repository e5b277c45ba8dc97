"""The sandbox paying itself: a job, and the startup hook that gives providers the app's settings.

The job delivers the sandbox's signed callback to `payments.callbacks.receive` — the function
behind POST /v1/callbacks/payments/{provider} — in this process rather than over HTTP to
MOTCUA_PUBLIC_URL, which in development often names an address this process cannot reach
(a phone-facing tunnel, a proxy). Verification, deduplication and settlement are the real ones."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from jobs.spec import GiveUp, JobSpec, RetryLater, RetryPolicy
from models.payments import PaymentAttempt
from payments import registry
from payments.callbacks import receive  # the callback route's own pipeline
from payments.providers.sandbox import PAY_JOB, SandboxProvider

log = logging.getLogger("motcua.payments.sandbox")


async def pay(payload: dict[str, Any]) -> None:
    attempt = await PaymentAttempt.select().where(
        PaymentAttempt.id == uuid.UUID(payload["attempt_id"])).first()
    if attempt is None:
        raise GiveUp("no such payment attempt")
    if attempt["state"] == "created":
        # start() runs before the attempt records the hand-over; pay once it is pending.
        raise RetryLater(1.0, "attempt not yet pending")
    if attempt["state"] != "pending":
        log.info("sandbox: attempt %s is %s, nothing to pay", attempt["id"], attempt["state"])
        return
    provider = registry.get("sandbox")
    if not isinstance(provider, SandboxProvider):
        raise GiveUp("the sandbox payment platform is off")  # it settles nothing then
    ack = await receive(provider.name, provider.callback_for(attempt))
    if ack.status_code != 200:
        raise RuntimeError(f"sandbox callback refused ({ack.status_code})")


JOBS = [
    JobSpec(name=PAY_JOB, handler=pay, timeout_seconds=30.0,
            retry=RetryPolicy(max_attempts=8, base_seconds=1.0)),
]


async def on_startup(app: Any) -> None:
    registry.configure(app.state.settings)
