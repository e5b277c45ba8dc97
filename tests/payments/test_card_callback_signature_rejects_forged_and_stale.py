"""A card callback counts only when its Stripe-Signature is the HMAC-SHA256 of `t.body` under our
secret and `t` is within 300 s; anything else is refused with 400 before anything is read."""

import time

import pytest

from payments.provider import CallbackRejected, Inbound
from payments.providers.card import CardProvider, StripeSettings
from tests.card_support import card_settings, intent_event, signed

EVENT = intent_event("payment_intent.succeeded", amount_received=200_000)


def provider() -> CardProvider:
    return CardProvider(card_settings())


def rejected(inbound: Inbound, card: CardProvider | None = None) -> CallbackRejected:
    with pytest.raises(CallbackRejected) as caught:
        (card or provider()).verify_callback(inbound)
    assert caught.value.ack.status_code == 400
    return caught.value


def test_a_correctly_signed_callback_verifies():
    provider().verify_callback(signed(EVENT))


def test_one_good_signature_among_several_verifies():
    provider().verify_callback(signed(EVENT, extra_v1=("00" * 32, "ab" * 32)))


def test_a_signature_made_with_another_secret_is_refused():
    assert "signature" in rejected(signed(EVENT, secret="whsec_someone_else")).reason


def test_a_changed_body_is_refused():
    good = signed(EVENT)
    forged = Inbound(body=good.body.replace(b"200000", b"2000000"), headers=good.headers)
    rejected(forged)


def test_a_timestamp_older_than_five_minutes_is_refused():
    assert "timestamp" in rejected(signed(EVENT, at=int(time.time()) - 301)).reason


def test_a_timestamp_from_the_future_is_refused():
    rejected(signed(EVENT, at=int(time.time()) + 301))


def test_a_replayed_timestamp_cannot_be_moved_forward():
    old = signed(EVENT, at=int(time.time()) - 600)
    header = old.headers["stripe-signature"]
    moved = header.replace(header.split(",")[0], f"t={int(time.time())}")
    rejected(Inbound(body=old.body, headers={"stripe-signature": moved}))


@pytest.mark.parametrize("header", ["", "t=abc,v1=00", f"t={int(time.time())}", "v1=" + "0" * 64,
                                    "garbage", f"t={int(time.time())},v1=é" + "0" * 63],
                         # Named, not shown: a parallel run's workers must collect the same ids.
                         ids=["empty", "bad time", "no signature", "no time", "garbage",
                              "non-ascii signature"])
def test_a_missing_or_malformed_header_is_refused(header):
    rejected(Inbound(body=signed(EVENT).body, headers={"stripe-signature": header}))


def test_without_a_configured_secret_every_callback_is_refused():
    card = CardProvider(StripeSettings(api_key="sk_test_motcua"))
    rejected(signed(EVENT), card)
