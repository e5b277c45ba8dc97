"""Bodies of the refund paths (citizen and accountant). No `from __future__ import annotations`
here: the response TypedDicts must keep their types for the OpenAPI document."""

from datetime import datetime
from typing import Annotated, Literal, TypedDict

import msgspec

RefundStatus = Literal["ordered", "sent", "refunded", "failed", "not_refundable"]


class RefundAccount(msgspec.Struct, forbid_unknown_fields=True):
    """The account to refund to: personal data, never logged, shown back masked."""

    bank_bin: Annotated[str, msgspec.Meta(min_length=6, max_length=6,
                                          description="The bank's 6-digit BIN (NAPAS)")]
    account_number: Annotated[str, msgspec.Meta(min_length=6, max_length=19)]
    account_name: Annotated[str, msgspec.Meta(min_length=1, max_length=255)]


class RefundAction(msgspec.Struct, forbid_unknown_fields=True):
    """send: the transfer was made (bank_reference required); confirm: the statement shows it
    went back (refunded); fail: it came back or could not be made (reason required)."""

    action: Literal["send", "confirm", "fail"]
    bank_reference: Annotated[str, msgspec.Meta(max_length=64)] = ""
    reason: Annotated[str, msgspec.Meta(max_length=200)] = ""


class MaskedPayee(TypedDict):
    bank_bin: str
    account_number: str
    account_name: str


class RefundView(TypedDict):
    id: int
    payment_id: str
    dossier_id: str
    amount: int
    currency: Literal["VND"]
    covers: str
    outcome: str | None
    status: RefundStatus
    status_text: str
    route: Literal["platform", "bank_transfer"]
    route_text: str
    reason: str | None
    needs_account: bool
    payee: MaskedPayee | None
    bank_reference: str | None
    failure_reason: str | None
    created_at: datetime
    sent_at: datetime | None
    completed_at: datetime | None


class RefundList(TypedDict):
    items: list[RefundView]


class RefundPage(TypedDict):
    items: list[RefundView]
    next_cursor: str | None


class PayeeAccount(TypedDict):
    bank_bin: str
    account_number: str
    account_name: str
    amount: int
    given_at: datetime | None
