"""Bank-transfer notices signed the way a bank's notifier signs them: real Standard Webhooks
signatures made by the `standardwebhooks` package."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from standardwebhooks import Webhook

from payments.provider import Inbound
from payments.providers.bank_notices import current_secret

OTHER_SECRET = "whsec_c29tZW9uZS1lbHNlcy1zZWNyZXQta2V5LWhlcmU="


def notice_body(content: str | None, amount: object, **extra) -> bytes:
    notice = {
        "transaction_id": extra.pop("transaction_id", f"FT{uuid.uuid4().hex[:12].upper()}"),
        "amount": amount,
        "content": content,
        "account_number": "0011012345678",
        "bank_bin": "970403",
        "credited_at": "2026-11-22T10:15:00+07:00",
        **extra,
    }
    return json.dumps(notice, ensure_ascii=False).encode()


def signed_headers(
    body: bytes,
    *,
    message_id: str | None = None,
    at: dt.datetime | None = None,
    secret: str | None = None,
) -> dict[str, str]:
    message_id = message_id or f"msg_{uuid.uuid4().hex}"
    at = at or dt.datetime.now(dt.UTC)
    signature = Webhook(secret or current_secret()).sign(message_id, at, body.decode())
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
        "content-type": "application/json",
    }


def signed_notice(content: str, amount: int, **kwargs) -> Inbound:
    body = notice_body(content, amount)
    return Inbound(body=body, headers=signed_headers(body, **kwargs))
