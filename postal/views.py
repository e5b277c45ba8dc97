"""How a booking is shown: to its citizen (tracking is free, Decision 45/2016) and to its
partner (who needs the recipient's data to deliver)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from postal import timeline


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def summary(booking: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(booking["id"]), "dossier_id": str(booking["dossier"]),
        "partner": booking["partner"], "state": booking["state"], "waybill": booking["waybill"],
        "recipient": {"name": booking["recipient_name"], "phone": booking["recipient_phone"]},
        "address": {"street": booking["street"], "commune_code": booking["commune_code"],
                    "commune_name": booking["commune_name"],
                    "province_code": booking["province_code"],
                    "province_name": booking["province_name"]},
        "postage": {"amount": booking["postage_amount"], "currency": "VND",
                    "payment": booking["postage_payment"], "route_class": booking["route_class"],
                    "paid_at": booking["postage_paid_at"].isoformat()
                    if booking["postage_paid_at"] else None},
        "promised_window": {"earliest": _day(booking["promised_earliest"]),
                            "latest": _day(booking["promised_latest"])},
        "failed_attempts": booking["failed_attempts"],
        "created_at": booking["created_at"].isoformat(),
        "updated_at": booking["updated_at"].isoformat(),
    }


async def for_citizen(booking: dict[str, Any]) -> dict[str, Any]:
    failure = None
    if booking["failed_attempts"]:
        failure = {"reason": booking["last_failure_reason"],
                   "next_attempt_on": _day(booking["next_attempt_on"])}
    return {**summary(booking), "last_failed_attempt": failure,
            "can_rebook": booking["state"] in ("returned_to_agency", "cancelled"),
            "timeline": await timeline.of_booking(booking["id"])}
