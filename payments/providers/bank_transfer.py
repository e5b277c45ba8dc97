"""`bank_transfer`: the agency's account, the exact amount and the transfer content (with the
payment reference) as text the citizen copies into a banking app. The money is seen when the
bank's notice arrives (payments/providers/bank_notices.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core import clock
from payments.provider import AttemptView, Started
from payments.providers.bank_notices import BankNoticeReceiver
from payments.references import find_in
from payments.registry import PROVIDERS
from payments.vietqr.ascii import transfer_content

VALIDITY = dt.timedelta(hours=24)  # a reference left unpaid this long expires


def transfer_details(attempt: AttemptView) -> tuple[dict[str, Any], dt.datetime]:
    """What the citizen must type, shared with the VietQR checkout, and when it expires."""
    beneficiary = attempt.beneficiary
    # The content must carry the reference: without it the credit cannot be matched.
    content = attempt.purpose
    if find_in(content) != attempt.reference:
        content = transfer_content(attempt.reference, attempt.purpose)
    expires_at = attempt.expires_at or clock.now() + VALIDITY
    details = {
        "bank_bin": beneficiary["bank_bin"],
        "account_number": beneficiary["account_number"],
        "account_name": beneficiary["account_name"],
        "amount": attempt.amount,
        "currency": "VND",
        "content": content,
        "reference": attempt.reference,
        "expires_at": expires_at.isoformat(),
    }
    return details, expires_at


class BankTransferProvider(BankNoticeReceiver):
    name = "bank_transfer"
    methods: tuple[str, ...] = ("bank_transfer",)

    async def start(self, attempt: AttemptView) -> Started:
        details, expires_at = transfer_details(attempt)
        return Started(checkout={"method": "bank_transfer", **details}, expires_at=expires_at)


PROVIDERS.register(BankTransferProvider())
