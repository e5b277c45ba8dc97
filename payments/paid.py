"""What follows money that settles an attempt, whichever way it was matched (a callback, a
status query, an accountant accepting a review item): receipt, dossier moved on or flagged
paid, extra charges marked paid by their domain, outbox — in the caller's transaction."""

from __future__ import annotations

from dossiers.rows import DossierRow
from dossiers.settlement import record_fee_paid, settle_fee
from dossiers.transitions import Actor
from payments import extras, receipts
from payments.attempts import AttemptRow, includes_fee, loaded
from payments.events import announce_move

SYSTEM = Actor("system", "payments")


async def settle(attempt: AttemptRow, dossier: DossierRow) -> None:
    """Receipt, dossier moved on (6 → processing) or flagged paid, extra charges (postage) marked
    paid by their domain, outbox — in the caller's transaction."""
    await receipts.issue(attempt)
    detail = {"payment_id": str(attempt["id"]), "amount": attempt["amount"],
              "method": attempt["method"]}
    if not includes_fee(attempt):
        pass  # postage alone, after the fee: the dossier's own state is not touched
    elif dossier["state"] == "payment_requested":
        await settle_fee(dossier["id"], paid_online=True, actor=SYSTEM)
    else:
        await record_fee_paid(dossier["id"], actor=SYSTEM, detail=detail)
    await extras.mark_paid(loaded(attempt["lines"]) or [], attempt["id"])
    # `accept` (payments/review.py) leads to the same state and event as `succeed`.
    await announce_move("succeed", attempt, dossier_code=dossier["code"])


