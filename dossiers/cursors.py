"""Opaque page cursors: the sort key of the last row of a page, base64url-encoded JSON."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime


class BadCursor(ValueError):
    pass


def encode(moment: datetime | None, row_id: uuid.UUID) -> str:
    raw = json.dumps([moment.isoformat() if moment else None, str(row_id)])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime | None, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        moment, row_id = json.loads(raw)
        parsed = datetime.fromisoformat(moment) if moment is not None else None
        if parsed is not None and parsed.tzinfo is None:
            raise BadCursor(cursor)
        return parsed, uuid.UUID(row_id)
    except (ValueError, TypeError) as exc:
        raise BadCursor(cursor) from exc
