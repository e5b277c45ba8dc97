"""The review list: money that did not match a fee due. Nothing is accepted or dropped silently;
an officer of the dossier's agency accepts it as the fee, orders it refunded, or rejects it."""

from __future__ import annotations

from typing import Any

from auth.principal import Principal
from core import audit, clock
from core.db import for_update, transaction
from core.problems import ValidationFailed
from dossiers.rows import dossier_row
from jobs.publish import publish
from models.dossiers import Dossier
from models.payments import PaymentAttempt, PaymentNotice, PaymentReview
from payments import states
from payments.attempts import AttemptRow, attempt_row, includes_fee
from payments.paid import settle
from payments.problems import ReviewCannotAccept, ReviewClosed, ReviewNotFound
from payments.provider import PaymentEvent
from payments.refunds import OrderedFor, order_amount

RESOLUTIONS = {"accept": "accepted", "refund": "refund_ordered", "reject": "rejected"}


async def open_item(notice_id: int, attempt: AttemptRow | None, event: PaymentEvent,
                    reason: str) -> str:
    """Record money that needs an officer (inside the caller's transaction)."""
    dossier = None
    if attempt is not None:
        dossier = await Dossier.select(Dossier.id, Dossier.agency).where(
            Dossier.id == attempt["dossier"]).first()
    inserted = await PaymentReview.insert(PaymentReview(
        notice=notice_id, attempt=attempt["id"] if attempt else None,
        dossier=dossier["id"] if dossier else None, agency=dossier["agency"] if dossier else None,
        reason=reason, amount=event.amount or 0,
        expected_amount=attempt["amount"] if attempt else None,
    )).returning(PaymentReview.id)
    review_id = inserted[0]["id"]
    await publish("payment.review_opened", {
        "review_id": review_id, "reason": reason, "amount": event.amount,
        "payment_id": str(attempt["id"]) if attempt else None,
        "dossier_id": str(dossier["id"]) if dossier else None,
        "agency_id": dossier["agency"] if dossier else None,
    }, event_key=str(review_id))
    return "review"


MISMATCHES = ("underpaid", "overpaid", "amount_missing")


async def supersede(notice_id: int, attempt: AttemptRow, event: PaymentEvent) -> None:
    """A corrected notice for the same transaction settled `attempt`: the open review items the
    earlier, wrong-amount notices of that transaction opened are closed — it was one payment,
    and leaving them open would invite an officer to refund money that was never paid twice."""
    if not event.provider_ref:
        return
    earlier = await PaymentNotice.select(PaymentNotice.id).where(
        (PaymentNotice.provider_ref == event.provider_ref[:100])
        & (PaymentNotice.attempt == attempt["id"]) & (PaymentNotice.id != notice_id))
    ids = [row["id"] for row in earlier]
    if not ids:
        return
    now = clock.now()
    closed = await PaymentReview.update({
        PaymentReview.status: "resolved", PaymentReview.resolution: "superseded",
        PaymentReview.note: "corrected notice for the same transaction settled the payment",
        PaymentReview.resolved_by: "system", PaymentReview.resolved_at: now,
    }).where(PaymentReview.notice.is_in(ids) & (PaymentReview.status == "open")
             & PaymentReview.reason.is_in(list(MISMATCHES))).returning(PaymentReview.id)
    for row in closed:
        await audit.record("payment.review_superseded", actor_kind="system",
                           actor_id="payments", subject_type="payment_review",
                           subject_id=str(row["id"]), detail={"notice": notice_id}, at=now)


def _visible_to(principal: Principal):
    # Money no attempt matches belongs to no agency yet: administrators see it.
    if principal.role == "admin":
        return (PaymentReview.agency == principal.agency_id) | PaymentReview.agency.is_null()
    return PaymentReview.agency == principal.agency_id


async def open_items(principal: Principal, limit: int = 100) -> list[dict[str, Any]]:
    rows = await PaymentReview.select().where(
        _visible_to(principal) & (PaymentReview.status == "open")
    ).order_by(PaymentReview.id).limit(limit)
    return [item(row) for row in rows]


def item(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "reason": row["reason"], "amount": row["amount"],
        "expected_amount": row["expected_amount"],
        "payment_id": str(row["attempt"]) if row["attempt"] else None,
        "dossier_id": str(row["dossier"]) if row["dossier"] else None,
        "status": row["status"], "resolution": row["resolution"] or None,
        "note": row["note"], "created_at": row["created_at"].isoformat(),
        "resolved_at": row["resolved_at"].isoformat() if row["resolved_at"] else None,
    }


async def resolve(principal: Principal, review_id: int, resolution: str,
                  note: str) -> dict[str, Any]:
    if resolution not in RESOLUTIONS:
        raise ValidationFailed(extra={"errors": [
            {"pointer": "/resolution", "detail": "One of accept, refund, reject"}]})
    if resolution == "reject" and not note.strip():
        raise ValidationFailed(extra={"errors": [
            {"pointer": "/note", "detail": "A note is required to reject"}]})
    async with transaction():
        row = await for_update(PaymentReview.select().where(
            (PaymentReview.id == review_id) & _visible_to(principal))).first()
        if row is None:
            raise ReviewNotFound()
        if row["status"] != "open":
            raise ReviewClosed(extra={"resolution": row["resolution"]})
        if resolution == "accept":
            await _accept(row)
        elif resolution == "refund":
            await _order_refund(row, row["amount"], "review: refund")
        now = clock.now()
        await PaymentReview.update({
            PaymentReview.status: "resolved", PaymentReview.resolution: RESOLUTIONS[resolution],
            PaymentReview.note: note, PaymentReview.resolved_by: str(principal.person_id),
            PaymentReview.resolved_at: now,
        }).where(PaymentReview.id == review_id)
        await audit.record(f"payment.review_{RESOLUTIONS[resolution]}", actor_kind="officer",
                           actor_id=str(principal.person_id), subject_type="payment_review",
                           subject_id=str(review_id),
                           detail={"reason": row["reason"], "amount": row["amount"]}, at=now)
    reviewed = await PaymentReview.select().where(PaymentReview.id == review_id).first()
    assert reviewed is not None  # resolved above
    return item(reviewed)


async def _accept(row: dict[str, Any]) -> None:
    """Treat the money as the fee: the attempt succeeds and the dossier moves on as if the
    callback had matched. Only whole payments; any excess is ordered back."""
    if row["attempt"] is None or row["expected_amount"] is None:
        raise ReviewCannotAccept(extra={"reason": "no_dossier"})
    if row["amount"] < row["expected_amount"]:
        raise ReviewCannotAccept(extra={"reason": "underpaid"})
    found = await Dossier.select().where(Dossier.id == row["dossier"]).first()
    assert found is not None  # the review's dossier: a foreign key
    dossier = dossier_row(found)
    attempt = await PaymentAttempt.select(PaymentAttempt.purpose).where(
        PaymentAttempt.id == row["attempt"]).first()
    assert attempt is not None  # the review's attempt: a foreign key
    if dossier["paid_online"] and includes_fee(attempt):  # postage alone may follow the fee
        raise ReviewCannotAccept(extra={"reason": "already_paid"})
    moved = await states.move(row["attempt"], "accept")
    if moved is None:
        raise ReviewCannotAccept(extra={"reason": "payment_state"})
    await settle(moved, dossier)
    if row["amount"] > row["expected_amount"]:
        await _order_refund(row, row["amount"] - row["expected_amount"], "review: overpayment")


async def _order_refund(row: dict[str, Any], amount: int, reason: str) -> None:
    if row["dossier"] is None or row["attempt"] is None:
        return  # unknown reference: sent back by hand from the bank statement; this row records it

    attempt = await PaymentAttempt.select().where(PaymentAttempt.id == row["attempt"]).first()
    assert attempt is not None  # the review has one (checked above)
    dossier: OrderedFor = {"id": row["dossier"], "agency": row["agency"]}
    covers = "overpayment" if reason.endswith("overpayment") else "unmatched"
    await order_amount(attempt_row(attempt), dossier, amount, "review", covers, reason)
