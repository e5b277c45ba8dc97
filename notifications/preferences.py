"""What a citizen muted. Muting silences the phone only: the inbox still records the notice, so
nothing that happened to a dossier is ever missing from the app. Legally required kinds cannot be
muted at all."""

from __future__ import annotations

import uuid

from core.problems import ValidationFailed
from models.notifications import NotificationPreference
from notifications.kinds import mutable
from notifications.templates import KINDS


async def muted_kinds(person_id: uuid.UUID | str) -> set[str]:
    rows = await NotificationPreference.select(NotificationPreference.kind).where(
        (NotificationPreference.person == person_id) & (NotificationPreference.muted == True)  # noqa: E712
    )
    return {row["kind"] for row in rows}


async def listing(person_id: uuid.UUID | str) -> list[dict]:
    muted = await muted_kinds(person_id)
    return [{"kind": kind, "muted": kind in muted and mutable(kind), "mutable": mutable(kind)}
            for kind in KINDS]


async def update(person_id: uuid.UUID | str, changes: list[tuple[str, bool]]) -> list[dict]:
    """Apply [(kind, muted)]; all or nothing."""
    errors = []
    for index, (kind, muted) in enumerate(changes):
        if kind not in KINDS:
            errors.append({"pointer": f"/preferences/{index}/kind", "detail": "Unknown kind"})
        elif muted and not mutable(kind):
            errors.append({"pointer": f"/preferences/{index}/muted",
                           "detail": "A legally required notice cannot be muted"})
    if errors:
        raise ValidationFailed(extra={"errors": errors})
    for kind, muted in changes:
        await NotificationPreference.insert(NotificationPreference(
            person=person_id, pref_key=f"{person_id}:{kind}", kind=kind, muted=muted,
        )).on_conflict(target=NotificationPreference.pref_key, action="DO UPDATE",
                       values=[NotificationPreference.muted])
    return await listing(person_id)
