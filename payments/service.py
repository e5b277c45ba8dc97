"""Starting, cancelling and expiring payment attempts.

Never two charges for one fee: an open attempt of the same method is returned as is; one of
another method is cancelled first; and the unique partial index (one created/pending attempt per
dossier) settles a race between two starts — the loser gets the winner's attempt.

An attempt charges what is due when it starts: the fee while unpaid plus extra charges other
domains registered (payments/extras.py: postage chosen with the fee), or those charges alone
once the fee is paid. An open attempt whose amount no longer matches is cancelled, not reused."""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from typing import Any

from auth.principal import Principal
from core import clock
from core.changes import announce
from core.db import transaction
from dossiers.access import own_dossier
from dossiers.context import service_by_id
from dossiers.rows import DossierRow
from dossiers.states import TERMINAL
from models.payments import PaymentAttempt
from payments import events, extras, registry, states
from payments.attempts import (
    AttemptRow,
    attempt_row,
    loaded,
    open_attempt,
    paid_attempt,
    view_of,
)
from payments.problems import (
    FeeAlreadyPaid,
    NoFeeDue,
    NotPayableNow,
    PaymentNotOfferedOnline,
    ProviderUnavailable,
    UnknownMethod,
)
from payments.provider import PaymentEvent
from payments.references import new_reference
from payments.settle import apply_event

log = logging.getLogger("motcua.payments")

PAYABLE_STATES = frozenset({"submitted", "received", "processing", "payment_requested"})
DEFAULT_LIFETIME = dt.timedelta(hours=24)


async def check_payable(dossier: DossierRow) -> None:
    if dossier["fee_total"] <= 0:
        raise NoFeeDue()
    if dossier["paid_online"] or await paid_attempt(dossier["id"]):
        raise FeeAlreadyPaid()
    service = await service_by_id(dossier["service"])
    if not service["online_payment"]:
        raise PaymentNotOfferedOnline(extra={"level": service["level"]})
    if dossier["state"] not in PAYABLE_STATES:
        raise NotPayableNow(extra={"state": dossier["state"]})


async def what_is_due(dossier: DossierRow) -> tuple[int, list[dict[str, Any]]]:
    """(fee included, lines): the fee while unpaid, plus extra charges (postage booked with the
    fee). Once the fee is paid — or where there is none — extra charges alone are payable."""
    charges = [charge.line() for charge in await extras.due(dossier["id"])]
    try:
        await check_payable(dossier)
    except (NoFeeDue, FeeAlreadyPaid):
        if not charges:
            raise
        if dossier["state"] in TERMINAL:
            raise NotPayableNow(extra={"state": dossier["state"]}) from None
        return 0, charges
    quote = loaded(dossier["fee_quote"]) or {}
    return dossier["fee_total"], [*quote.get("lines", []), *charges]


def purpose_of_lines(fee: int, lines: list[dict[str, Any]]) -> str:
    """fee | fee+postage | postage (the one-paid-fee index keys on the leading "fee")."""
    charges = [line["charge"] for line in extras.extra_lines(lines)]
    return "+".join((["fee"] if fee else []) + charges)


async def start_payment(principal: Principal, dossier_id: str, method: str, *,
                        sandbox: bool, base_url: str = "") -> AttemptRow:
    """The dossier's open attempt for `method`, or a new one handed to the provider. `base_url`
    (the public address) makes the page a checkout returns to."""
    dossier = await own_dossier(principal, dossier_id)
    provider = registry.for_method(method, sandbox=sandbox)
    if provider is None:
        raise UnknownMethod(extra={"errors": [{"pointer": "/method", "detail": "Unknown method"}]})
    fee, lines = await what_is_due(dossier)
    amount = fee + sum(line["amount"] for line in extras.extra_lines(lines))
    current = await open_attempt(dossier["id"])
    if current is not None:
        # What is due may have changed since (postage booked or cancelled): a stale attempt is
        # cancelled rather than charging the wrong amount.
        if current["method"] == method and current["amount"] == amount \
                and current["purpose"] == purpose_of_lines(fee, lines):
            return current
        await cancel(current)
    created, mine = await _create(dossier, method, provider.name, fee, lines)
    if not mine:
        return created  # a concurrent start won the race: its attempt is the one
    return_url = f"{base_url.rstrip('/')}/v1/payments/{created['id']}" if base_url else ""
    return await _hand_to_provider(created, dossier, provider, return_url)


async def recheck_extras(payload: dict[str, Any]) -> None:
    """Job, on an event saying an extra charge stopped being due (extras.NO_LONGER_DUE): an open
    attempt still including it is cancelled (the citizen starts again and pays what is owed
    now). Nothing to do when it includes none: heard twice, it changes nothing more."""
    current = await open_attempt(uuid.UUID(payload["dossier_id"]))
    if current is None:
        return
    owed = {(charge.kind, charge.ref) for charge in await extras.due(current["dossier"])}
    included = extras.extra_lines(loaded(current["lines"]) or [])
    if any((line["charge"], line["ref"]) not in owed for line in included):
        await cancel(current)


async def _create(dossier: DossierRow, method: str, provider: str, fee: int,
                  lines: list[dict[str, Any]]) -> tuple[AttemptRow, bool]:
    amount = fee + sum(line["amount"] for line in extras.extra_lines(lines))
    for _ in range(3):  # a repeated reference (astronomically rare) just draws another
        attempt_id = uuid.uuid4()
        inserted = await PaymentAttempt.insert(PaymentAttempt(
            id=attempt_id, dossier=dossier["id"], method=method, provider=provider,
            amount=amount, purpose=purpose_of_lines(fee, lines),
            lines=json.dumps(lines, ensure_ascii=False), reference=new_reference(), state="created",
            checkout="{}", expires_at=clock.now() + DEFAULT_LIFETIME,
        )).on_conflict(action="DO NOTHING").returning(PaymentAttempt.id)
        if inserted:
            row = await PaymentAttempt.select().where(PaymentAttempt.id == attempt_id).first()
            assert row is not None  # inserted above
            await announce("dossier", dossier["id"])  # its detail shows the current payment
            return attempt_row(row), True
        winner = await open_attempt(dossier["id"])
        if winner is not None:
            return winner, False
    raise ProviderUnavailable()


async def _hand_to_provider(attempt: AttemptRow, dossier: DossierRow,
                            provider, return_url: str) -> AttemptRow:
    # The provider is called outside any transaction: a slow gateway holds no database lock.
    try:
        started = await provider.start(await view_of(attempt, dossier, return_url))
    except Exception as exc:  # noqa: BLE001 - any provider failure closes this attempt
        log.warning("provider %s could not start a payment: %s", provider.name,
                    type(exc).__name__)
        async with transaction():
            failed = await states.move(attempt["id"], "fail", failure_reason="provider_error")
            if failed:
                await events.announce_move("fail", failed)
        raise ProviderUnavailable() from exc
    async with transaction():
        moved = await states.move(
            attempt["id"], "start", checkout=started.checkout, provider_ref=started.provider_ref,
            expires_at=started.expires_at or attempt["expires_at"],
        )
        if moved is None:  # cancelled meanwhile by another start
            current = await PaymentAttempt.select().where(
                PaymentAttempt.id == attempt["id"]).first()
            assert current is not None  # the attempt being started
            return attempt_row(current)
        await events.announce_move("start", moved)
    if started.state != "pending":
        # Some platforms answer at once; the answer goes through the one settle path.
        await apply_event(provider.name, PaymentEvent(
            message_id=f"start:{moved['id']}:{started.state}", outcome=started.state,
            amount=moved["amount"], provider_ref=started.provider_ref,
            reference=moved["reference"], kind="start"))
        moved = await PaymentAttempt.select().where(PaymentAttempt.id == moved["id"]).first()
        assert moved is not None  # moved above
        moved = attempt_row(moved)
    return moved


async def cancel(attempt: AttemptRow) -> AttemptRow | None:
    """Close an open attempt; the provider is told first when it can be (a checkout session)."""
    provider = registry.get(attempt["provider"])
    if provider is not None and attempt["state"] == "pending":
        await provider.cancel(await view_of(attempt))
    async with transaction():
        moved = await states.move(attempt["id"], "cancel")
        if moved:
            await events.announce_move("cancel", moved)
    return moved


async def expire(attempt: AttemptRow) -> AttemptRow | None:
    """A reference past its time: a credit arriving later goes to the review list. Where the
    platform holds a payable checkout (a card PaymentIntent) it is cancelled there first, so the
    citizen cannot pay an attempt we already consider closed; if the platform refuses (paid
    meanwhile, or busy), the attempt stays open and reconciliation settles it."""
    provider = registry.get(attempt["provider"])
    if provider is not None and attempt["state"] == "pending":
        try:
            await provider.cancel(await view_of(attempt))
        except Exception as exc:  # noqa: BLE001 - try again at the next sweep
            log.info("payment %s not expired: the platform refused to cancel (%s)",
                     attempt["id"], type(exc).__name__)
            return None
    async with transaction():
        moved = await states.move(attempt["id"], "expire")
        if moved:
            await events.announce_move("expire", moved)
    return moved
