"""Outbox topics the payment core publishes (notifications subscribe to them): each the event of
the edge an attempt took (payments/states.py)."""

from __future__ import annotations

from typing import Any

from jobs.publish import publish
from payments.attempts import AttemptRow
from payments.states import PAYMENT


def payload_of(attempt: AttemptRow, **extra: Any) -> dict[str, Any]:
    return {"payment_id": str(attempt["id"]), "dossier_id": str(attempt["dossier"]),
            "method": attempt["method"], "amount": attempt["amount"],
            "state": attempt["state"], **extra}


async def announce(topic: str, attempt: AttemptRow, *, key: str = "",
                   **extra: Any) -> None:
    """Publish `topic` about `attempt`, once per (attempt, version) unless `key` says otherwise."""
    await publish(topic, payload_of(attempt, **extra),
                  event_key=key or f"{attempt['id']}:{attempt['version']}")


async def announce_move(action: str, attempt: AttemptRow, **extra: Any) -> None:
    """Publish the event of the edge `action` that `attempt` just took."""
    await announce(PAYMENT.of_action(action).event, attempt, **extra)
