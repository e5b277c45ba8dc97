"""A refund order as the code reads it: the row of models/payments.RefundOrder, typed, and the
one way to read an order known to exist."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, TypedDict, cast

from models.payments import RefundOrder


class RefundOrderRow(TypedDict):
    """A whole refund_order row as a select returns it."""

    id: int
    attempt: uuid.UUID
    dossier: uuid.UUID
    agency: int | None
    amount: int
    state: str  # superseded by `status`: nothing reads it (models/payments.py)
    status: str  # a payments.refund_states.RefundStatus value
    version: int
    route: str  # platform | bank_transfer
    covers: str
    outcome: str
    provider_ref: str
    bank_reference: str
    reason: str  # a key of payments.refund_rules.REASONS, or ""
    failure_reason: str
    payee_bank_bin: str
    payee_account_number: str
    payee_account_name: str
    payee_given_at: datetime | None
    created_at: datetime
    sent_at: datetime | None
    completed_at: datetime | None


def refund_order_row(row: dict[str, Any]) -> RefundOrderRow:
    """`row`, selected with every column of RefundOrder, typed as such."""
    return cast(RefundOrderRow, row)


def refund_order_rows(rows: list[dict[str, Any]]) -> list[RefundOrderRow]:
    return cast(list[RefundOrderRow], rows)


async def order_by_id(order_id: int) -> RefundOrderRow:
    """The order as it is now; orders are never deleted, so an id read before is there."""
    row = await RefundOrder.select().where(RefundOrder.id == order_id).first()
    assert row is not None  # orders are never deleted
    return refund_order_row(row)
