"""The OpenAPI 3.1 `webhooks` section: what postal partners receive from us (postal/partners/
vnpost.py through postal/webhooks), signed per Standard Webhooks. The body is the envelope of
postal/webhooks/signing.py: `{"type", "timestamp", "data"}`."""

from __future__ import annotations

from typing import Any

from postal.postage import ROUTES

_STRING = {"type": "string"}
_NULLABLE_STRING = {"type": ["string", "null"]}

HEADERS = [
    {"name": "webhook-id", "in": "header", "required": True, "schema": _STRING,
     "description": "The message id (`msg_…`): the same on every retry and replay; "
                    "a partner that saw it already answers 2xx and does nothing"},
    {"name": "webhook-timestamp", "in": "header", "required": True,
     "schema": {"type": "string", "pattern": "^[0-9]+$"},
     "description": "Unix seconds of this attempt; refuse if more than 5 minutes away"},
    {"name": "webhook-signature", "in": "header", "required": True, "schema": _STRING,
     "description": "`v1,<base64 HMAC-SHA256 of \"{id}.{timestamp}.{body}\">` with the "
                    "partner's `whsec_` secret (any Standard Webhooks library verifies it)"},
]

ACK = {
    "2XX": {"description": "Received: we stop sending this message"},
    "410": {"description": "Gone: we disable the endpoint (an operator re-enables it)"},
    "default": {"description": "Anything else (or no answer in 15 s): retried on the Standard "
                               "Webhooks schedule, honouring Retry-After, then kept for replay"},
}

_SENDER = {"type": "object", "required": ["unit_code", "name", "province_code"],
           "properties": {"unit_code": _STRING, "name": _STRING, "province_code": _STRING}}
_RECIPIENT = {
    "type": "object",
    "required": ["name", "phone", "street", "commune_code", "commune_name", "province_code",
                 "province_name"],
    "properties": {k: _STRING for k in ("name", "phone", "street", "commune_code",
                                        "commune_name", "province_code", "province_name")},
}


def webhook_schemas() -> dict[str, Any]:
    def envelope(event: str, data_ref: str) -> dict[str, Any]:
        return {"type": "object", "required": ["type", "timestamp", "data"],
                "properties": {"type": {"const": event},
                               "timestamp": {"type": "string", "format": "date-time"},
                               "data": {"$ref": f"#/components/schemas/{data_ref}"}}}

    return {
        "BookingRequested": {
            "type": "object",
            "description": "A result to carry: collect it at `sender`, deliver to `recipient`.",
            "required": ["booking_id", "dossier_code", "sender", "recipient", "postage_amount",
                         "postage_payment", "route_class", "promised_latest", "waybill"],
            "properties": {
                "booking_id": {"type": "string", "format": "uuid"},
                "dossier_code": _STRING, "sender": _SENDER, "recipient": _RECIPIENT,
                "postage_amount": {"type": "integer", "minimum": 0,
                                   "description": "đồng"},
                "postage_payment": {"type": "string", "enum": ["with_fee", "on_delivery"],
                                    "description": "on_delivery: collect the postage"},
                "route_class": {"type": "string", "enum": sorted(ROUTES)},
                "promised_latest": {"type": ["string", "null"], "format": "date"},
                "waybill": _NULLABLE_STRING,
            },
        },
        "BookingCancelled": {
            "type": "object", "required": ["booking_id", "dossier_code", "waybill"],
            "properties": {"booking_id": {"type": "string", "format": "uuid"},
                           "dossier_code": _STRING, "waybill": _NULLABLE_STRING},
        },
        "BookingRequestedMessage": envelope("booking.requested", "BookingRequested"),
        "BookingCancelledMessage": envelope("booking.cancelled", "BookingCancelled"),
    }


_REQUESTED_EXAMPLE = {
    "type": "booking.requested", "timestamp": "2026-12-07T03:15:00+00:00",
    "data": {
        "booking_id": "6f1c2a9e-3b1d-4d7e-9a56-2f0e8c1d4b7a",
        "dossier_code": "000.00.01.H22-261207-0001",
        "sender": {"unit_code": "000.00.01.H22", "name": "UBND phường Hà Giang 1",
                   "province_code": "08"},
        "recipient": {"name": "Nguyễn Văn An", "phone": "0912345678", "street": "12 Trần Phú",
                      "commune_code": "02269", "commune_name": "Phường Hà Giang 1",
                      "province_code": "08", "province_name": "Tuyên Quang"},
        "postage_amount": 20000, "postage_payment": "with_fee", "route_class": "same_area",
        "promised_latest": "2026-12-10", "waybill": None,
    },
}
_CANCELLED_EXAMPLE = {
    "type": "booking.cancelled", "timestamp": "2026-12-08T02:00:00+00:00",
    "data": {"booking_id": "6f1c2a9e-3b1d-4d7e-9a56-2f0e8c1d4b7a",
             "dossier_code": "000.00.01.H22-261207-0001", "waybill": "EB123456789VN"},
}


def _webhook(event: str, operation_id: str, summary: str, description: str, schema: str,
             example: dict[str, Any]) -> dict[str, Any]:
    return {"post": {
        "operationId": operation_id,
        "tags": ["partner"], "summary": summary, "description": description,
        "parameters": HEADERS,
        "security": [],  # the signature headers authenticate the message
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{schema}"},
            "examples": {event: {"value": example}}}}},
        "responses": ACK,
    }}


WEBHOOKS = {
    "booking.requested": _webhook(
        "booking.requested", "bookingRequested", "A result to deliver",
        "Sent to the partner's endpoint when a dossier's result is ready (status 9) and the "
        "citizen booked postal return. Answer 2xx once stored; report progress at "
        "`POST /v1/callbacks/postal/{partner}`, first `delivery.accepted` with the waybill.",
        "BookingRequestedMessage", _REQUESTED_EXAMPLE),
    "booking.cancelled": _webhook(
        "booking.cancelled", "bookingCancelled", "A booking withdrawn",
        "Sent when the citizen collects the result at the counter or the dossier closes "
        "before the partner took the item: do not collect it.",
        "BookingCancelledMessage", _CANCELLED_EXAMPLE),
}
