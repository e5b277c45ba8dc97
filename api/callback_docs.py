"""What the callback operations receive and answer, for the OpenAPI document: each gateway's
request body with an example, its signature headers, and the answers its protocol expects.
Everything refused is problem+json, except the national payment platform, which reads `MaLoi`
from a 200 (its protocol: a refusal is `{"MaLoi": "97"|"99", "MoTaLoi": …}`)."""

from __future__ import annotations

from typing import Any

from postal.callbacks import EVENTS, PREFIX


def _header(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "header", "required": False, "description": description,
            "schema": {"type": "string"}}


STANDARD_WEBHOOKS = [
    _header("webhook-id", "Standard Webhooks message id; a repeated id changes nothing"),
    _header("webhook-timestamp", "Unix seconds; refused when more than 5 minutes away"),
    _header("webhook-signature", "`v1,<base64 HMAC-SHA256 of \"{id}.{timestamp}.{body}\">` "
                                 "under the sender's `whsec_` secret"),
]
STRIPE_SIGNATURE = _header(
    "Stripe-Signature", "Card platform (`card`): `t=<unix>,v1=<hex HMAC-SHA256 of "
                        "\"{t}.{body}\">` under STRIPE_WEBHOOK_SECRET")
SANDBOX_SIGNATURE = _header("Sandbox-Signature", "Development sandbox only: `t=…,v1=…`")

_OBJECT = {"type": "object", "additionalProperties": True}
_INT = {"type": "integer", "minimum": 0}
_STR = {"type": "string"}

PAYMENT_SCHEMAS: dict[str, Any] = {
    "BankTransferNotice": {
        "type": "object", "description": "A credit to the agency's account (provider "
                                         "`bank_transfer`, Standard Webhooks signed)",
        "required": ["transaction_id", "amount", "content", "account_number"],
        "properties": {"transaction_id": _STR, "amount": {**_INT, "description": "đồng"},
                       "content": _STR, "account_number": _STR, "bank_bin": _STR,
                       "credited_at": {"type": "string", "format": "date-time"}},
    },
    "CardPlatformEvent": {
        "type": "object", "description": "A Stripe-compatible event (provider `card`): "
                                         "payment_intent.succeeded / .payment_failed / "
                                         ".canceled, charge.refunded",
        "required": ["id", "type", "data"],
        "properties": {"id": _STR, "type": _STR,
                       "data": {"type": "object", "required": ["object"],
                                "properties": {"object": _OBJECT}}},
    },
    "NationalPaymentConfirm": {
        "type": "object", "description": "CONFIRM of the national payment platform (provider "
                                         "`national`), signed by its `Checksum` field",
        "required": ["MaDoiTac", "MaThamChieu", "MaGiaoDich", "SoTien", "MaLoi", "ThoiGianGD",
                     "ThoiGianGui", "Checksum"],
        "properties": {name: _STR for name in ("MaDoiTac", "MaThamChieu", "MaGiaoDich",
                                                "MaLoi", "MoTaLoi", "ThoiGianGD",
                                                "ThoiGianGui", "Checksum")}
        | {"SoTien": {"type": ["integer", "string"]}},
    },
    "PaymentCallbackReceived": {
        "type": "object", "description": "Card platform and sandbox: recorded",
        "required": ["received"], "properties": {"received": {"type": "boolean"}},
    },
    "BankNoticeReceived": {
        "type": "object", "description": "Bank notices: recorded (settled, duplicate or sent "
                                         "to an officer's review)",
        "required": ["ok"], "properties": {"ok": {"type": "boolean", "const": True}},
    },
    "NationalPaymentAnswer": {
        "type": "object", "description": "The national platform's answer, always HTTP 200: "
                                         "`MaLoi` 00 recorded (stop retrying), 97 checksum or "
                                         "partner wrong, 99 other refusal",
        "required": ["MaLoi", "MoTaLoi"],
        "properties": {"MaLoi": {"type": "string", "enum": ["00", "97", "99"]},
                       "MoTaLoi": _STR},
    },
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


PAYMENT_BODY = {
    "required": True,
    "content": {"application/json": {
        "schema": {"anyOf": [_ref("BankTransferNotice"), _ref("CardPlatformEvent"),
                             _ref("NationalPaymentConfirm")]},
        "examples": {
            "bank_transfer": {"summary": "POST /v1/callbacks/payments/bank_transfer",
                              "value": {"transaction_id": "FT26326000123", "amount": 180000,
                                        "content": "CK MC7K2D9QXH NOP PHI HO SO",
                                        "account_number": "0011012345678",
                                        "bank_bin": "970403",
                                        "credited_at": "2026-11-22T10:15:00+07:00"}},
            "card": {"summary": "POST /v1/callbacks/payments/card",
                     "value": {"id": "evt_1", "type": "payment_intent.succeeded",
                               "data": {"object": {"id": "pi_1", "amount": 180000,
                                                   "currency": "vnd"}}}},
            "national": {"summary": "POST /v1/callbacks/payments/national",
                         "value": {"MaDoiTac": "MOTCUA", "MaThamChieu": "MC7K2D9QXH",
                                   "MaGiaoDich": "GD0001", "SoTien": 180000, "MaLoi": "00",
                                   "ThoiGianGD": "20261207101500",
                                   "ThoiGianGui": "20261207101501", "Checksum": "…"}},
        },
    }},
}

PAYMENT_ANSWERS = {"200": {
    "description": "Recorded, in the answer shape of the sender's protocol. The national "
                   "platform also gets its refusals this way (MaLoi 97/99).",
    "content": {"application/json": {"schema": {"anyOf": [
        _ref("PaymentCallbackReceived"), _ref("BankNoticeReceived"),
        _ref("NationalPaymentAnswer")]}}},
}}

POSTAL_SCHEMAS: dict[str, Any] = {
    "PostalEvent": {
        "type": "object", "required": ["type", "timestamp", "data"],
        "properties": {
            "type": {"type": "string", "enum": [PREFIX + event for event in EVENTS]},
            "timestamp": {"type": "string", "format": "date-time"},
            "data": {"type": "object", "required": ["booking_id"], "properties": {
                "booking_id": {"type": "string", "format": "uuid"},
                "waybill": {"type": ["string", "null"],
                            "description": "Required with delivery.accepted"},
                "reason": {"type": ["string", "null"],
                           "description": "attempt_failed / returned"},
                "next_attempt_on": {"type": ["string", "null"], "format": "date"},
            }},
        },
    },
}

POSTAL_BODY = {
    "required": True,
    "content": {"application/json": {
        "schema": _ref("PostalEvent"),
        "examples": {
            "accepted": {"value": {"type": "delivery.accepted",
                                   "timestamp": "2026-12-07T04:00:00Z",
                                   "data": {"booking_id": "6f1c2a9e-3b1d-4d7e-9a56-2f0e8c1d4b7a",
                                            "waybill": "EB123456789VN"}}},
            "attempt_failed": {"value": {
                "type": "delivery.attempt_failed", "timestamp": "2026-12-09T08:30:00Z",
                "data": {"booking_id": "6f1c2a9e-3b1d-4d7e-9a56-2f0e8c1d4b7a",
                         "reason": "Không có người nhận", "next_attempt_on": "2026-12-11"}}},
        },
    }},
}
