"""Response bodies of the payment paths. No `from __future__ import annotations` (see
dossier_responses): NotRequired keys must stay optional in the document."""

from datetime import datetime
from typing import Literal, NotRequired, TypedDict
from uuid import UUID

from api.catalogue_schemas import AppliedAdjustment

PaymentState = Literal["created", "pending", "succeeded", "failed", "expired", "cancelled",
                       "refunded"]
Method = Literal["vietqr", "bank_transfer", "card", "national"]


class PaymentLine(TypedDict):
    """A fee line as quoted at submission, or an extra charge (`charge`: e.g. postage)."""

    code: str
    name_vi: str
    name_en: str
    amount: int  # đồng
    kind: NotRequired[Literal["le_phi", "phi"]]
    unit_amount: NotRequired[int]
    extra_copies: NotRequired[int]
    per_copy_amount: NotRequired[int]
    copy_surcharge: NotRequired[int]
    exempt: NotRequired[bool]
    override_legal_basis: NotRequired[str | None]
    # Quoted by the fee rules (catalogue/fee_rules.py): the legal basis, what was counted,
    # the adjustment that applied, the counter price beside it and the reason in words.
    legal_basis_vi: NotRequired[str]
    legal_basis_en: NotRequired[str]
    unit: NotRequired[Literal["copy", "page"]]
    counted: NotRequired[bool]
    units: NotRequired[int]
    multiples: NotRequired[int]
    base_amount: NotRequired[int]
    gross: NotRequired[int]
    adjustment: NotRequired[AppliedAdjustment | None]
    counter_amount: NotRequired[int]
    reason_vi: NotRequired[str]
    reason_en: NotRequired[str]
    charge: NotRequired[str]


class PaymentLinks(TypedDict):
    self: str
    receipt: str
    qr: NotRequired[str]  # VietQR: GET it as PNG, SVG or the EMVCo text


class Checkout(TypedDict, total=False):
    """What the app needs to let the citizen pay; which keys are present depends on `method`:
    vietqr / bank_transfer: the transfer details (and `qr_payload`); card: the platform's
    PaymentIntent; national: `payment_url`; the development sandbox: `pay_url`. Empty once the
    payment is no longer open."""

    method: Literal["vietqr", "bank_transfer"]
    qr_payload: str  # EMVCo string (NAPAS VietQR)
    qr_png_url: str
    bank_bin: str
    account_number: str
    account_name: str
    amount: int
    currency: str  # "VND"; the card platform spells its own "vnd"
    content: str  # the transfer content; carries the reference
    reference: str
    expires_at: str
    platform: Literal["stripe"]
    payment_intent: str
    client_secret: str | None
    publishable_key: str | None
    payment_url: str
    sandbox: bool
    pays_in_seconds: int
    pay_url: str


class Payment(TypedDict):
    id: UUID
    dossier_id: UUID
    state: PaymentState
    method: Method
    amount: int  # đồng
    purpose: str  # fee | fee+postage | postage
    lines: list[PaymentLine]
    currency: Literal["VND"]
    reference: str  # unique; the transfer content must carry it
    expires_at: datetime | None
    settled_at: datetime | None
    checkout: Checkout
    links: PaymentLinks
    version: int


class ReceiptPayer(TypedDict):
    name: str


class ReceiptAgency(TypedDict):
    unit_code: str
    name_vi: str
    name_en: str


class ReceiptRefund(TypedDict):
    """A refund of this payment, in its real state (payments/refund_states.py)."""

    id: int
    amount: int
    status: Literal["ordered", "sent", "refunded", "failed", "not_refundable"]
    covers: str
    completed_at: datetime | None


class ReceiptLinks(TypedDict):
    pdf: str


class Receipt(TypedDict):
    """The electronic receipt (biên lai điện tử) of a settled payment: number `sequence` in
    the agency's yearly `series` (ký hiệu)."""

    number: str
    series: str | None
    sequence: int | None
    payment_id: UUID
    payment_reference: str  # ours, and the bank's or platform's transaction id
    payer: ReceiptPayer
    agency: ReceiptAgency
    dossier_code: str | None
    fee_lines: list[PaymentLine]
    amount: int
    currency: Literal["VND"]
    method: Method
    issued_at: datetime  # Viet Nam time
    refunded: bool
    refunds: list[ReceiptRefund]
    links: ReceiptLinks


class ReviewItem(TypedDict):
    """Money that did not match a fee (under/over-payment, unknown reference, late)."""

    id: int
    reason: str
    amount: int
    expected_amount: int | None
    payment_id: UUID | None
    dossier_id: UUID | None
    status: Literal["open", "resolved"]
    # superseded: closed because a corrected notice of the same transaction settled it
    resolution: Literal["accepted", "refund_ordered", "rejected", "superseded"] | None
    note: str
    created_at: datetime
    resolved_at: datetime | None


class ReviewPage(TypedDict):
    items: list[ReviewItem]


class StuckPayment(Payment):
    provider: str
    created_at: datetime


class StuckPage(TypedDict):
    items: list[StuckPayment]
