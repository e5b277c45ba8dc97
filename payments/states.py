"""The payment attempt state machine, as data, applied as guarded updates.

An edge moves an attempt only from one of its source states (`… WHERE state IN (…)`), so of two
concurrent deliveries exactly one wins, and nothing moves a succeeded payment back to failed."""

from __future__ import annotations

import json
import uuid
from typing import Any

from core import clock
from core.changes import announce
from models.payments import PaymentAttempt

STATES = ("created", "pending", "succeeded", "failed", "expired", "cancelled", "refunded")
OPEN = ("created", "pending")
PAID = ("succeeded", "refunded")

# action → (source states, target state)
EDGES: dict[str, tuple[tuple[str, ...], str]] = {
    "start": (("created",), "pending"),
    "succeed": (OPEN, "succeeded"),
    "fail": (OPEN, "failed"),
    "expire": (OPEN, "expired"),
    "cancel": (OPEN, "cancelled"),
    # An officer accepts money that arrived after the attempt closed (payments/review.py).
    "accept": (("created", "pending", "failed", "expired", "cancelled"), "succeeded"),
    "refund": (("succeeded",), "refunded"),
}

JSON_COLUMNS = frozenset({"checkout"})


def target_of(action: str, state: str) -> str | None:
    sources, target = EDGES[action]
    return target if state in sources else None


async def move(attempt_id: uuid.UUID | str, action: str, **changes: Any) -> dict[str, Any] | None:
    """Apply `action` if the attempt is in one of its sources; the updated row, or None when
    another writer (or an earlier message) got there first."""
    sources, target = EDGES[action]
    values = {getattr(PaymentAttempt, name): json.dumps(value) if name in JSON_COLUMNS else value
              for name, value in changes.items()}
    if target == "succeeded":
        values.setdefault(PaymentAttempt.settled_at, clock.now())
    changed = await PaymentAttempt.update({
        **values, PaymentAttempt.state: target, PaymentAttempt.version: PaymentAttempt.version + 1,
    }).where(
        (PaymentAttempt.id == uuid.UUID(str(attempt_id)))
        & PaymentAttempt.state.is_in(list(sources))
    ).returning(PaymentAttempt.id)
    if not changed:
        return None
    row = await PaymentAttempt.select().where(PaymentAttempt.id == changed[0]["id"]).first()
    await announce("dossier", row["dossier"])  # its detail shows the current payment
    return row
