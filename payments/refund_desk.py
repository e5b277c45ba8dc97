"""Working refund orders by hand. The citizen gives the account to refund to (through the app,
never by phone or in a log); the agency's accountant sends the transfer and records the bank's
reference (`sent`), then reconciles against the statement: `refunded`, or `failed` (the bank
returned it — the citizen may give another account, which orders it again). Every step is a
guarded state move (payments/refund_states.py) with its audit entry and the citizen's notice."""

from __future__ import annotations

import re
import uuid
from typing import Any

from auth.principal import Principal
from core import clock
from core.audit import record
from core.db import transaction
from core.problems import Problem, ValidationFailed
from models.payments import PaymentAttempt, RefundOrder
from payments.attempts import attempt_row
from payments.problems import RefundNotFound, RefundStateConflict
from payments.refund_orders import RefundOrderRow, order_by_id, refund_order_row, refund_order_rows
from payments.refund_states import move
from payments.refunds import close_attempt_if_refunded

QUEUE_STATES = ("ordered", "sent", "failed")


def _invalid(pointer: str, detail: str) -> Problem:
    return ValidationFailed(extra={"errors": [{"pointer": pointer, "detail": detail}]})


async def own_orders(principal: Principal, dossier_id: uuid.UUID) -> list[RefundOrderRow]:
    return refund_order_rows(await RefundOrder.select().where(
        (RefundOrder.dossier == dossier_id)
        & (RefundOrder.dossier.applicant == principal.person_id)).order_by(RefundOrder.id))


async def own_order(principal: Principal, order_id: int) -> RefundOrderRow:
    row = await RefundOrder.select(*RefundOrder.all_columns()).where(
        (RefundOrder.id == order_id) & (RefundOrder.dossier.applicant == principal.person_id)
    ).first()
    if row is None:
        raise RefundNotFound()
    return refund_order_row(row)


def check_account(bank_bin: str, number: str, name: str) -> None:
    if not re.fullmatch(r"\d{6}", bank_bin):
        raise _invalid("/bank_bin", "The bank's 6-digit BIN (NAPAS)")
    if not re.fullmatch(r"\d{6,19}", number):
        raise _invalid("/account_number", "6 to 19 digits")
    if not name.strip() or len(name) > 255:
        raise _invalid("/account_name", "The account holder's name")


async def give_account(principal: Principal, order_id: int, bank_bin: str, number: str,
                       name: str) -> RefundOrderRow:
    """The citizen's account for a bank-transfer refund, while it has not been sent; after a
    failed transfer, a new account orders it again."""
    check_account(bank_bin, number, name)
    order = await own_order(principal, order_id)
    if order["route"] != "bank_transfer" or order["status"] not in ("ordered", "failed"):
        raise RefundStateConflict(extra={"refund_status": order["status"],
                                         "route": order["route"]})
    async with transaction():
        changed = await RefundOrder.update({
            RefundOrder.payee_bank_bin: bank_bin, RefundOrder.payee_account_number: number,
            RefundOrder.payee_account_name: name.strip().upper(),
            RefundOrder.payee_given_at: clock.now(),
            RefundOrder.version: RefundOrder.version + 1,
        }).where((RefundOrder.id == order_id) & RefundOrder.status.is_in(["ordered", "failed"])
                 ).returning(RefundOrder.id)
        if not changed:
            raise RefundStateConflict(extra={"refund_status": "sent"})
        # Who gave an account and when; never the account itself.
        await record("refund.account_given", actor_kind="citizen",
                     actor_id=str(principal.person_id), subject_type="refund_order",
                     subject_id=str(order_id), detail={})
        if order["status"] == "failed":
            await move(order_id, "reorder", actor_kind="citizen",
                       actor_id=str(principal.person_id), failure_reason="")
    return await order_by_id(order_id)


async def queue(principal: Principal, status: str | None, after: int,
                limit: int) -> list[RefundOrderRow]:
    """The accountant's agency's orders to work, oldest first (cursor: the last id seen)."""
    wanted = [status] if status else list(QUEUE_STATES)
    return refund_order_rows(await RefundOrder.select().where(
        (RefundOrder.agency == principal.agency_id) & RefundOrder.status.is_in(wanted)
        & (RefundOrder.id > after)
        & ((RefundOrder.route == "bank_transfer") | (RefundOrder.status == "failed"))
    ).order_by(RefundOrder.id).limit(limit))


async def agency_order(principal: Principal, order_id: int) -> RefundOrderRow:
    row = await RefundOrder.select().where(
        (RefundOrder.id == order_id) & (RefundOrder.agency == principal.agency_id)).first()
    if row is None:
        raise RefundNotFound()
    return refund_order_row(row)


async def payee(principal: Principal, order_id: int) -> dict[str, Any]:
    """The full account, to make the transfer: each reading is audited."""
    order = await agency_order(principal, order_id)
    await record("refund.account_read", actor_kind="accountant",
                 actor_id=str(principal.person_id), subject_type="refund_order",
                 subject_id=str(order_id), detail={})
    return {"bank_bin": order["payee_bank_bin"], "account_number": order["payee_account_number"],
            "account_name": order["payee_account_name"], "amount": order["amount"],
            "given_at": order["payee_given_at"]}


async def act(principal: Principal, order_id: int, action: str, *, bank_reference: str = "",
              reason: str = "") -> RefundOrderRow:
    """send (with the bank reference) | confirm (reconciled: refunded) | fail (with a reason)."""
    order = await agency_order(principal, order_id)
    changes: dict[str, str] = {}
    if action == "send":
        if order["route"] != "bank_transfer" or order["payee_given_at"] is None:
            raise RefundStateConflict(extra={"refund_status": order["status"],
                                             "needs_account": True})
        if not bank_reference.strip():
            raise _invalid("/bank_reference", "The bank's reference of the transfer")
        changes["bank_reference"] = bank_reference.strip()[:64]
    elif action == "fail":
        if not reason.strip():
            raise _invalid("/reason", "Why the refund failed")
        changes["failure_reason"] = reason.strip()[:200]
    async with transaction():
        moved = await move(order_id, action, actor_kind="accountant",
                           actor_id=str(principal.person_id), **changes)
        if moved is None:
            raise RefundStateConflict(extra={"refund_status": order["status"]})
        if moved["status"] == "refunded":
            attempt = await PaymentAttempt.select().where(
                PaymentAttempt.id == moved["attempt"]).first()
            assert attempt is not None  # the order's attempt: a foreign key
            await close_attempt_if_refunded(attempt_row(attempt))
    return moved
