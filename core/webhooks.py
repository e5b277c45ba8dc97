"""Verifying inbound Standard Webhooks (bank-transfer notices, postal partners' callbacks).

Headers `webhook-id`, `webhook-timestamp` (Unix seconds, accepted within 5 minutes either way)
and `webhook-signature` (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`). The
`standardwebhooks` package checks all three, the window and the signature in constant time; this
wraps its several failure modes into one exception whose reason is safe to log."""

from __future__ import annotations

import binascii
from collections.abc import Mapping

from standardwebhooks import Webhook, WebhookVerificationError


class WebhookRejected(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def verify(secret: str, body: bytes, headers: Mapping[str, str]) -> str:
    """Raise WebhookRejected unless the message is authentic and fresh; its `webhook-id`."""
    lowered = {key.lower(): value for key, value in headers.items()}
    try:
        Webhook(secret).verify(body, lowered, json_parse=False)
    except WebhookVerificationError as error:
        raise WebhookRejected(str(error)) from None
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise WebhookRejected("malformed signature headers") from None
    return lowered["webhook-id"]
