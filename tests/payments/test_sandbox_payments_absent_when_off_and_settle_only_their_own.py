"""The sandbox payment platform exists only while MOTCUA_SANDBOX_PROVIDERS is on: off, its
callback route answers 404, no key file appears in the data directory and nothing it signs can
settle anything. On, its messages may only settle the sandbox's own attempts: a message signed
with the sandbox key that names a VietQR attempt's reference pays nothing."""

from __future__ import annotations

import dataclasses
import json

import pytest

from models.payments import PaymentAttempt, PaymentReceipt
from national_sync.http_target import NationalSyncSettings
from payments import registry
from payments.providers.sandbox import KEY_FILE, SandboxProvider
from tests.payment_support import dossier_awaiting_payment, dossier_state, start

SANDBOX_CALLBACK = "/v1/callbacks/payments/sandbox"


class TestWithTheSandboxOff:
    """The app as production runs it: sandbox providers off."""

    @pytest.fixture
    def settings(self, settings):
        # The portal sync needs a real target then; it is never reached by this test.
        return dataclasses.replace(settings, sandbox_providers=False, plugins=(
            NationalSyncSettings(url="http://127.0.0.1:9/dongbo"),))

    async def test_sandbox_callback_route_is_404_and_makes_no_key(self, client, settings):
        forger = SandboxProvider(dataclasses.replace(
            settings, data_dir=settings.data_dir / "elsewhere", sandbox_providers=True))
        inbound = forger.callback_for({"id": "a", "provider_ref": None,
                                       "reference": "MCABCDEFGH", "amount": 200_000})

        answer = await client.post(SANDBOX_CALLBACK, content=inbound.body,
                                   headers=inbound.headers)

        assert answer.status_code == 404
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert not (settings.data_dir / KEY_FILE).exists()
        assert registry.get("sandbox") is None
        assert registry.for_method("card", sandbox=True).name == "card"  # never stands in


async def test_sandbox_signed_message_never_settles_a_vietqr_attempt(client, settings):
    citizen, dossier = await dossier_awaiting_payment(client)
    started = await start(client, citizen, dossier["id"], "vietqr")
    assert started.status_code == 201, started.text
    payment = started.json()
    sandbox = registry.get("sandbox")
    assert isinstance(sandbox, SandboxProvider)
    inbound = sandbox.callback_for({"id": payment["id"], "provider_ref": None,
                                    "reference": payment["reference"],
                                    "amount": payment["amount"]})

    answer = await client.post(SANDBOX_CALLBACK, content=inbound.body, headers=inbound.headers)

    assert answer.status_code == 200  # received, but it is no news about a sandbox payment
    attempt = await PaymentAttempt.select().where(PaymentAttempt.id == payment["id"]).first()
    assert attempt["state"] == "pending"
    assert await PaymentReceipt.count() == 0
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "payment_requested"
    assert json.loads(inbound.body)["reference"] == payment["reference"]
