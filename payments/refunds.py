"""Refunds when a paid dossier ends without its result: refused at intake, stopped by the agency,
or withdrawn by the citizen. The service's rule table (payments/refund_rules.py) says what of
each paid attempt goes back; each part becomes a refund order (models/payments.RefundOrder):
`ordered` for what is refunded, `not_refundable` — with the reason — for what is not, so the
citizen sees both.

Card money goes back through the platform at once (the provider's `refund`); bank-transfer,
VietQR and national-platform money is sent back by the agency's accountant to the account the
citizen gives in the app (payments/refund_desk.py). Every order and outcome is audited and
announced (payments/refund_states.py); the citizen is never told "refunded" before it is."""

from __future__ import annotations

import logging
import uuid
from typing import Any, TypedDict

from core.db import transaction
from models.dossiers import Dossier
from models.payments import PaymentAttempt, RefundOrder
from payments import extras, registry, states
from payments.attempts import AttemptRow, attempt_row, loaded, view_of
from payments.events import announce_move
from payments.refund_orders import RefundOrderRow, order_by_id, refund_order_rows
from payments.refund_rules import RefundRule, outcome_of, rule_for, split
from payments.refund_states import CREATED_TOPICS, announce, audit, move

log = logging.getLogger("motcua.payments")
SYSTEM = "payments"


class OrderedFor(TypedDict):
    """The dossier a refund is ordered for: its id, and the agency whose accountant works it."""

    id: uuid.UUID
    agency: int | None  # an unmatched transfer in review may have none


async def on_dossier_closed(payload: dict[str, Any]) -> None:
    """Job handler for dossier.refused / dossier.stopped / dossier.withdrawn."""
    outcome = outcome_of(payload.get("topic", ""), payload.get("from_state", ""))
    dossier = await Dossier.select(
        Dossier.id, Dossier.agency, Dossier.service.refund_rules.as_alias("rules"),
    ).where(Dossier.id == payload["dossier_id"]).first()
    if dossier is None:
        return
    rule = rule_for(loaded(dossier["rules"]), outcome)
    # The fee's payment and, if any, a postage payment made after it: each is looked at.
    attempts = await PaymentAttempt.select().where(
        (PaymentAttempt.dossier == dossier["id"]) & (PaymentAttempt.state == "succeeded"))
    ordered_for: OrderedFor = {"id": dossier["id"], "agency": dossier["agency"]}
    for attempt in attempts:
        for order in await order_for(attempt_row(attempt), ordered_for, outcome, rule):
            if order["status"] == "ordered" and order["route"] == "platform":
                await execute(order)


def route_of(attempt: AttemptRow) -> str:
    """`platform` where the provider gives money back itself (a card platform), otherwise
    `bank_transfer`: the accountant sends it to the account the citizen gives."""
    provider = registry.get(attempt["provider"])
    if provider is None:
        return "bank_transfer"
    return provider.refund_route(attempt["method"])


async def order_for(attempt: AttemptRow, dossier: OrderedFor, outcome: str,
                    rule: RefundRule) -> list[RefundOrderRow]:
    """The orders of `attempt` for `outcome`, written once however often the job runs."""
    lines = loaded(attempt["lines"]) or []
    parts = await split(lines, outcome, rule, extras.spent)
    async with transaction():
        existing = await RefundOrder.select().where(
            (RefundOrder.attempt == attempt["id"]) & (RefundOrder.outcome == outcome))
        if existing:
            return refund_order_rows(existing)
        refundable = [p for p in parts if p.refundable]
        kept = [p for p in parts if not p.refundable]
        written = []
        if refundable:
            written.append(await _write(attempt, dossier, outcome, "ordered",
                                        "+".join(p.covers for p in refundable),
                                        sum(p.amount for p in refundable), ""))
        for part in kept:
            written.append(await _write(attempt, dossier, outcome, "not_refundable",
                                        part.covers, part.amount, part.reason))
    return written


async def _write(attempt: AttemptRow, dossier: OrderedFor, outcome: str, status: str,
                 covers: str, amount: int, reason: str) -> RefundOrderRow:
    inserted = await RefundOrder.insert(RefundOrder(
        attempt=attempt["id"], dossier=dossier["id"], agency=dossier["agency"], amount=amount,
        status=status, route=route_of(attempt), covers=covers[:32], outcome=outcome,
        reason=reason,
    )).returning(RefundOrder.id)
    order = await order_by_id(inserted[0]["id"])
    await audit(status, order, "system", SYSTEM, outcome=outcome, covers=covers)
    # A StrEnum member is found by its value.
    await announce(CREATED_TOPICS[status], order)  # pyright: ignore[reportArgumentType]
    return order


async def order_amount(attempt: AttemptRow, dossier: OrderedFor, amount: int,
                       outcome: str, covers: str, reason: str = "") -> RefundOrderRow:
    """An order for part of a payment decided elsewhere (an overpayment accepted in review, a
    category corrected at intake), inside the caller's transaction."""
    return await _write(attempt, dossier, outcome, "ordered", covers, amount, reason)


async def execute(order: RefundOrderRow) -> RefundOrderRow:
    """Refund a platform order through its provider; the provider is called outside any
    transaction and refunds one attempt once however often it is asked (the card platform
    keys the call by the attempt). An order no longer `ordered` is not asked again."""
    order = await order_by_id(order["id"])
    row = await PaymentAttempt.select().where(PaymentAttempt.id == order["attempt"]).first()
    assert row is not None  # the order's attempt: a foreign key
    attempt = attempt_row(row)
    provider = registry.get(attempt["provider"])
    if provider is None or order["status"] != "ordered":
        return order
    result = await provider.refund(await view_of(attempt), order["amount"])
    async with transaction():
        if result.done:
            moved = await move(order["id"], "complete", actor_kind="system", actor_id=SYSTEM,
                               provider_ref=result.provider_ref)
        else:
            moved = await move(order["id"], "fail", actor_kind="system", actor_id=SYSTEM,
                               failure_reason="the platform did not refund")
        if moved is not None and result.done:
            await close_attempt_if_refunded(attempt)
    return await order_by_id(order["id"])


async def close_attempt_if_refunded(attempt: AttemptRow) -> None:
    """An attempt whose whole amount went back reads `refunded` (caller's transaction)."""
    back = await RefundOrder.select(RefundOrder.amount).where(
        (RefundOrder.attempt == attempt["id"]) & (RefundOrder.status == "refunded"))
    if sum(row["amount"] for row in back) >= attempt["amount"]:
        moved = await states.move(attempt["id"], "refund")
        if moved:
            await announce_move("refund", moved)


async def platform_refunded(attempt_id: uuid.UUID) -> None:
    """The platform says the attempt's money went back (a `charge.refunded` callback): open
    platform orders of it are refunded (caller's transaction)."""
    open_orders = await RefundOrder.select(RefundOrder.id).where(
        (RefundOrder.attempt == attempt_id) & (RefundOrder.route == "platform")
        & RefundOrder.status.is_in(["ordered", "sent"]))
    for row in open_orders:
        await move(row["id"], "complete", actor_kind="system", actor_id=SYSTEM)
