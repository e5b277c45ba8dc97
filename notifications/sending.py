"""The push job: one queued PushDelivery to one device, sent at most once.

The provider is the configured real one for the device's platform (FCM, APNs); in embedded mode
with sandbox providers on and no real one configured, the sandbox records it instead. The outcome
decides: sent → marked sent; unregistered → the device is deactivated (unless it was registered
again after this push was queued: the token is alive again); retry → RetryLater, honouring the
service's Retry-After; drop → marked dropped with the error code."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from core import clock
from jobs.spec import RetryLater, RetryPolicy
from models.notifications import Device, PushDelivery
from notifications import settings_hook
from notifications.push import PROVIDERS, DeviceView, PushMessage, PushProvider

log = logging.getLogger("motcua.notifications.push")

RETRY = RetryPolicy(max_attempts=12, base_seconds=5.0, max_delay_seconds=1800.0)


def provider_for(platform: str, settings: Any) -> PushProvider | None:
    for provider in PROVIDERS:
        if provider.name != "sandbox" and provider.platform == platform and provider.configured:
            return provider
    if settings.sandbox_providers and not settings.production:
        return PROVIDERS.find("sandbox")
    return None


async def _mark(delivery_id: Any, **values: Any) -> None:
    await PushDelivery.update({getattr(PushDelivery, k): v for k, v in values.items()}).where(
        (PushDelivery.id == delivery_id) & (PushDelivery.state == "queued"))


async def deactivate(device: dict[str, Any], queued_at: dt.datetime, reason: str) -> bool:
    """Deactivate unless the device was (re-)registered after the push was queued."""
    changed = await Device.update({
        Device.active: False, Device.deactivated_at: clock.now(), Device.deactivated_reason: reason,
    }).where((Device.id == device["id"]) & (Device.updated_at <= queued_at)
             & (Device.active == True)).returning(Device.id)  # noqa: E712
    return bool(changed)


# One read for the delivery, its device and its notification: the push is on the path from an
# officer's action to the phone, so it costs as few round trips as it can.
_JOINED = (
    PushDelivery.id, PushDelivery.state, PushDelivery.title, PushDelivery.body,
    PushDelivery.attempts, PushDelivery.queued_at, PushDelivery.device,
    PushDelivery.device.active.as_alias("device_active"),
    PushDelivery.device.platform.as_alias("platform"),
    PushDelivery.device.token.as_alias("token"),
    PushDelivery.device.locale.as_alias("locale"),
    PushDelivery.notification.id.as_alias("notification_id"),
    PushDelivery.notification.kind.as_alias("kind"),
    PushDelivery.notification.dossier_id.as_alias("dossier_id"),
)


async def handle(payload: dict[str, Any]) -> None:
    delivery = await PushDelivery.select(*_JOINED).where(
        PushDelivery.id == payload["delivery_id"]).first()
    if delivery is None or delivery["state"] != "queued":
        return  # already sent or dropped: never push twice
    device = {"id": delivery["device"], "platform": delivery["platform"],
              "token": delivery["token"], "locale": delivery["locale"]}
    if not delivery["device_active"]:
        await _mark(delivery["id"], state="dropped", last_error="device_inactive")
        return
    provider = provider_for(device["platform"], settings_hook.current())
    if provider is None:
        log.error("push %s dropped: no provider for %s", delivery["id"], device["platform"])
        await _mark(delivery["id"], state="dropped", last_error="no_provider")
        return
    message = PushMessage(
        title=delivery["title"], body=delivery["body"], kind=delivery["kind"],
        data={"notification_id": str(delivery["notification_id"]),
              **({"dossier_id": str(delivery["dossier_id"])} if delivery["dossier_id"] else {})},
        # Per notification: a push re-sent after a worker died mid-send replaces the first on the
        # phone instead of showing twice.
        collapse_key=str(delivery["notification_id"]),
    )
    view = DeviceView(id=str(device["id"]), platform=device["platform"], token=device["token"],
                      locale=device["locale"])
    attempts = delivery["attempts"] + 1
    await PushDelivery.update({PushDelivery.attempts: attempts, PushDelivery.provider:
                               provider.name}).where(PushDelivery.id == delivery["id"])
    result = await provider.send(view, message)
    code = result.detail[:64]
    if result.outcome == "sent":
        await _mark(delivery["id"], state="sent", sent_at=clock.now(), last_error="")
    elif result.outcome == "unregistered":
        await _mark(delivery["id"], state="dropped", last_error=code or "unregistered")
        if await deactivate(device, delivery["queued_at"], "unregistered"):
            log.info("device %s deactivated: its token is no longer registered", device["id"])
    elif result.outcome == "retry":
        await PushDelivery.update({PushDelivery.last_error: code or "retry"}).where(
            PushDelivery.id == delivery["id"])
        raise RetryLater(result.retry_after if result.retry_after is not None
                         else RETRY.delay(attempts), f"push {result.detail or 'retry'}")
    else:
        log.warning("push %s dropped by %s: %s", delivery["id"], provider.name, code)
        await _mark(delivery["id"], state="dropped", last_error=code or "dropped")
