"""Outbox topics the payment core publishes (notifications subscribe to them)."""

from __future__ import annotations

from typing import Any

from jobs.publish import publish
from payments.attempts import AttemptRow


def payload_of(attempt: AttemptRow, **extra: Any) -> dict[str, Any]:
    return {"payment_id": str(attempt["id"]), "dossier_id": str(attempt["dossier"]),
            "method": attempt["method"], "amount": attempt["amount"],
            "state": attempt["state"], **extra}


async def announce(topic: str, attempt: AttemptRow, *, key: str = "",
                   **extra: Any) -> None:
    """Publish `topic` about `attempt`, once per (attempt, version) unless `key` says otherwise."""
    await publish(topic, payload_of(attempt, **extra),
                  event_key=key or f"{attempt['id']}:{attempt['version']}")
