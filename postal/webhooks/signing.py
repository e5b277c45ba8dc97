"""Standard Webhooks signing of what we send: the same three headers the partner verifies with
any Standard Webhooks library."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from standardwebhooks import Webhook


def envelope(event_type: str, created_at: dt.datetime, data: dict[str, Any]) -> str:
    """The body, in the spec's recommended shape. Built once per message, so every attempt (and
    every replay) carries byte-identical content under the same webhook-id."""
    return json.dumps(
        {"type": event_type, "timestamp": created_at.astimezone(dt.UTC).isoformat(),
         "data": data},
        ensure_ascii=False, separators=(",", ":"), sort_keys=True,
    )


def signed_headers(secret: str, msg_id: str, body: str, at: dt.datetime) -> dict[str, str]:
    """webhook-timestamp is the moment of this attempt: a retry hours later is still fresh for the
    partner's 5-minute window, while the id stays the message's own."""
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id, at, body),
        "content-type": "application/json",
    }
