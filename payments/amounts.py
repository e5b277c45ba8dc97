"""Bounds on amounts of money read from outside (bank notices, gateways' callbacks).

Amounts are whole đồng in a 64-bit column; a number past that overflows the driver (a 500, and a
gateway that retries it for days). Nothing real comes near the bound: VietQR itself carries at most
13 digits (tag 54), so a larger amount is a malformed message, refused as such (422) before
anything is written."""

from __future__ import annotations

from core.problems import ValidationFailed

MAX_AMOUNT = 9_999_999_999_999  # 13 digits, as VietQR's amount field


def checked_amount(amount: int, pointer: str = "/amount") -> int:
    """`amount` when it is within 0..MAX_AMOUNT; otherwise a 422 naming `pointer`."""
    if not 0 <= amount <= MAX_AMOUNT:
        raise ValidationFailed(extra={"errors": [{"pointer": pointer, "detail": {
            "vi": f"Số tiền phải từ 0 đến {MAX_AMOUNT:,} đồng.".replace(",", "."),
            "en": f"The amount must be between 0 and {MAX_AMOUNT:,} đồng."}}]})
    return amount
