"""When an officer corrects the applicant category at intake (dossiers/officer_actions.py) after
the fee was paid, the difference is settled: less → a refund order for the difference (the
accountant's or the platform's, payments/refunds.py); more → an extra charge (`difference`,
dossiers/charges.py) the citizen pays like postage, alone, through POST …/payments.

Before the fee is paid nothing is needed here: the dossier's new fee total is what is asked."""

from __future__ import annotations

import uuid
from typing import Any

from core.db import transaction
from dossiers import charges
from models.dossiers import Dossier
from models.payments import PaymentAttempt, RefundOrder
from payments.attempts import attempt_row, loaded
from payments.refunds import execute, order_amount

KIND = "difference"


async def _paid_towards_fee(dossier_id: uuid.UUID) -> int:
    """What succeeded payments paid of the fee: their fee lines and earlier differences."""
    rows = await PaymentAttempt.select(PaymentAttempt.lines).where(
        (PaymentAttempt.dossier == dossier_id) & (PaymentAttempt.state == "succeeded"))
    total = 0
    for row in rows:
        for line in loaded(row["lines"]) or []:
            if not line.get("charge") or line.get("charge") == KIND:
                total += int(line["amount"])
    return total


async def difference_due(dossier_id: uuid.UUID) -> list[charges.Charge]:
    dossier = await Dossier.select(Dossier.fee_total, Dossier.paid_online).where(
        Dossier.id == dossier_id).first()
    if dossier is None or not dossier["paid_online"]:
        return []
    owed = dossier["fee_total"] - await _paid_towards_fee(dossier_id)
    if owed <= 0:
        return []
    return [charges.Charge(KIND, str(dossier_id), owed, "Chênh lệch phí, lệ phí do điều chỉnh "
                           "đối tượng", "Fee difference after the category was corrected")]


async def difference_paid(ref: str, attempt_id: uuid.UUID) -> None:
    """Nothing to mark: the attempt's lines record what was paid (read back above)."""


async def on_fee_corrected(payload: dict[str, Any]) -> None:
    """Job handler for dossier.fee_corrected: a lower fee after payment is refunded."""
    dossier_id = uuid.UUID(payload["dossier_id"])
    dossier = await Dossier.select(Dossier.id, Dossier.agency, Dossier.fee_total).where(
        Dossier.id == dossier_id).first()
    assert dossier is not None  # the payload names a paid dossier
    paid = await _paid_towards_fee(dossier_id)
    if not paid or paid <= dossier["fee_total"]:
        return
    attempt = await PaymentAttempt.select().where(
        (PaymentAttempt.dossier == dossier_id) & (PaymentAttempt.state == "succeeded")
        & PaymentAttempt.purpose.like("fee%")).first()
    assert attempt is not None  # the fee paid above came through one
    async with transaction():
        if await RefundOrder.exists().where((RefundOrder.attempt == attempt["id"])
                                            & (RefundOrder.outcome == "category_corrected")):
            return
        order = await order_amount(attempt_row(attempt),
                                   {"id": dossier["id"], "agency": dossier["agency"]},
                                   paid - dossier["fee_total"], "category_corrected",
                                   "difference")
    if order["route"] == "platform":
        await execute(order)


def register() -> None:
    charges.register(KIND, due=difference_due, paid=difference_paid)
