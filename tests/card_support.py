"""Shared pieces of the card provider tests: an attempt as the core shows it to a provider, and
callbacks signed the way a Stripe-compatible platform signs them."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from typing import Any

from payments.provider import AttemptView, Inbound
from payments.providers.card import StripeSettings

WEBHOOK_SECRET = "whsec_motcua_card_tests"


def card_settings(api_base: str = "http://card.invalid",
                  api_key: str = "sk_test_motcua") -> StripeSettings:
    return StripeSettings(api_base=api_base, api_key=api_key, webhook_secret=WEBHOOK_SECRET)


def attempt_view(amount: int = 200_000, provider_ref: str | None = None) -> AttemptView:
    return AttemptView(id=str(uuid.uuid4()), dossier_code="G01.35-261122-0001", amount=amount,
                       reference="MC7QK2TX9A", method="card", expires_at=None,
                       provider_ref=provider_ref, beneficiary={}, purpose="MC7QK2TX9A")


def signed(event: dict[str, Any], *, secret: str = WEBHOOK_SECRET, at: int | None = None,
           extra_v1: tuple[str, ...] = ()) -> Inbound:
    body = json.dumps(event).encode()
    stamp = int(time.time()) if at is None else at
    digest = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    header = ",".join([f"t={stamp}", *(f"v1={v}" for v in extra_v1), f"v1={digest}"])
    return Inbound(body=body, headers={"stripe-signature": header,
                                       "content-type": "application/json"})


def intent_event(kind: str, intent_id: str = "pi_test123", event_id: str = "evt_test1",
                 **fields: Any) -> dict[str, Any]:
    intent = {"id": intent_id, "object": "payment_intent", "amount": 200_000,
              "currency": "vnd", "metadata": {"reference": "MC7QK2TX9A"}, **fields}
    return {"id": event_id, "object": "event", "type": kind, "created": int(time.time()),
            "data": {"object": intent}}
