"""Request bodies of the payment paths."""

from __future__ import annotations

from typing import Annotated

import msgspec


class StartPayment(msgspec.Struct, forbid_unknown_fields=True):
    method: Annotated[str, msgspec.Meta(min_length=1, max_length=16,
                                        description="vietqr | bank_transfer | card")]


class ResolveReview(msgspec.Struct, forbid_unknown_fields=True):
    resolution: Annotated[str, msgspec.Meta(description="accept | refund | reject")]
    note: Annotated[str, msgspec.Meta(max_length=2000)] = ""
