"""Reading the inbox: newest first (by `created_at`, when what a notice tells of happened: see
notifications.inbox.notify), seeking on (created_at, id) with an opaque cursor."""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from typing import Any

from piccolo.columns.combination import Or

from core import clock
from core.problems import NotFound, ValidationFailed
from models.notifications import Notification


def encode_cursor(row: dict[str, Any]) -> str:
    raw = json.dumps([row["created_at"].isoformat(), str(row["id"])]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, uuid.UUID]:
    try:
        at, ident = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return dt.datetime.fromisoformat(at), uuid.UUID(ident)
    except (ValueError, TypeError) as exc:
        raise ValidationFailed(extra={"errors": [{"pointer": "/cursor",
                                                  "detail": "Unknown cursor"}]}) from exc


async def unread_count(person_id: Any) -> int:
    return await Notification.count().where(
        (Notification.person == person_id) & Notification.read_at.is_null())


async def page(person_id: Any, cursor: str | None, limit: int) -> dict[str, Any]:
    query = Notification.select().where(Notification.person == person_id)
    if cursor:
        at, ident = decode_cursor(cursor)
        query = query.where(Or(Notification.created_at < at,
                               (Notification.created_at == at) & (Notification.id < ident)))
    rows = await (query.order_by(Notification.created_at, ascending=False)
                  .order_by(Notification.id, ascending=False).limit(limit + 1)
                  .output(load_json=True))
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": [_item(row) for row in rows],
            "next_cursor": encode_cursor(rows[-1]) if more else None,
            "unread_count": await unread_count(person_id)}


def _item(row: dict[str, Any]) -> dict[str, Any]:
    dossier_id = str(row["dossier_id"]) if row["dossier_id"] else None
    return {"id": str(row["id"]), "kind": row["kind"], "title": row["title"],
            "body": row["body"], "dossier_id": dossier_id, "data": row["data"],
            "created_at": row["created_at"], "read": row["read_at"] is not None,
            "read_at": row["read_at"]}


async def mark_read(person_id: Any, notification_id: uuid.UUID) -> dict[str, Any]:
    row = await Notification.select(Notification.id, Notification.read_at).where(
        (Notification.id == notification_id) & (Notification.person == person_id)).first()
    if row is None:
        raise NotFound()
    if row["read_at"] is None:
        await Notification.update({Notification.read_at: clock.now()}).where(
            (Notification.id == notification_id) & Notification.read_at.is_null())
    return {"id": str(notification_id), "unread_count": await unread_count(person_id)}
