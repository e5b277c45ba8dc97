"""The payment attempt state machine, as data, applied as guarded updates.

An edge moves an attempt only from one of its source states (`… WHERE state IN (…)`), so of two
concurrent deliveries exactly one wins, and nothing moves a succeeded payment back to failed."""

from __future__ import annotations

import json
import uuid
from enum import StrEnum
from typing import Any

from core import clock
from core.changes import announce
from core.states import Edge, Machine
from models.payments import PaymentAttempt
from payments.attempts import AttemptRow, attempt_row


class PaymentState(StrEnum):
    CREATED = "created"
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


S = PaymentState
STATES: frozenset[PaymentState] = frozenset(PaymentState)
OPEN = (S.CREATED, S.PENDING)
PAID = (S.SUCCEEDED, S.REFUNDED)

# Callers publish an edge's event (payments/events.py) once what goes with the move is written:
# the receipt and the dossier's own move come before `payment.succeeded` (payments/settle.py).
PAYMENT: Machine[PaymentState] = Machine("payment", PaymentState, (S.CREATED,),
                                         frozenset({S.REFUNDED}), (
    Edge("start", (S.CREATED,), S.PENDING, "payment.pending"),
    Edge("succeed", OPEN, S.SUCCEEDED, "payment.succeeded"),
    Edge("fail", OPEN, S.FAILED, "payment.failed"),
    Edge("expire", OPEN, S.EXPIRED, "payment.expired"),
    Edge("cancel", OPEN, S.CANCELLED, "payment.cancelled"),
    # An officer accepts money that arrived after the attempt closed (payments/review.py).
    Edge("accept", (S.CREATED, S.PENDING, S.FAILED, S.EXPIRED, S.CANCELLED), S.SUCCEEDED,
         "payment.succeeded"),
    Edge("refund", (S.SUCCEEDED,), S.REFUNDED, "payment.refunded"),
))

JSON_COLUMNS = frozenset({"checkout"})


async def move(attempt_id: uuid.UUID | str, action: str, **changes: Any) -> AttemptRow | None:
    """Apply `action` if the attempt is in one of its sources; the updated row, or None when
    another writer (or an earlier message) got there first."""
    edge = PAYMENT.of_action(action)
    values = {getattr(PaymentAttempt, name): json.dumps(value) if name in JSON_COLUMNS else value
              for name, value in changes.items()}
    if edge.target == S.SUCCEEDED:
        values.setdefault(PaymentAttempt.settled_at, clock.now())
    changed = await PaymentAttempt.update({
        **values, PaymentAttempt.state: edge.target,
        PaymentAttempt.version: PaymentAttempt.version + 1,
    }).where(
        (PaymentAttempt.id == uuid.UUID(str(attempt_id)))
        & PaymentAttempt.state.is_in(list(edge.sources))
    ).returning(PaymentAttempt.id)
    if not changed:
        return None
    row = await PaymentAttempt.select().where(PaymentAttempt.id == changed[0]["id"]).first()
    assert row is not None  # moved above
    await announce("dossier", row["dossier"])  # its detail shows the current payment
    return attempt_row(row)
