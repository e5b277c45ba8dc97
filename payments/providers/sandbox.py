"""`sandbox`: a payment platform for development that pays itself.

It stands in for a method whose real platform is not configured (payments/registry.for_method),
only while MOTCUA_SANDBOX_PROVIDERS is on — which core.settings refuses in production, and
`start` refuses again there. Starting schedules a job (payments/providers/sandbox_jobs.py) that,
a couple of seconds later, signs a `payment.succeeded` callback and hands it to the same
verify → parse → settle path a real gateway's callback takes; nothing is marked paid any other
way. Signature: `Sandbox-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">` with a random key
kept in the data directory, so the app and a separate worker process sign alike."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import time
from pathlib import Path
from typing import Any

from core.db import transaction
from core.plugins import FollowsSettings
from jobs.outbox import enqueue
from payments.problems import ProviderUnavailable
from payments.provider import (
    Acknowledgement,
    AttemptView,
    CallbackRejected,
    Inbound,
    PaymentEvent,
    ProviderDefaults,
    Refunded,
    Started,
)
from payments.registry import PROVIDERS

PAY_JOB = "payments.sandbox_pay"
PAYS_AFTER_SECONDS = 2.0
TOLERANCE_SECONDS = 300
HEADER = "sandbox-signature"
KEY_FILE = "sandbox-payments.key"


def _key(data_dir: Path) -> bytes:
    path = data_dir / KEY_FILE
    try:
        return bytes.fromhex(path.read_text().strip())
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:  # O_EXCL: of two processes creating it at once, one writes and both read that
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return _key(data_dir)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
        return _key(data_dir)


def _rejected(reason: str) -> CallbackRejected:
    return CallbackRejected(reason)


class SandboxProvider(FollowsSettings, ProviderDefaults):
    name = "sandbox"
    # Those with a platform that may not be configured.
    methods: tuple[str, ...] = ("card", "national")

    def refund_route(self, method: str) -> str:
        # As the platform it stands in for would: a card platform refunds by itself; the national
        # platform has no refund we know of, so the agency's accountant sends the money back.
        return "platform" if method == "card" else "bank_transfer"

    @property
    def enabled(self) -> bool:  # type: ignore[override]
        """Off (MOTCUA_SANDBOX_PROVIDERS unset, and always in production) the registry does not
        offer it: its callback route answers 404 and its key file is never created."""
        return self.core.sandbox_providers and not self.core.production

    def _sign(self, body: bytes, at: int) -> str:
        if not self.enabled:
            raise ProviderUnavailable(detail="the sandbox payment platform is off")
        mac = hmac.new(_key(self.core.data_dir), f"{at}.".encode() + body, hashlib.sha256)
        return f"t={at},v1={mac.hexdigest()}"

    async def start(self, attempt: AttemptView) -> Started:
        if not self.enabled:
            raise ProviderUnavailable(detail="the sandbox payment platform is off")
        async with transaction():  # joins the caller's transaction when there is one
            await enqueue(PAY_JOB, {"attempt_id": str(attempt.id)},
                          dedup_key=f"sandbox-pay:{attempt.id}", delay_seconds=PAYS_AFTER_SECONDS)
        return Started(
            checkout={"sandbox": True, "pays_in_seconds": PAYS_AFTER_SECONDS,
                      "pay_url": f"{self.core.public_base_url}/v1/payments/{attempt.id}"},
            provider_ref=f"sbx_{str(attempt.id).replace('-', '')}",
            expires_at=attempt.expires_at,
        )

    def callback_for(self, attempt: dict[str, Any], *, at: int | None = None) -> Inbound:
        """The signed `payment.succeeded` message the sandbox sends about `attempt`."""
        at = at or int(time.time())
        body = json.dumps({
            "id": f"sbx_evt_{attempt['id']}",  # one message per attempt: redelivery dedups
            "type": "payment.succeeded",
            "provider_ref": attempt["provider_ref"],
            "reference": attempt["reference"],
            "amount": attempt["amount"],
            "created": at,
        }).encode()
        signature = self._sign(body, at)
        return Inbound(body=body, headers={"content-type": "application/json", HEADER: signature})

    def verify_callback(self, inbound: Inbound) -> None:
        if not self.enabled:
            raise _rejected("the sandbox payment platform is off")
        parts = dict(part.split("=", 1) for part in inbound.headers.get(HEADER, "").split(",")
                     if "=" in part)
        try:
            at = int(parts["t"])
        except (KeyError, ValueError):
            raise _rejected("missing or malformed Sandbox-Signature") from None
        if abs(time.time() - at) > TOLERANCE_SECONDS:
            raise _rejected("signature timestamp outside the tolerance")
        expected = self._sign(inbound.body, at).split("v1=", 1)[1]
        if not hmac.compare_digest(expected, parts.get("v1", "")):
            raise _rejected("signature does not match")

    def parse_event(self, inbound: Inbound) -> list[PaymentEvent]:
        try:
            body = json.loads(inbound.body)
            amount = int(body["amount"])
            message_id = str(body["id"])
        except (ValueError, KeyError, TypeError):
            raise _rejected("malformed sandbox message") from None
        if body.get("type") != "payment.succeeded":
            return []
        return [PaymentEvent(
            message_id=message_id, outcome="succeeded", amount=amount,
            reference=body.get("reference"), provider_ref=body.get("provider_ref"),
            occurred_at=dt.datetime.fromtimestamp(int(body.get("created", 0)), dt.UTC),
            kind="sandbox",
        )]

    async def fetch_status(self, attempt: AttemptView) -> PaymentEvent | None:
        return None  # nothing to ask: the sandbox's only news is the callback it sends

    async def refund(self, attempt: AttemptView, amount: int) -> Refunded:
        return Refunded(done=True, provider_ref=f"sbx_refund_{attempt.id}")

    def acknowledge(self, applied: bool) -> Acknowledgement:
        return Acknowledgement(200, {"received": True})


PROVIDER = PROVIDERS.register(SandboxProvider())
