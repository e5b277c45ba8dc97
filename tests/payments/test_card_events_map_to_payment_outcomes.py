"""What the card platform says, normalised: the event id is the message id (the core deduplicates
on it), succeeded/failed/canceled/refunded become outcomes with the amount in đồng and the
PaymentIntent as provider reference; a status query is named by intent and status."""


import httpx
import pytest

from payments.provider import CallbackRejected, Inbound
from payments.providers.card import CardProvider
from tests.card_support import attempt_view, card_settings, intent_event, signed


def parse(event: dict) -> list:
    return CardProvider(card_settings()).parse_event(signed(event))


def test_succeeded_event_carries_its_id_amount_intent_and_reference():
    [event] = parse(intent_event("payment_intent.succeeded", event_id="evt_abc",
                                 amount_received=200_000))
    assert (event.message_id, event.outcome, event.amount) == ("evt_abc", "succeeded", 200_000)
    assert (event.provider_ref, event.reference) == ("pi_test123", "MC7QK2TX9A")
    assert event.occurred_at is not None


def test_the_same_event_delivered_twice_has_the_same_message_id():
    body = intent_event("payment_intent.succeeded", event_id="evt_twice")
    first, second = parse(body)[0], parse(body)[0]
    assert first.message_id == second.message_id == "evt_twice"


def test_a_declined_card_keeps_the_payment_open_with_the_decline_code():
    # The citizen may try another card on the same intent: a decline is not the end.
    [event] = parse(intent_event("payment_intent.payment_failed",
                                 last_payment_error={"code": "card_declined"},
                                 status="requires_payment_method"))
    assert (event.outcome, event.failure_reason) == ("pending", "card_declined")
    assert event.kind == "payment_intent.payment_failed"


def test_canceled_event_is_a_failure():
    [event] = parse(intent_event("payment_intent.canceled", cancellation_reason="abandoned"))
    assert (event.outcome, event.failure_reason) == ("failed", "canceled:abandoned")


def test_charge_refunded_names_the_intent_and_refunded_amount():
    charge = {"id": "ch_1", "object": "charge", "amount": 200_000, "amount_refunded": 200_000,
              "currency": "vnd", "payment_intent": "pi_test123", "metadata": {}}
    [event] = parse({"id": "evt_r", "type": "charge.refunded", "created": 1,
                     "data": {"object": charge}})
    assert (event.outcome, event.amount, event.provider_ref) == ("refunded", 200_000, "pi_test123")


def test_events_the_fee_flow_does_not_follow_are_acknowledged_not_applied():
    assert parse(intent_event("payment_intent.created")) == []
    ack = CardProvider(card_settings()).acknowledge(False)
    assert (ack.status_code, ack.body) == (200, {"received": True})


def test_an_event_in_another_currency_is_refused():
    with pytest.raises(CallbackRejected):
        parse(intent_event("payment_intent.succeeded", currency="usd"))


@pytest.mark.parametrize("body", [b"not json", b"{}", b'{"id": "evt_1", "type": "x"}', b"[]"])
def test_a_malformed_body_is_refused(body):
    with pytest.raises(CallbackRejected) as caught:
        CardProvider(card_settings()).parse_event(Inbound(body=body, headers={}))
    assert caught.value.ack.status_code == 400


def platform_answering(intent: dict) -> CardProvider:
    def answer(request: httpx.Request) -> httpx.Response:
        assert request.method == "GET" and request.url.path == f"/v1/payment_intents/{intent['id']}"
        return httpx.Response(200, json=intent)
    return CardProvider(card_settings(), transport=httpx.MockTransport(answer))


@pytest.mark.parametrize("status, extra, outcome", [
    ("succeeded", {"amount_received": 200_000}, "succeeded"),
    ("processing", {}, "pending"),
    ("requires_action", {}, "pending"),
    ("requires_payment_method", {}, "pending"),  # not paid yet
    ("requires_payment_method", {"last_payment_error": {"code": "card_declined"}}, "pending"),
    ("canceled", {"cancellation_reason": "abandoned"}, "failed"),
])
async def test_a_status_query_maps_the_intent_state(status, extra, outcome):
    intent = {"id": "pi_q1", "amount": 200_000, "currency": "vnd", "status": status,
              "metadata": {"reference": "MC7QK2TX9A"}, **extra}
    event = await platform_answering(intent).fetch_status(attempt_view(provider_ref="pi_q1"))
    assert event.outcome == outcome
    assert event.message_id == f"query:pi_q1:{status}"
    assert (event.provider_ref, event.amount) == ("pi_q1", 200_000)


async def test_an_attempt_without_an_intent_cannot_be_queried():
    assert await CardProvider(card_settings()).fetch_status(attempt_view()) is None
