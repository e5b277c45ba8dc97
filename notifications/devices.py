"""A citizen's phones. Registering is idempotent on (platform, token): the same token registers
again as an update (and is active again); a token now used by another person — the phone changed
hands, or another account signed in on it — moves to that person."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from core import clock
from core.db import transaction
from core.problems import NotFound
from models.notifications import Device


def token_key(platform: str, token: str) -> str:
    return hashlib.sha256(f"{platform}:{token}".encode()).hexdigest()


def view(row: dict[str, Any]) -> dict[str, Any]:
    """What the API shows: never the token."""
    return {"id": str(row["id"]), "platform": row["platform"], "app_version": row["app_version"],
            "locale": row["locale"], "active": row["active"],
            "registered_at": row["registered_at"], "updated_at": row["updated_at"]}


async def register(person_id: uuid.UUID, platform: str, token: str, app_version: str,
                   locale: str) -> tuple[dict[str, Any], bool]:
    """Returns (device, created)."""
    key = token_key(platform, token)
    at = clock.now()
    async with transaction():
        existing = await Device.select(Device.id).where(Device.token_key == key).first()
        if existing is None:
            await Device.insert(Device(
                person=person_id, platform=platform, token=token, token_key=key,
                app_version=app_version, locale=locale, registered_at=at, updated_at=at,
            )).on_conflict(target=Device.token_key, action="DO NOTHING")
        else:
            await Device.update({
                Device.person: person_id, Device.app_version: app_version,
                Device.locale: locale, Device.active: True, Device.deactivated_at: None,
                Device.deactivated_reason: "", Device.updated_at: at,
            }).where(Device.token_key == key)
        row = await Device.select().where(Device.token_key == key).first()
        assert row is not None  # inserted or updated above
    return row, existing is None


async def remove(person_id: uuid.UUID, device_id: uuid.UUID) -> None:
    """Unregister one of the person's own devices; another's is "not found"."""
    changed = await Device.update({
        Device.active: False, Device.deactivated_at: clock.now(),
        Device.deactivated_reason: "removed",
    }).where((Device.id == device_id) & (Device.person == person_id)).returning(Device.id)
    if not changed:
        raise NotFound()
