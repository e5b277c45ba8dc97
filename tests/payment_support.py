"""A fake payment provider for the payment core's tests, registered under its own method so the
core is exercised without any real provider; plus dossier set-up through the public API.

    from tests.payment_support import fakepay_fixture  # noqa: F401 - the `fakepay` fixture

    async def test_x(client, fakepay): ...
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from payments import registry
from payments.provider import (
    Acknowledgement,
    AttemptView,
    CallbackRejected,
    Inbound,
    PaymentEvent,
    ProviderDefaults,
    Refunded,
    Started,
    refused,
)
from tests.dossier_factories import (
    JUDICIAL,
    act,
    citizen_headers,
    officer_headers,
    submitted_dossier,
)

METHOD = "fakepay"  # the fake gateway's name (its callback path)
# The methods it stands in for while a test runs: apps may only ask for the documented methods.
GATEWAY_METHOD = "card"
QR_METHOD = "vietqr"
SIGNATURE = "x-fake-signature"


@dataclass
class FakeProvider(ProviderDefaults):
    name: str = METHOD
    methods: tuple[str, ...] = (GATEWAY_METHOD, QR_METHOD)
    starts: list[AttemptView] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    statuses: dict[str, PaymentEvent] = field(default_factory=dict)  # attempt id → query answer
    refund_done: bool = True
    refunds: list[tuple[str, int]] = field(default_factory=list)
    route: str = "platform"  # the platform refunds by itself (payments/refunds.py)

    def refund_route(self, method: str) -> str:
        return self.route

    async def start(self, attempt: AttemptView) -> Started:
        self.starts.append(attempt)
        checkout = {"pay_url": f"https://fake.example/pay/{attempt.id}"}
        if attempt.method == QR_METHOD:  # shown as a QR code, like a bank transfer
            checkout["qr_payload"] = f"FAKEQR|{attempt.purpose}|{attempt.amount}"
        return Started(checkout=checkout,
                       provider_ref=f"fp_{attempt.id}")

    async def cancel(self, attempt: AttemptView) -> bool:
        self.cancelled.append(attempt.id)
        return True

    def verify_callback(self, inbound: Inbound) -> None:
        if inbound.headers.get(SIGNATURE) != "good":
            raise CallbackRejected("bad signature", refused(401))

    def parse_event(self, inbound: Inbound) -> list[PaymentEvent]:
        body = json.loads(inbound.body)
        return [PaymentEvent(message_id=body["id"], outcome=body["outcome"],
                             amount=body.get("amount"), reference=body.get("reference"),
                             provider_ref=body.get("provider_ref"), kind="fake")]

    async def fetch_status(self, attempt: AttemptView) -> PaymentEvent | None:
        return self.statuses.get(attempt.id)

    async def refund(self, attempt: AttemptView, amount: int) -> Refunded:
        self.refunds.append((attempt.id, amount))
        return Refunded(done=self.refund_done, provider_ref=f"rf_{attempt.id}")

    def acknowledge(self, applied: bool) -> Acknowledgement:
        return Acknowledgement(200, {"received": applied})


@pytest.fixture(name="fakepay")
def fakepay_fixture(monkeypatch):
    registry.PROVIDERS.names()  # the real plugins load first, whatever this test registers
    provider = FakeProvider()
    registry.PROVIDERS.register(provider)
    real = registry.for_method

    def chosen(method: str, *, sandbox: bool):
        return provider if method in provider.methods else real(method, sandbox=sandbox)

    monkeypatch.setattr(registry, "for_method", chosen)
    try:
        yield provider
    finally:
        registry.PROVIDERS.unregister(METHOD)


LISTENER = "tests.payment_listener"


@pytest.fixture(name="payment_topics")
def payment_topics_fixture(monkeypatch):
    """Every payment.* topic also goes to a listener job, so tests can read what was published."""
    from jobs import publish

    real = publish.subscribers
    monkeypatch.setattr(publish, "subscribers", lambda topic: real(topic) + (
        [LISTENER] if topic.startswith("payment.") else []))


async def published(topic: str) -> list[dict[str, Any]]:
    from models.jobs import OutboxEvent

    rows = await OutboxEvent.select(OutboxEvent.payload).where(OutboxEvent.job == LISTENER)
    payloads = [json.loads(r["payload"]) if isinstance(r["payload"], str) else r["payload"]
                for r in rows]
    return [p for p in payloads if p["topic"] == topic]


async def dossier_awaiting_payment(client: httpx.AsyncClient) -> tuple[dict[str, str], dict]:
    """A citizen's judicial-record dossier (200,000 đ online) in state payment_requested (6)."""
    citizen = await citizen_headers(client)
    dossier = await submitted_dossier(client, citizen, JUDICIAL)
    officer = await officer_headers(client, JUDICIAL)
    for action in ("receive", "request_payment"):
        done = await act(client, officer, dossier["id"], action)
        assert done.status_code == 200, done.text
    return citizen, dossier


async def start(client: httpx.AsyncClient, headers: dict[str, str], dossier_id: str,
                method: str = GATEWAY_METHOD) -> httpx.Response:
    return await client.post(f"/v1/dossiers/{dossier_id}/payments", json={"method": method},
                             headers=headers)


async def callback(client: httpx.AsyncClient, event: dict[str, Any],
                   signature: str = "good") -> httpx.Response:
    return await client.post(f"/v1/callbacks/payments/{METHOD}", content=json.dumps(event),
                             headers={SIGNATURE: signature, "content-type": "application/json"})


def paid(payment: dict[str, Any], message_id: str = "evt-1", **over: Any) -> dict[str, Any]:
    """A success callback for `payment` (the provider's ref and the exact amount)."""
    return {"id": message_id, "outcome": "succeeded", "amount": payment["amount"],
            "provider_ref": f"fp_{payment['id']}", **over}


async def dossier_state(client: httpx.AsyncClient, headers: dict[str, str],
                        dossier_id: str) -> dict[str, Any]:
    answer = await client.get(f"/v1/dossiers/{dossier_id}", headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()
