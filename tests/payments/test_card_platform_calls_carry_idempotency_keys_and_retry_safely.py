"""Calls to the card platform: a PaymentIntent in whole đồng (VND is zero-decimal) keyed by
`Idempotency-Key: attempt-<id>`, so a retried or repeated start can never create a second charge;
only GETs and keyed POSTs are sent again after a failure."""

from urllib.parse import parse_qsl

import httpx
import pytest

from payments.problems import ProviderUnavailable
from payments.providers.card import CardProvider
from payments.stripe_api import StripeClient, StripeError
from tests.card_support import attempt_view, card_settings

INTENT = {"id": "pi_new1", "amount": 200_000, "currency": "vnd",
          "client_secret": "pi_new1_secret_x", "status": "requires_payment_method"}


class Platform:
    """Records every request; answers from a script (status codes), then with `body`."""

    def __init__(self, body: dict, script: tuple = ()) -> None:
        self.body, self.script, self.requests = body, list(script), []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.script:
            step = self.script.pop(0)
            if step == "drop":
                raise httpx.ConnectError("connection reset", request=request)
            return httpx.Response(step, json={"error": {"type": "api_error"}})
        return httpx.Response(200, json=self.body)

    def provider(self) -> CardProvider:
        return CardProvider(card_settings(), transport=httpx.MockTransport(self))

    def client(self) -> StripeClient:
        return StripeClient("http://card.invalid", "sk_test", transport=httpx.MockTransport(self),
                            backoff=0)


def form(request: httpx.Request) -> list[tuple[str, str]]:
    return parse_qsl(request.content.decode())


async def test_start_creates_a_vnd_intent_keyed_by_the_attempt():
    platform = Platform(INTENT)
    attempt = attempt_view(amount=200_000)
    started = await platform.provider().start(attempt)

    [request] = platform.requests
    assert (request.method, request.url.path) == ("POST", "/v1/payment_intents")
    assert request.headers["Idempotency-Key"] == f"attempt-{attempt.id}"
    assert request.headers["Authorization"] == "Bearer sk_test_motcua"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    sent = form(request)
    assert ("amount", "200000") in sent and ("currency", "vnd") in sent
    assert ("payment_method_types[]", "card") in sent
    assert ("metadata[attempt]", attempt.id) in sent
    assert ("metadata[dossier_code]", attempt.dossier_code) in sent
    assert started.provider_ref == "pi_new1" and started.state == "pending"
    assert started.checkout["client_secret"] == "pi_new1_secret_x"
    assert started.checkout["payment_intent"] == "pi_new1"


async def test_starting_the_same_attempt_twice_sends_the_same_key():
    platform = Platform(INTENT)
    attempt = attempt_view()
    await platform.provider().start(attempt)
    await platform.provider().start(attempt)
    keys = {r.headers["Idempotency-Key"] for r in platform.requests}
    assert keys == {f"attempt-{attempt.id}"}


async def test_a_keyed_post_is_retried_with_its_key_after_a_server_error_and_a_drop():
    platform = Platform(INTENT, script=(500, "drop"))
    attempt = attempt_view()
    started = await CardProvider(card_settings(), transport=httpx.MockTransport(platform)).start(
        attempt)
    assert started.provider_ref == "pi_new1"
    assert len(platform.requests) == 3
    assert {r.headers["Idempotency-Key"] for r in platform.requests} == {f"attempt-{attempt.id}"}


async def test_an_unkeyed_post_is_sent_once():
    platform = Platform({}, script=(503,))
    with pytest.raises(StripeError):
        await platform.client().post("/v1/anything", {"a": 1})
    assert len(platform.requests) == 1


async def test_a_get_is_retried():
    platform = Platform({"id": "pi_1"}, script=("drop", 502))
    assert (await platform.client().get("/v1/payment_intents/pi_1"))["id"] == "pi_1"
    assert len(platform.requests) == 3


async def test_a_refused_request_is_not_retried():
    platform = Platform({}, script=(400,))
    with pytest.raises(StripeError) as caught:
        await platform.client().post("/v1/refunds", {"a": 1}, idempotency_key="k")
    assert caught.value.status == 400 and len(platform.requests) == 1


async def test_an_unreachable_platform_makes_start_unavailable():
    platform = Platform(INTENT, script=("drop", "drop", "drop"))
    with pytest.raises(ProviderUnavailable):
        await platform.provider().start(attempt_view())


async def test_an_intent_for_another_amount_is_not_handed_to_the_app():
    platform = Platform({**INTENT, "amount": 20_000})
    with pytest.raises(ProviderUnavailable):
        await platform.provider().start(attempt_view(amount=200_000))


async def test_refund_is_keyed_by_the_attempt_and_names_the_intent():
    platform = Platform({"id": "re_1", "status": "succeeded", "amount": 200_000})
    attempt = attempt_view(provider_ref="pi_paid")
    refunded = await platform.provider().refund(attempt, 200_000)
    [request] = platform.requests
    assert request.url.path == "/v1/refunds"
    assert request.headers["Idempotency-Key"] == f"refund-{attempt.id}"
    assert ("payment_intent", "pi_paid") in form(request) and ("amount", "200000") in form(request)
    assert (refunded.done, refunded.provider_ref) == (True, "re_1")


async def test_a_refund_the_platform_refuses_becomes_a_manual_order():
    platform = Platform({}, script=(400,))
    refunded = await platform.provider().refund(attempt_view(provider_ref="pi_paid"), 200_000)
    assert refunded.done is False


async def test_a_stored_intent_id_cannot_add_path_segments():
    platform = Platform({"id": "x", "status": "processing", "amount": 1, "currency": "vnd"})
    await platform.provider().fetch_status(attempt_view(provider_ref="../v1/refunds"))
    assert platform.requests[0].url.raw_path == b"/v1/payment_intents/..%2Fv1%2Frefunds"
