"""Answer bodies of the "one call per screen" additions: the payment and delivery shown in a
dossier's detail, a dossier's payment list, and the administrative units for address pickers.

No `from __future__ import annotations` here: Python 3.11 would then ignore `NotRequired` and
the like inside these TypedDicts (see HELPERS notes); every key below is always present."""

from datetime import datetime
from typing import Any, Literal, TypedDict

from api.postal_responses import PromisedWindow  # one schema of that name in the document

PaymentState = Literal["created", "pending", "succeeded", "failed", "expired", "cancelled",
                       "refunded"]
DeliveryState = Literal["requested", "booked", "picked_up", "in_transit", "attempt_failed",
                        "delivered", "returned_to_agency", "cancelled"]


class ReceiptLink(TypedDict):
    number: str  # số biên lai
    href: str


class CurrentPaymentLinks(TypedDict):
    self: str
    all: str  # GET /v1/dossiers/{id}/payments


class CurrentPayment(TypedDict):
    """The dossier's latest payment attempt."""

    id: str
    state: PaymentState
    method: str
    amount: int  # đồng
    currency: Literal["VND"]
    purpose: str  # fee | fee+postage | postage
    created_at: datetime | None
    settled_at: datetime | None
    receipt: ReceiptLink | None  # once paid
    links: CurrentPaymentLinks


class PostageSummary(TypedDict):
    amount: int
    currency: Literal["VND"]
    payment: Literal["with_fee", "on_delivery"]
    paid_at: datetime | None


class DeliveryLinks(TypedDict):
    self: str  # GET /v1/dossiers/{id}/delivery


class CurrentDelivery(TypedDict):
    """The dossier's latest postal delivery booking."""

    id: str
    state: DeliveryState
    partner: str
    waybill: str | None
    promised_window: PromisedWindow
    failed_attempts: int
    postage: PostageSummary
    updated_at: datetime | None
    links: DeliveryLinks


class PaymentReceiptRef(TypedDict):
    number: str
    amount: int
    issued_at: datetime | None
    href: str


class RefundShown(TypedDict):
    id: int
    amount: int
    # refunded: the money went back (payments/refund_states.py); GET …/refunds has the detail
    state: Literal["ordered", "sent", "refunded", "failed", "not_refundable"]
    created_at: datetime | None
    completed_at: datetime | None


class PaymentAttemptShown(TypedDict):
    id: str
    dossier_id: str
    state: PaymentState
    method: str
    amount: int
    purpose: str
    lines: list[dict[str, Any]]
    currency: Literal["VND"]
    reference: str
    expires_at: datetime | None
    settled_at: datetime | None
    created_at: datetime | None
    checkout: dict[str, Any]  # while open: what the app needs to pay
    links: dict[str, str]  # self; qr for a VietQR; receipt once paid
    version: int
    receipt: PaymentReceiptRef | None
    refunds: list[RefundShown]


class DossierPaymentPage(TypedDict):
    items: list[PaymentAttemptShown]
    next_cursor: str | None


class Province(TypedDict):
    code: str  # 2 digits
    name: str
    kind: str  # thành phố | tỉnh


class ProvinceList(TypedDict):
    items: list[Province]
    version: str  # the unit list's version


class Commune(TypedDict):
    code: str  # 5 digits
    name: str
    kind: str  # phường | xã | đặc khu


class CommuneList(TypedDict):
    province: Province
    items: list[Commune]
    version: str
