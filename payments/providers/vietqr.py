"""`vietqr`: a dynamic VietQR for the agency's account with the exact amount, the reference as
bill number and the transfer content pre-filled, so the banking app needs no typing. The image
is served from the payload at `/v1/payments/{id}/qr` (payments/vietqr/image.py). The payment is
a bank transfer all the same: its credit arrives as a bank notice (bank_notices.py)."""

from __future__ import annotations

from payments.provider import AttemptView, Started
from payments.providers.bank_notices import BankNoticeReceiver
from payments.providers.bank_transfer import transfer_details
from payments.registry import PROVIDERS
from payments.vietqr import build_payload


class VietQRProvider(BankNoticeReceiver):
    name = "vietqr"
    methods: tuple[str, ...] = ("vietqr",)

    async def start(self, attempt: AttemptView) -> Started:
        details, expires_at = transfer_details(attempt)
        payload = build_payload(
            details["bank_bin"],
            details["account_number"],
            attempt.amount,
            bill_number=attempt.reference,
            purpose=details["content"],
        )
        checkout = {
            "method": "vietqr",
            "qr_payload": payload,  # for apps that hand the string to a banking app directly
            "qr_png_url": f"/v1/payments/{attempt.id}/qr",
            **details,
        }
        return Started(checkout=checkout, expires_at=expires_at)


PROVIDERS.register(VietQRProvider())
