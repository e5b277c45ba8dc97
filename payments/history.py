"""A dossier's payment attempts as its citizen sees them: every attempt, newest first, each with
its receipt once paid and the refunds made or ordered on it (their real state, never a promise).

Attempts are few per dossier, but the list is paged like every list (cursor on (created_at, id)),
so a client written against it never has to change."""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from typing import Any

from piccolo.columns.combination import Or

from auth.principal import Principal
from core.problems import ValidationFailed
from dossiers.access import own_dossier
from models.payments import PaymentAttempt, PaymentReceipt, RefundOrder
from payments.attempts import AttemptRow, answer, attempt_row
from payments.refund_orders import RefundOrderRow, refund_order_rows


def _cursor(row: AttemptRow) -> str:
    raw = json.dumps([row["created_at"].isoformat(), str(row["id"])]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _position(cursor: str) -> tuple[dt.datetime, uuid.UUID]:
    try:
        at, ident = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return dt.datetime.fromisoformat(at), uuid.UUID(ident)
    except (ValueError, TypeError) as exc:
        raise ValidationFailed(extra={"errors": [{"parameter": "cursor", "in": "query",
                                                  "detail": "Unknown cursor"}]}) from exc


def _time(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


async def dossier_payments(principal: Principal, dossier_id: str, cursor: str | None,
                           limit: int) -> dict[str, Any]:
    """The page; someone else's dossier is not found (404), as everywhere."""
    dossier = await own_dossier(principal, dossier_id)
    query = PaymentAttempt.select().where(PaymentAttempt.dossier == dossier["id"])
    if cursor:
        at, ident = _position(cursor)
        query = query.where(Or(PaymentAttempt.created_at < at,
                               (PaymentAttempt.created_at == at) & (PaymentAttempt.id < ident)))
    rows = await (query.order_by(PaymentAttempt.created_at, ascending=False)
                  .order_by(PaymentAttempt.id, ascending=False).limit(limit + 1))
    more = len(rows) > limit
    rows = [attempt_row(row) for row in rows[:limit]]
    ids = [row["id"] for row in rows]
    receipts, refunds = {}, {}
    if ids:
        for receipt in await PaymentReceipt.select(
                PaymentReceipt.attempt, PaymentReceipt.number, PaymentReceipt.amount,
                PaymentReceipt.issued_at).where(PaymentReceipt.attempt.is_in(ids)):
            receipts[receipt["attempt"]] = receipt
        for refund in refund_order_rows(await RefundOrder.select().where(
                RefundOrder.attempt.is_in(ids)).order_by(RefundOrder.created_at).order_by(
                RefundOrder.id)):
            refunds.setdefault(refund["attempt"], []).append(refund)
    return {"items": [_item(row, receipts.get(row["id"]), refunds.get(row["id"], []))
                      for row in rows],
            "next_cursor": _cursor(rows[-1]) if more else None}


def _item(row: AttemptRow, receipt: dict[str, Any] | None,
          refunds: list[RefundOrderRow]) -> dict[str, Any]:
    shown = answer(row)
    shown["created_at"] = _time(row["created_at"])
    shown["receipt"] = None if receipt is None else {
        "number": receipt["number"], "amount": receipt["amount"],
        "issued_at": _time(receipt["issued_at"]), "href": shown["links"]["receipt"]}
    if receipt is None:
        shown["links"].pop("receipt", None)  # nothing there until it is paid
    # A refund order's real state (payments/refund_states.py): `refunded` once the money went
    # back, never before.
    shown["refunds"] = [{"id": refund["id"], "amount": refund["amount"],
                         "state": refund["status"], "created_at": _time(refund["created_at"]),
                         "completed_at": _time(refund["completed_at"])} for refund in refunds]
    return shown
