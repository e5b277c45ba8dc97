"""The refund order state machine, as data, applied as guarded updates — with its audit entry
and its outbox event in the same transaction, so the citizen is told what really happened and
only that (never "refunded" before the money went back).

    ordered ──send──▶ sent ──confirm──▶ refunded
       │                 └──fail──▶ failed ──reorder──▶ ordered   (new account details)
       ├──complete──▶ refunded          (the card platform refunded it)
    not_refundable                      (written so, with the reason; final)

`status` is the column (refund_order.state predates it, see models/payments.py)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypedDict

from piccolo.columns import Column

from core import clock
from core.audit import record
from core.states import Edge, Machine
from jobs.publish import publish
from models.payments import RefundOrder
from payments.refund_orders import RefundOrderRow, order_by_id


class RefundStatus(StrEnum):
    ORDERED = "ordered"
    SENT = "sent"
    REFUNDED = "refunded"
    FAILED = "failed"
    NOT_REFUNDABLE = "not_refundable"


S = RefundStatus
FINAL = frozenset({S.REFUNDED, S.NOT_REFUNDABLE})

# An order is written `ordered` or, with the reason, `not_refundable` (payments/refunds.py).
REFUND: Machine[RefundStatus] = Machine("refund", RefundStatus, (S.ORDERED, S.NOT_REFUNDABLE),
                                        FINAL, (
    Edge("send", (S.ORDERED,), S.SENT, "payment.refund_sent"),
    Edge("confirm", (S.SENT,), S.REFUNDED, "payment.refund_refunded"),
    Edge("complete", (S.ORDERED, S.SENT), S.REFUNDED, "payment.refund_refunded"),
    Edge("fail", (S.ORDERED, S.SENT), S.FAILED, "payment.refund_failed"),
    Edge("reorder", (S.FAILED,), S.ORDERED, "payment.refund_ordered"),
))
CREATED_TOPICS = {S.ORDERED: "payment.refund_ordered",
                  S.NOT_REFUNDABLE: "payment.refund_not_refundable"}


class RefundEvent(TypedDict):
    """What the outbox carries of an order: ids, amounts and states only (no account details)."""

    refund_id: int
    payment_id: str
    dossier_id: str
    amount: int
    status: str
    route: str
    covers: str


def payload(order: RefundOrderRow) -> RefundEvent:
    return {"refund_id": order["id"], "payment_id": str(order["attempt"]),
            "dossier_id": str(order["dossier"]), "amount": order["amount"],
            "status": order["status"], "route": order["route"], "covers": order["covers"]}


async def announce(topic: str, order: RefundOrderRow) -> None:
    await publish(topic, payload(order), event_key=f"refund:{order['id']}:{order['version']}")


async def audit(action: str, order: RefundOrderRow, actor_kind: str, actor_id: str,
                **detail: Any) -> None:
    await record(f"refund.{action}", actor_kind=actor_kind, actor_id=actor_id,
                 subject_type="refund_order", subject_id=str(order["id"]),
                 detail={"status": order["status"], "amount": order["amount"],
                         "route": order["route"], **detail})


async def move(order_id: int, action: str, *, actor_kind: str, actor_id: str,
               **changes: str) -> RefundOrderRow | None:
    """Apply `action` inside the caller's transaction; the updated order, or None when it is
    not in a source state (another actor, or a retry, got there first)."""
    edge = REFUND.of_action(action)
    now = clock.now()
    values: dict[Column, object] = {getattr(RefundOrder, name): value
                                    for name, value in changes.items()}
    if edge.target == S.SENT:
        values[RefundOrder.sent_at] = now
    if edge.target == S.REFUNDED:
        values[RefundOrder.completed_at] = now
    moved = await RefundOrder.update({
        **values, RefundOrder.status: edge.target, RefundOrder.version: RefundOrder.version + 1,
    }).where((RefundOrder.id == order_id) & RefundOrder.status.is_in(list(edge.sources))
             ).returning(RefundOrder.id)
    if not moved:
        return None
    order = await order_by_id(order_id)
    await audit(action, order, actor_kind, actor_id)
    await announce(edge.event, order)
    return order
