"""`card`: checkout through a Stripe-compatible payment platform (PaymentIntents in VND).

The app completes the card step with the platform itself (client secret); motcua learns the result
only from a callback whose `Stripe-Signature` verifies, or from asking the platform
(fetch_status) — never from the app coming back. VND is a zero-decimal currency: amounts go to
the platform in whole đồng as they are."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from core import clock
from core.plugins import Configured
from core.settings import PluginSettings
from payments.problems import FeeAlreadyPaid, ProviderUnavailable
from payments.provider import (
    Acknowledgement,
    AttemptView,
    CallbackRejected,
    Inbound,
    Outcome,
    PaymentEvent,
    ProviderDefaults,
    Refunded,
    Started,
)
from payments.registry import PROVIDERS
from payments.stripe_api import StripeClient, StripeError, path_id

log = logging.getLogger(__name__)

CURRENCY = "vnd"
TOLERANCE = 300  # seconds between the signature's timestamp and now, either way


@dataclass(frozen=True)
class StripeSettings(PluginSettings):
    """STRIPE_API_BASE, STRIPE_API_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_PUBLISHABLE_KEY."""

    prefix = "STRIPE_"
    api_base: str | None = None
    api_key: str | None = None
    webhook_secret: str | None = None
    publishable_key: str | None = None  # handed to the app for the card step


class CardProvider(Configured[StripeSettings], ProviderDefaults):
    name = "card"
    methods: tuple[str, ...] = ("card",)
    settings_class = StripeSettings

    def __init__(self, settings: StripeSettings | None = None, *,
                 transport: httpx.AsyncBaseTransport | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(settings)
        self._transport = transport
        self._clock = clock

    def refund_route(self, method: str) -> str:
        return "platform"  # the platform gives the money back (payments/refunds.py)

    @property
    def configured(self) -> bool:
        return bool(self.settings.api_key and self.settings.webhook_secret)

    def _client(self) -> StripeClient:
        if not self.settings.api_key:
            raise ProviderUnavailable(detail="card platform not configured (STRIPE_API_KEY)")
        return StripeClient(self.settings.api_base, self.settings.api_key,
                            transport=self._transport)

    # --- outbound ------------------------------------------------------------------------

    async def start(self, attempt: AttemptView) -> Started:
        form = {
            "amount": attempt.amount,
            "currency": CURRENCY,
            "payment_method_types": ["card"],
            "metadata": {"attempt": attempt.id, "dossier_code": attempt.dossier_code,
                         "reference": attempt.reference},
        }
        # One PaymentIntent per attempt even if this call is retried or repeated.
        intent = await self._call(self._client().post("/v1/payment_intents", form,
                                                       idempotency_key=f"attempt-{attempt.id}"))
        if intent.get("amount") != attempt.amount or intent.get("currency") != CURRENCY:
            log.error("card platform created a PaymentIntent for another amount or currency")
            raise ProviderUnavailable(detail="card platform answered another amount")
        return Started(
            provider_ref=intent["id"],
            checkout={
                "platform": "stripe",
                "payment_intent": intent["id"],
                "client_secret": intent.get("client_secret"),
                "publishable_key": self.settings.publishable_key,
                "amount": attempt.amount,
                "currency": CURRENCY,
            },
        )

    async def fetch_status(self, attempt: AttemptView) -> PaymentEvent | None:
        if not attempt.provider_ref:
            return None  # the PaymentIntent was never created: nothing could have been paid
        intent = await self._call(
            self._client().get(f"/v1/payment_intents/{path_id(attempt.provider_ref)}"))
        status = str(intent.get("status") or "")
        outcome, reason = _outcome_of_status(status, intent)
        return PaymentEvent(
            message_id=f"query:{intent.get('id')}:{status}",
            outcome=outcome,
            amount=_received(intent),
            reference=(intent.get("metadata") or {}).get("reference"),
            provider_ref=intent.get("id"),
            occurred_at=clock.now(),
            kind=f"query.{status}",
            failure_reason=reason,
        )

    async def refund(self, attempt: AttemptView, amount: int) -> Refunded:
        if not attempt.provider_ref:
            return Refunded(done=False)
        form = {"payment_intent": attempt.provider_ref, "amount": amount,
                "metadata": {"attempt": attempt.id}}
        try:
            refund = await self._client().post("/v1/refunds", form,
                                               idempotency_key=f"refund-{attempt.id}")
        except StripeError as exc:
            if exc.unreachable:
                raise ProviderUnavailable(detail="card platform unreachable") from exc
            if exc.code == "charge_already_refunded":
                return Refunded(done=True)
            # Refused for good (e.g. the card account is closed): an officer pays it back.
            log.warning("card platform refused the refund: %s", exc.code or exc.status)
            return Refunded(done=False)
        done = refund.get("status") in {"succeeded", "pending"}
        return Refunded(done=done, provider_ref=str(refund.get("id") or ""))

    async def cancel(self, attempt: AttemptView) -> bool:
        """Cancel the PaymentIntent before another method is offered. One the platform will not
        cancel because the money is taken (or being taken) stops the switch: a second method
        now could charge the fee twice."""
        if not attempt.provider_ref:
            return True
        path = f"/v1/payment_intents/{path_id(attempt.provider_ref)}"
        try:
            await self._client().post(f"{path}/cancel", idempotency_key=f"cancel-{attempt.id}")
            return True
        except StripeError as exc:
            if exc.unreachable:
                raise ProviderUnavailable(detail="card platform unreachable") from exc
        status = (await self._call(self._client().get(path))).get("status")
        if status == "canceled":
            return True
        if status == "succeeded":
            raise FeeAlreadyPaid()
        raise ProviderUnavailable(detail=f"card payment {status}")

    async def _call(self, request) -> dict[str, Any]:
        try:
            return await request
        except StripeError as exc:
            log.warning("card platform error: %s", exc.code or exc.status)
            raise ProviderUnavailable(detail="card platform unavailable") from exc

    # --- inbound -------------------------------------------------------------------------

    def verify_callback(self, inbound: Inbound) -> None:
        secret = self.settings.webhook_secret
        if not secret:
            raise CallbackRejected("webhook secret not configured")
        timestamp, signatures = _parse_signature(inbound.headers.get("stripe-signature", ""))
        if abs(self._clock() - timestamp) > TOLERANCE:
            raise CallbackRejected("timestamp outside tolerance")
        expected = hmac.new(secret.encode(), str(timestamp).encode() + b"." + inbound.body,
                            hashlib.sha256).hexdigest().encode()
        # Every v1 is compared (a rolled secret sends several); no early exit on a match.
        matched = False
        for candidate in signatures:
            matched |= hmac.compare_digest(expected, candidate.encode())  # bytes: any header
        if not matched:
            raise CallbackRejected("signature mismatch")

    def parse_event(self, inbound: Inbound) -> list[PaymentEvent]:
        try:
            event = json.loads(inbound.body)
            event_id, kind, obj = event["id"], event["type"], event["data"]["object"]
        except (ValueError, TypeError, KeyError) as exc:
            raise CallbackRejected("malformed event") from exc
        if not isinstance(event_id, str) or not isinstance(obj, dict):
            raise CallbackRejected("malformed event")
        handled = _EVENTS.get(kind)
        if handled is None:
            return []  # an event type the fee flow does not follow: acknowledged, not applied
        if str(obj.get("currency", CURRENCY)).lower() != CURRENCY:
            raise CallbackRejected("unexpected currency")
        outcome, amount, intent_id, reason = handled(obj)
        created = event.get("created")
        return [PaymentEvent(
            message_id=event_id,
            outcome=outcome,
            amount=amount,
            reference=(obj.get("metadata") or {}).get("reference"),
            provider_ref=intent_id,
            occurred_at=(dt.datetime.fromtimestamp(created, dt.UTC)
                         if isinstance(created, int) else None),
            kind=kind,
            failure_reason=reason,
        )]

    def acknowledge(self, applied: bool) -> Acknowledgement:
        # Duplicates and items sent to review are recorded too: the platform must not resend.
        return Acknowledgement(200, {"received": True})


def _parse_signature(header: str) -> tuple[int, list[str]]:
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and value.isascii() and value.isdigit():
            timestamp = int(value)
        elif key == "v1" and value:
            signatures.append(value.lower())
    if timestamp is None or not signatures:
        raise CallbackRejected("missing or malformed Stripe-Signature")
    return timestamp, signatures


def _received(intent: dict[str, Any]) -> int | None:
    amount = intent.get("amount_received") or intent.get("amount")
    return amount if isinstance(amount, int) else None


def _outcome_of_status(status: str, intent: dict[str, Any]) -> tuple[Outcome, str]:
    if status == "succeeded":
        return "succeeded", ""
    if status == "canceled":
        return "failed", f"canceled:{intent.get('cancellation_reason') or ''}".rstrip(":")
    # Everything else is still payable: `requires_payment_method` is a fresh intent or one
    # whose last card was declined — the checkout lets the citizen try another card on the same
    # intent, so a decline is not the end (see _declined).
    error = intent.get("last_payment_error") or {}
    return "pending", str(error.get("code") or "") if status == "requires_payment_method" else ""


def _paid(intent: dict[str, Any]) -> tuple[Outcome, int | None, str | None, str]:
    return "succeeded", _received(intent), intent.get("id"), ""


def _declined(intent: dict[str, Any]) -> tuple[Outcome, int | None, str | None, str]:
    # Stripe's payment_failed is not final: the intent returns to requires_payment_method and the
    # citizen may pay it with another card. Closing the attempt here would send that payment to
    # review and invite a second charge by another method; it stays open (the decline is
    # recorded with the notice) until paid, cancelled (switching method) or expired.
    error = intent.get("last_payment_error") or {}
    return "pending", intent.get("amount"), intent.get("id"), str(error.get("code") or "declined")


def _canceled(intent: dict[str, Any]) -> tuple[Outcome, int | None, str | None, str]:
    reason = f"canceled:{intent.get('cancellation_reason') or ''}".rstrip(":")
    return "failed", intent.get("amount"), intent.get("id"), reason


def _charge_refunded(charge: dict[str, Any]) -> tuple[Outcome, int | None, str | None, str]:
    intent = charge.get("payment_intent")
    if isinstance(intent, dict):
        intent = intent.get("id")
    return "refunded", charge.get("amount_refunded"), intent, ""


_EVENTS: dict[str, Callable[[dict[str, Any]], tuple[Outcome, int | None, str | None, str]]] = {
    "payment_intent.succeeded": _paid,
    "payment_intent.payment_failed": _declined,
    "payment_intent.canceled": _canceled,
    "charge.refunded": _charge_refunded,
}

provider = PROVIDERS.register(CardProvider())
