"""Partner endpoint configuration: secrets, the partner API key, enabling and disabling."""

from __future__ import annotations

import base64
import hashlib
import secrets

from core import clock
from models.webhooks import WebhookEndpoint


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def hash_api_key(key: str) -> str:
    # Keys are 32 random bytes: a plain SHA-256 is enough, and looking up by the hash compares
    # digests rather than the secret itself, so timing reveals nothing about a stored key.
    return hashlib.sha256(key.encode()).hexdigest()


async def get(partner: str) -> dict | None:
    return await WebhookEndpoint.select().where(WebhookEndpoint.partner == partner).first()


async def inbound_secret(partner: str) -> str | None:
    """The secret the partner signs its callbacks to us with; None for an unknown partner.
    A disabled endpoint still verifies callbacks: disabling stops our sending, not theirs."""
    row = await WebhookEndpoint.select(WebhookEndpoint.inbound_secret).where(
        WebhookEndpoint.partner == partner
    ).first()
    return row["inbound_secret"] if row else None


async def partner_for_api_key(key: str) -> str | None:
    if not key:
        return None
    row = await WebhookEndpoint.select(WebhookEndpoint.partner).where(
        WebhookEndpoint.api_key_hash == hash_api_key(key)
    ).first()
    return row["partner"] if row else None


async def add(partner: str, url: str, *, signing_secret: str | None = None,
              inbound: str | None = None) -> str:
    """Create (or reconfigure) a partner endpoint; returns a new API key, shown once."""
    key = secrets.token_urlsafe(32)
    values = {
        "url": url,
        "signing_secret": signing_secret or new_secret(),
        "inbound_secret": inbound or new_secret(),
        "api_key_hash": hash_api_key(key),
    }
    existing = await get(partner)
    # Piccolo types neither columns given by name to Table(**...) nor update()'s str keys.
    if existing is None:
        await WebhookEndpoint.insert(WebhookEndpoint(partner=partner, **values))  # pyright: ignore[reportArgumentType]
    else:
        await WebhookEndpoint.update(values).where(WebhookEndpoint.partner == partner)  # pyright: ignore[reportArgumentType]
    return key


async def disable(partner: str, reason: str) -> bool:
    """Disable a still-enabled endpoint; True only for the call that disabled it (guarded)."""
    rows = await WebhookEndpoint.update(
        {WebhookEndpoint.enabled: "n", WebhookEndpoint.disabled_reason: reason[:200],
         WebhookEndpoint.disabled_at: clock.now()}
    ).where((WebhookEndpoint.partner == partner) & (WebhookEndpoint.enabled == "y")).returning(
        WebhookEndpoint.id
    )
    return bool(rows)


async def enable(partner: str) -> bool:
    rows = await WebhookEndpoint.update(
        {WebhookEndpoint.enabled: "y", WebhookEndpoint.disabled_reason: "",
         WebhookEndpoint.disabled_at: None, WebhookEndpoint.failing_since: None}
    ).where(WebhookEndpoint.partner == partner).returning(WebhookEndpoint.id)
    return bool(rows)
