"""The card provider against a real (fake) Stripe server, localstripe, run as its own process:
a created PaymentIntent paid with a test card reads back as succeeded, a declined card leaves it
payable,
a refund is made, and the webhook localstripe signs and POSTs verifies with our code and parses
to the right event. (localstripe ignores Idempotency-Key: that is tested against our own code in
test_card_platform_calls_carry_idempotency_keys_and_retry_safely.py.)"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from payments.problems import FeeAlreadyPaid
from payments.provider import CallbackRejected, Inbound
from payments.providers.card import CardProvider, StripeSettings
from tests.card_support import WEBHOOK_SECRET, attempt_view, card_settings
from tests.localstripe_support import LocalStripe, localstripe_server  # noqa: F401

DECLINED = "4000000000000341"


def provider(localstripe: LocalStripe) -> CardProvider:
    return CardProvider(card_settings(localstripe.base_url))


async def test_a_paid_intent_reads_back_as_succeeded_for_the_full_amount(localstripe):
    card = provider(localstripe)
    attempt = attempt_view(amount=200_000)
    started = await card.start(attempt)
    assert started.provider_ref.startswith("pi_")
    assert localstripe.intent(started.provider_ref)["metadata"]["attempt"] == attempt.id

    unpaid = await card.fetch_status(attempt_view(provider_ref=started.provider_ref))
    assert unpaid.outcome == "pending"  # created, nobody has entered a card yet

    assert localstripe.pay(started.provider_ref)["status"] == "succeeded"
    paid = await card.fetch_status(attempt_view(provider_ref=started.provider_ref))
    assert (paid.outcome, paid.amount) == ("succeeded", 200_000)
    assert paid.message_id == f"query:{started.provider_ref}:succeeded"


async def test_a_declined_card_reads_back_as_still_payable(localstripe):
    card = provider(localstripe)
    started = await card.start(attempt_view())
    localstripe.pay(started.provider_ref, DECLINED)
    declined = await card.fetch_status(attempt_view(provider_ref=started.provider_ref))
    assert (declined.outcome, declined.failure_reason) == ("pending", "card_declined")
    # (localstripe cannot confirm an intent again after a decline, as Stripe can; paying it
    # afterwards is tested through motcua's callback path in
    # test_card_callbacks_settle_once_and_refuse_forgeries.py.)


async def test_a_paid_intent_is_refunded_through_the_platform(localstripe):
    card = provider(localstripe)
    started = await card.start(attempt_view())
    localstripe.pay(started.provider_ref)
    refunded = await card.refund(attempt_view(provider_ref=started.provider_ref), 200_000)
    assert refunded.done and refunded.provider_ref.startswith("re_")
    with localstripe.http() as http:
        charge = localstripe.intent(started.provider_ref)["latest_charge"]
        charge_id = charge["id"] if isinstance(charge, dict) else charge
        assert http.get(f"/v1/charges/{charge_id}").json()["refunded"] is True


async def test_an_unpaid_intent_is_cancelled(localstripe):
    card = provider(localstripe)
    attempt = attempt_view()
    started = await card.start(attempt)
    assert await card.cancel(attempt_view(provider_ref=started.provider_ref))
    assert localstripe.intent(started.provider_ref)["status"] == "canceled"
    assert await card.cancel(attempt_view(provider_ref=started.provider_ref))  # again: done


async def test_a_paid_intent_is_not_cancelled(localstripe):
    card = provider(localstripe)
    started = await card.start(attempt_view())
    localstripe.pay(started.provider_ref)
    with pytest.raises(FeeAlreadyPaid):
        await card.cancel(attempt_view(provider_ref=started.provider_ref))
    assert localstripe.intent(started.provider_ref)["status"] == "succeeded"


class Inbox:
    """An HTTP endpoint localstripe can POST webhooks to; keeps body and headers."""

    def __init__(self) -> None:
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append(Inbound(body=body, headers={k.lower(): v for k, v in
                                                            self.headers.items()}))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, kind: str, intent_id: str, timeout: float = 15) -> Inbound:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for inbound in self.received:
                event = json.loads(inbound.body)
                if event["type"] == kind and event["data"]["object"].get("id") == intent_id:
                    return inbound
            time.sleep(0.1)
        raise AssertionError(f"no {kind} webhook for {intent_id} within {timeout} s")


@pytest.fixture
def inbox(localstripe):
    box = Inbox()
    localstripe.register_webhook("card-tests", box.url, WEBHOOK_SECRET)
    yield box
    box.server.shutdown()
    box.server.server_close()
    # Later webhooks must not go to a closed server: point the hook at nothing useful.
    localstripe.register_webhook("card-tests", "http://127.0.0.1:9/gone", WEBHOOK_SECRET)


async def test_localstripes_signed_webhook_verifies_and_parses(localstripe, inbox):
    card = provider(localstripe)
    attempt = attempt_view(amount=150_000)
    started = await card.start(attempt)
    localstripe.pay(started.provider_ref)

    inbound = inbox.wait_for("payment_intent.succeeded", started.provider_ref)
    card.verify_callback(inbound)
    [event] = card.parse_event(inbound)
    assert event.outcome == "succeeded" and event.amount == 150_000
    assert event.provider_ref == started.provider_ref
    assert event.message_id == json.loads(inbound.body)["id"]
    assert event.message_id.startswith("evt_")

    # The same delivery under another secret is not ours.
    other = CardProvider(StripeSettings(api_key="sk_test_motcua",
                                       webhook_secret="whsec_other"))
    with pytest.raises(CallbackRejected):
        other.verify_callback(inbound)


async def test_localstripes_decline_webhook_keeps_the_payment_open(localstripe, inbox):
    card = provider(localstripe)
    started = await card.start(attempt_view())
    localstripe.pay(started.provider_ref, DECLINED)
    inbound = inbox.wait_for("payment_intent.payment_failed", started.provider_ref)
    card.verify_callback(inbound)
    [event] = card.parse_event(inbound)
    assert (event.outcome, event.failure_reason) == ("pending", "card_declined")
    assert event.provider_ref == started.provider_ref
