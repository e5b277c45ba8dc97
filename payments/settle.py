"""The one path every piece of news about money takes (callbacks, status queries, a platform's
immediate answer): record the message once, match it to an attempt, then either settle — attempt
succeeded, receipt, dossier moved on, outbox — or open a review item, all in one transaction.

Deduplication is the INSERT into payment_notice on the unique (provider, message_id), and on the
unique transaction key (the sender's own transaction id with the amount) where the provider sets
one: a second delivery of one message — or of one bank credit under a new message id — however
concurrent, inserts nothing and changes nothing."""

from __future__ import annotations

import json
from dataclasses import asdict

from core.db import transaction
from dossiers.rows import dossier_row
from dossiers.states import TERMINAL
from models.dossiers import Dossier
from models.payments import PaymentAttempt, PaymentNotice
from payments import registry, review, states
from payments.amounts import checked_amount
from payments.attempts import AttemptRow, attempt_row, includes_fee
from payments.events import announce_move
from payments.paid import settle
from payments.provider import PaymentEvent
from payments.references import find_in
from payments.refunds import platform_refunded  # refunds settle through this path

AFTER_CLOSE = {"expired": "after_expiry", "cancelled": "after_cancel", "failed": "after_failure"}


async def apply_event(provider: str, event: PaymentEvent) -> str:
    """applied | duplicate | review | ignored"""
    if event.amount is not None:
        checked_amount(event.amount)  # every provider's events: nothing past the column's range
    plugin = registry.get(provider)
    settles = registry.settled_by(plugin) if plugin is not None else (provider,)
    async with transaction():
        notice_id = await _record(provider, event)
        if notice_id is None:
            return "duplicate"
        attempt = await _match(provider, settles, event)
        outcome = await _decide(notice_id, attempt, event)
        await PaymentNotice.update({
            PaymentNotice.outcome: outcome,
            PaymentNotice.attempt: attempt["id"] if attempt else None,
        }).where(PaymentNotice.id == notice_id)
    return outcome


async def _record(provider: str, event: PaymentEvent) -> int | None:
    detail = {k: v for k, v in asdict(event).items() if v not in (None, "")}
    inserted = await PaymentNotice.insert(PaymentNotice(
        provider=provider, message_id=event.message_id[:200], kind=event.kind[:64],
        amount=event.amount, reference=(event.reference or "")[:100],
        provider_ref=(event.provider_ref or "")[:100], transaction_key=event.transaction_key,
        detail=json.dumps(detail, default=str),
    )).on_conflict(action="DO NOTHING").returning(PaymentNotice.id)  # either unique key
    return inserted[0]["id"] if inserted else None


async def _match(provider: str, settles: tuple[str, ...],
                 event: PaymentEvent) -> AttemptRow | None:
    """The attempt the news is about — only among the attempts this provider may settle: a
    message signed by one provider never pays an attempt made with another."""
    if event.provider_ref:
        found = await PaymentAttempt.select().where(
            (PaymentAttempt.provider == provider)
            & (PaymentAttempt.provider_ref == event.provider_ref)
        ).first()
        if found:
            return attempt_row(found)
    reference = find_in(event.reference or "")
    if reference:
        named = await PaymentAttempt.select().where(
            (PaymentAttempt.reference == reference) & PaymentAttempt.provider.is_in(list(settles))
        ).first()
        return None if named is None else attempt_row(named)
    return None


async def _decide(notice_id: int, attempt: AttemptRow | None, event: PaymentEvent) -> str:
    if event.outcome in ("succeeded", "credit"):
        return await _money_arrived(notice_id, attempt, event)
    if attempt is None:
        return "ignored"
    if event.outcome == "failed":
        moved = await states.move(attempt["id"], "fail",
                                  failure_reason=event.failure_reason[:200])
        if moved:
            await announce_move("fail", moved)
        return "applied" if moved else "ignored"
    if event.outcome == "refunded":
        await platform_refunded(attempt["id"])
        moved = await states.move(attempt["id"], "refund")
        if moved:
            await announce_move("refund", moved)
        return "applied" if moved else "ignored"
    return "ignored"  # still pending: nothing to do


async def _money_arrived(notice_id: int, attempt: AttemptRow | None,
                         event: PaymentEvent) -> str:
    if attempt is None:
        return await review.open_item(notice_id, None, event, "unknown_reference")
    if event.amount is None or event.amount != attempt["amount"]:
        reason = ("amount_missing" if event.amount is None
                  else "underpaid" if event.amount < attempt["amount"] else "overpaid")
        return await review.open_item(notice_id, attempt, event, reason)
    if attempt["state"] in states.OPEN:
        found = await Dossier.select().where(Dossier.id == attempt["dossier"]).first()
        assert found is not None  # the attempt's dossier: a foreign key
        dossier = dossier_row(found)
        if dossier["paid_online"] and includes_fee(attempt):
            return await review.open_item(notice_id, attempt, event, "already_paid")
        if dossier["state"] in TERMINAL:
            return await review.open_item(notice_id, attempt, event, "dossier_closed")
        moved = await states.move(attempt["id"], "succeed",
                                  provider_ref=event.provider_ref or attempt["provider_ref"])
        if moved is not None:
            await settle(moved, dossier)
            await review.supersede(notice_id, moved, event)
            return "applied"
        fresh = await PaymentAttempt.select().where(PaymentAttempt.id == attempt["id"]).first()
        assert fresh is not None  # attempts are never deleted
        attempt = attempt_row(fresh)
    if attempt["state"] in states.PAID:
        # The platform telling of the same payment again (another event type, or a status query
        # after the callback) is no new money; a second bank credit is.
        if event.outcome == "succeeded" and event.provider_ref in (None, attempt["provider_ref"]):
            return "duplicate"
        return await review.open_item(notice_id, attempt, event, "already_paid")
    return await review.open_item(notice_id, attempt, event,
                                  AFTER_CLOSE.get(attempt["state"], "unexpected"))
