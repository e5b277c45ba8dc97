"""Bank-transfer notices: how money paid by VietQR or by a typed-in transfer reaches us. A VietQR
payment IS a bank transfer, so both plugins receive credits through this one implementation.

The bank (or a transfer-notification service watching the agency's account) POSTs to
`/v1/callbacks/payments/bank_transfer`, signed per Standard Webhooks: headers `webhook-id`
(the message id, which deduplicates redeliveries), `webhook-timestamp` (Unix seconds, accepted
within 5 minutes either way) and `webhook-signature` (`v1,<base64 HMAC-SHA256 of
"id.timestamp.body">` under BANK_NOTICE_SECRET). The JSON body describes one credit:

    {"transaction_id": "FT26326000123",          the bank's id of the credit
     "amount": 180000,                            whole đồng, a JSON integer
     "content": "CK MC7K2D9QXH NOP PHI HO SO",   the transfer content as the bank echoes it
     "account_number": "0011012345678",           the agency account credited
     "bank_bin": "970403",                        that account's bank
     "credited_at": "2026-11-22T10:15:00+07:00"}  local time when the offset is left out

The notice says only that money arrived; whether it settles a fee (reference found, exact amount,
attempt still open) is the core's decision. Banks cannot be queried from here and refunds are
transfers an officer makes by hand."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from core.plugins import Configured
from core.settings import PluginSettings, Settings, load_settings
from core.webhooks import WebhookRejected, verify
from payments.amounts import checked_amount
from payments.provider import (
    Acknowledgement,
    AttemptView,
    CallbackRejected,
    Inbound,
    PaymentEvent,
    ProviderDefaults,
    Refunded,
    refused,
)
from payments.references import find_in

VIETNAM = dt.timezone(dt.timedelta(hours=7))
# A public development secret, refused in production.
DEV_SECRET = "whsec_bW90Y3VhLWRldmVsb3BtZW50LWJhbmstbm90aWNlcw=="


@dataclass(frozen=True)
class BankNoticeSettings(PluginSettings):
    """BANK_NOTICE_SECRET: `whsec_` + base64, the key of the notices' signatures."""

    prefix = "BANK_NOTICE_"
    secret: str = DEV_SECRET

    def development_features(self, core: Settings) -> list[str]:
        if self.secret == DEV_SECRET:
            return ["development bank-notice secret (BANK_NOTICE_SECRET)"]
        return []


_secret: str | None = None


def use_secret(secret: str) -> None:
    """Set at app startup from the app's settings (tests may swap it)."""
    global _secret
    _secret = secret


def current_secret() -> str:
    global _secret
    if _secret is None:
        _secret = load_settings().section(BankNoticeSettings).secret
    return _secret


def _unauthentic(reason: str) -> CallbackRejected:
    return CallbackRejected(reason, refused(401))


def _malformed(reason: str) -> CallbackRejected:
    return CallbackRejected(reason, refused(400))


class BankNoticeReceiver(Configured[BankNoticeSettings], ProviderDefaults):
    """verify/parse/fetch/refund/acknowledge for providers whose money comes as bank credits."""

    # A credit to the agency's account may pay an attempt of either bank plugin: the citizen
    # who scanned the QR and the one who typed the transfer both send a bank transfer.
    settles: tuple[str, ...] = ("vietqr", "bank_transfer")
    settings_class = BankNoticeSettings

    def configure(self, settings: Settings) -> None:
        super().configure(settings)
        use_secret(self.settings.secret)

    def verify_callback(self, inbound: Inbound) -> None:
        try:
            # Standard Webhooks: headers, 5-minute window, constant-time signature check.
            verify(current_secret(), inbound.body, inbound.headers)
        except WebhookRejected as rejected:
            raise _unauthentic(rejected.reason) from None

    def parse_event(self, inbound: Inbound) -> list[PaymentEvent]:
        try:
            notice = json.loads(inbound.body)
        except ValueError:
            raise _malformed("body is not JSON") from None
        if not isinstance(notice, dict):
            raise _malformed("body must be a JSON object")
        amount = notice.get("amount")
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise _malformed("amount must be a positive whole number of đồng")
        checked_amount(amount)
        transaction_id, content = notice.get("transaction_id"), notice.get("content")
        if not isinstance(transaction_id, str) or not transaction_id.strip():
            raise _malformed("transaction_id is required")
        if not isinstance(content, str):
            raise _malformed("content must be a string")
        bank_bin = notice.get("bank_bin")
        bank = bank_bin if isinstance(bank_bin, str) else ""
        return [
            PaymentEvent(
                message_id=inbound.headers["webhook-id"],
                # A notifier that resends one credit under a new webhook-id is still sending
                # one credit: the bank's transaction id and amount deduplicate it.
                transaction_key=f"bank:{bank[:6]}:{transaction_id.strip()[:100]}:{amount}",
                outcome="credit",
                amount=amount,
                reference=find_in(content),  # None: the core opens a review
                provider_ref=transaction_id.strip()[:100],
                occurred_at=_credited_at(notice.get("credited_at")),
                kind="bank.credit",
            )
        ]

    async def fetch_status(self, attempt: AttemptView) -> PaymentEvent | None:
        return None  # no bank offers us a query; stale references simply expire

    async def refund(self, attempt: AttemptView, amount: int) -> Refunded:
        return Refunded(done=False)  # recorded as a refund order; an officer transfers it back

    def acknowledge(self, applied: bool) -> Acknowledgement:
        # Any 2xx stops the sender's retries; a duplicate or a notice sent to review was
        # received all the same.
        return Acknowledgement(200, {"ok": True})


def _credited_at(raw: object) -> dt.datetime | None:
    if raw is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(raw))
    except ValueError:
        raise _malformed("credited_at must be an ISO 8601 time") from None
    # Vietnamese banks report local time when they leave the offset out.
    return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)
