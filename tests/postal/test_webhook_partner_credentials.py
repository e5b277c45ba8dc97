"""A partner's credentials: its API key identifies it (and only it), a new key replaces the old
one, and the inbound secret its callbacks are verified with is known only for known partners."""

from __future__ import annotations

from models.webhooks import WebhookEndpoint
from postal.webhooks import endpoints, inbound_secret, partner_for_api_key


async def test_api_key_names_its_partner_and_a_new_key_replaces_the_old(db):
    vnpost_key = await endpoints.add("vnpost", "https://vnpost.example/hooks")
    other_key = await endpoints.add("ghn", "https://ghn.example/hooks")

    assert await partner_for_api_key(vnpost_key) == "vnpost"
    assert await partner_for_api_key(other_key) == "ghn"
    assert await partner_for_api_key(vnpost_key + "x") is None
    assert await partner_for_api_key("") is None
    stored = await WebhookEndpoint.select(WebhookEndpoint.api_key_hash).where(
        WebhookEndpoint.partner == "vnpost").first()
    assert vnpost_key not in stored["api_key_hash"]  # only a hash is kept

    new_key = await endpoints.add("vnpost", "https://vnpost.example/v2/hooks")
    assert await partner_for_api_key(new_key) == "vnpost"
    assert await partner_for_api_key(vnpost_key) is None


async def test_inbound_secret_is_known_for_configured_partners_only(db):
    await endpoints.add("vnpost", "https://vnpost.example/hooks", inbound="whsec_" + "A" * 32)
    assert await inbound_secret("vnpost") == "whsec_" + "A" * 32
    assert await inbound_secret("nobody") is None
    await endpoints.disable("vnpost", "maintenance")
    assert await inbound_secret("vnpost") == "whsec_" + "A" * 32  # callbacks still verified
