"""Response bodies of postal return. No `from __future__ import annotations` (see
dossier_responses)."""

from datetime import date, datetime
from typing import Any, Literal, TypedDict
from uuid import UUID

DeliveryState = Literal["requested", "booked", "picked_up", "in_transit", "attempt_failed",
                        "delivered", "returned_to_agency", "cancelled"]


class Recipient(TypedDict):
    name: str
    phone: str


class DeliveryAddressOut(TypedDict):
    street: str
    commune_code: str
    commune_name: str
    province_code: str
    province_name: str


class Postage(TypedDict):
    amount: int  # đồng
    currency: Literal["VND"]
    payment: Literal["with_fee", "on_delivery"]
    route_class: Literal["same_area", "within_province", "major_cities", "inter_province"]
    paid_at: datetime | None


class PromisedWindow(TypedDict):
    """J+n working days from the expected result date (Circular 17/2017/TT-BTTTT)."""

    earliest: date | None
    latest: date | None


class FailedAttempt(TypedDict):
    reason: str | None
    next_attempt_on: date | None  # at least two working days later


class DeliveryEvent(TypedDict):
    kind: str
    at: datetime
    stale: bool  # arrived after a later state: kept, not applied
    detail: dict[str, Any] | None


class Booking(TypedDict):
    """A booking as its partner sees it (with the recipient's data to deliver)."""

    id: UUID
    dossier_id: UUID
    partner: str
    state: DeliveryState
    waybill: str | None
    recipient: Recipient
    address: DeliveryAddressOut
    postage: Postage
    promised_window: PromisedWindow
    failed_attempts: int
    created_at: datetime
    updated_at: datetime


class Delivery(Booking):
    """The citizen's view: tracking is free (Decision 45/2016/QĐ-TTg)."""

    last_failed_attempt: FailedAttempt | None
    can_rebook: bool
    timeline: list[DeliveryEvent]


class BookingPage(TypedDict):
    partner: str
    items: list[Booking]
    next_cursor: str | None


class PostalCallbackReceived(TypedDict):
    received: Literal[True]
    outcome: Literal["applied", "duplicate", "stale"]
