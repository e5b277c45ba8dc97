"""The sandbox push provider, for embedded mode and development: it sends nothing, it records what
would have been sent (in memory, for this process) so tests and the development UI can show it.

It answers for both platforms, so one registered sandbox device of either kind works. The push job
prefers a configured real provider and falls back to this one only in embedded mode."""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass

from notifications.push import (
    PROVIDERS,
    DeviceView,
    Platform,
    PushMessage,
    PushProviderDefaults,
    PushResult,
)

log = logging.getLogger("motcua.notifications.sandbox")

KEEP = 500  # the newest pushes kept; older ones fall off the ring


@dataclass(frozen=True)
class SandboxPush:
    device_id: str
    platform: str
    message: PushMessage


_sent: deque[SandboxPush] = deque(maxlen=KEEP)


class SandboxPushProvider(PushProviderDefaults):
    # Configured always; whether it may stand in is the push job's decision (provider_for).
    name = "sandbox"
    platform: Platform = "fcm"  # nominal: the sandbox stands in for every platform

    async def send(self, device: DeviceView, message: PushMessage) -> PushResult:
        _sent.append(SandboxPush(device.id, device.platform, message))
        # The device id, never its token: a push token is a credential for that phone.
        log.info("sandbox push %s to device %s (%s)", message.kind, device.id, device.platform)
        return PushResult("sent")


def sent(device_id: str | None = None) -> list[SandboxPush]:
    """What the sandbox 'sent', oldest first; only one device's when device_id is given."""
    return [push for push in _sent if device_id is None or push.device_id == device_id]


def clear() -> None:
    _sent.clear()


provider = PROVIDERS.register(SandboxPushProvider())
