"""The sandbox platform: its callbacks are signed and checked like a real gateway's; it stands in
only for a platform that is not configured, only with the sandbox on, and never in production."""

from __future__ import annotations

import dataclasses
import json
import time

import pytest

from core.settings import ConfigurationError, Settings, load_settings
from payments import registry
from payments.problems import ProviderUnavailable
from payments.provider import AttemptView, CallbackRejected, Inbound
from payments.providers.card import StripeSettings
from payments.providers.national import NationalPaySettings
from payments.providers.sandbox import SandboxProvider

ATTEMPT = {"id": "5a1c7d2e-0000-4000-8000-000000000001", "provider_ref": "sbx_1",
           "reference": "MCABCDEFGH", "amount": 200_000}


@pytest.fixture
def sandbox(tmp_path) -> SandboxProvider:
    return SandboxProvider(Settings(data_dir=tmp_path))


def test_signed_sandbox_callback_verifies_and_reads_as_a_success(sandbox):
    inbound = sandbox.callback_for(ATTEMPT)

    sandbox.verify_callback(inbound)
    [event] = sandbox.parse_event(inbound)

    assert event.outcome == "succeeded" and event.amount == 200_000
    assert (event.reference, event.provider_ref) == ("MCABCDEFGH", "sbx_1")
    assert event.message_id == sandbox.parse_event(sandbox.callback_for(ATTEMPT))[0].message_id


def test_a_worker_with_the_same_data_dir_signs_alike(sandbox, tmp_path):
    other_process = SandboxProvider(Settings(data_dir=tmp_path))
    other_process.verify_callback(sandbox.callback_for(ATTEMPT))


def tampered(inbound: Inbound, **changes) -> Inbound:
    body = {**json.loads(inbound.body), **changes}
    return Inbound(body=json.dumps(body).encode(), headers=inbound.headers)


@pytest.mark.parametrize("make", [
    lambda s, tmp: tampered(s.callback_for(ATTEMPT), amount=1),
    lambda s, tmp: Inbound(body=s.callback_for(ATTEMPT).body, headers={}),
    lambda s, tmp: s.callback_for(ATTEMPT, at=int(time.time()) - 3600),
    lambda s, tmp: SandboxProvider(Settings(data_dir=tmp / "elsewhere")).callback_for(ATTEMPT),
], ids=["tampered-amount", "unsigned", "stale", "other-key"])
def test_forged_or_stale_sandbox_callback_is_rejected(sandbox, tmp_path, make):
    with pytest.raises(CallbackRejected) as rejected:
        sandbox.verify_callback(make(sandbox, tmp_path))
    assert rejected.value.ack.status_code == 400


def _card_settings(settings: Settings, configured: bool) -> Settings:
    if not configured:
        return dataclasses.replace(settings, plugins=(StripeSettings(),))
    return dataclasses.replace(settings, plugins=(StripeSettings(
        api_base="http://127.0.0.1:8420", api_key="sk_test_x", webhook_secret="whsec_x"),))


@pytest.fixture
def configure_providers(tmp_path):
    """Point the registered providers at given settings; back to the environment afterwards."""
    def apply(settings: Settings) -> None:
        registry.configure(settings)

    yield apply
    registry.configure(load_settings())


def test_sandbox_stands_in_for_card_and_national_only_when_not_configured(configure_providers,
                                                                          tmp_path):
    configure_providers(_card_settings(Settings(data_dir=tmp_path), configured=False))
    assert registry.for_method("card", sandbox=True).name == "sandbox"
    assert registry.for_method("national", sandbox=True).name == "sandbox"
    assert registry.for_method("vietqr", sandbox=True).name == "vietqr"

    card = _card_settings(Settings(data_dir=tmp_path), configured=True)
    configure_providers(dataclasses.replace(card, plugins=(*card.plugins, NationalPaySettings(
        url="http://127.0.0.1:9", partner_code="P", secret="s"))))
    assert registry.for_method("card", sandbox=True).name == "card"
    assert registry.for_method("national", sandbox=True).name == "national"


def test_without_the_sandbox_an_unconfigured_platform_is_never_replaced(configure_providers,
                                                                        tmp_path):
    configure_providers(_card_settings(Settings(data_dir=tmp_path), configured=False))
    assert registry.for_method("card", sandbox=False).name == "card"
    assert registry.for_method("national", sandbox=False).name == "national"
    assert registry.for_method("sandbox", sandbox=True) is None


def test_production_refuses_the_sandbox(tmp_path):
    with pytest.raises(ConfigurationError, match="sandbox"):
        Settings(app_env="production", sandbox_providers=True, data_dir=tmp_path).check()


async def test_sandbox_never_starts_a_payment_in_production(tmp_path):
    production = SandboxProvider(Settings(app_env="production", sandbox_providers=False,
                                          data_dir=tmp_path))
    view = AttemptView(id=ATTEMPT["id"], dossier_code="X", amount=200_000,
                       reference="MCABCDEFGH", method="card", expires_at=None, provider_ref=None,
                       beneficiary={}, purpose="MCABCDEFGH")
    with pytest.raises(ProviderUnavailable):
        await production.start(view)


async def test_sandbox_refund_is_done_at_once(sandbox):
    view = AttemptView(id=ATTEMPT["id"], dossier_code="X", amount=200_000,
                       reference="MCABCDEFGH", method="card", expires_at=None,
                       provider_ref="sbx_1", beneficiary={}, purpose="MCABCDEFGH")
    assert (await sandbox.refund(view, 200_000)).done is True
