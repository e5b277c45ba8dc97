"""Request bodies of the payment paths."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec


class StartPayment(msgspec.Struct, forbid_unknown_fields=True):
    """`vietqr`: a VietQR to scan in any banking app; `bank_transfer`: the account and the
    transfer content to type; `card`: the card platform's checkout; `national`: the national
    public-service payment platform."""

    method: Literal["vietqr", "bank_transfer", "card", "national"]


class ResolveReview(msgspec.Struct, forbid_unknown_fields=True):
    """`accept` the money as the fee, order a `refund`, or `reject` (a note is required)."""

    resolution: Literal["accept", "refund", "reject"]
    note: Annotated[str, msgspec.Meta(max_length=2000)] = ""
