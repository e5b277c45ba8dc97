"""Fee payments: attempts per method, inbound notices, the review list, receipts, refunds."""

from piccolo.columns import (
    JSONB,
    UUID,
    BigInt,
    BigSerial,
    ForeignKey,
    Integer,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.defaults.uuid import UUID4
from piccolo.table import Table

from models.dossiers import Dossier


class PaymentAttempt(Table, tablename="payment_attempt"):
    id = UUID(primary_key=True, default=UUID4())
    dossier = ForeignKey(references=Dossier, index=True)
    method = Varchar(length=16)  # vietqr | bank_transfer | card | national | sandbox
    provider = Varchar(length=32)  # the plugin that handles it
    amount = BigInt()  # whole đồng: the fee due snapshotted at submission, plus any extra charge
    # fee | fee+postage | postage: an attempt without the fee (postage booked after the fee was
    # paid) is outside the one-paid-fee-per-dossier index (piccolo_migrations/indexes_*.py).
    purpose = Varchar(length=32, default="fee")
    lines = JSONB(default="[]")  # what `amount` is made of: fee lines and extra charges
    # Short ASCII reference: VietQR bill number and the transfer content the bank echoes back.
    reference = Varchar(length=25, unique=True)
    state = Varchar(length=16, default="created", index=True)
    version = Integer(default=1)
    # e.g. a PaymentIntent id
    provider_ref = Varchar(length=100, null=True, default=None, index=True)
    checkout = JSONB(default="{}")  # what the app needs: QR payload, account, client secret, URL
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz(null=True, default=None)
    settled_at = Timestamptz(null=True, default=None)
    failure_reason = Varchar(length=200, default="")


class PaymentNotice(Table, tablename="payment_notice"):
    """Every inbound callback or bank notice, once per provider message id (deduplication)."""

    id = BigSerial(primary_key=True)
    provider = Varchar(length=32)
    message_id = Varchar(length=200)
    received_at = Timestamptz(default=TimestamptzNow())
    kind = Varchar(length=64, default="")
    attempt = UUID(null=True, default=None, index=True)
    amount = BigInt(null=True, default=None)
    reference = Varchar(length=100, default="")
    outcome = Varchar(length=16, default="")  # applied | duplicate | review | ignored
    detail = JSONB(default="{}")  # the normalised event, without payer personal data
    # The bank's or platform's own transaction id, and a key of (that id, amount) for the money
    # events whose sender may resend them under a new message id (a bank credit): the unique
    # key (a unique index: piccolo_migrations/payment_notice_transaction_index_*.py; SQLite
    # cannot add a UNIQUE column) makes the second delivery a duplicate whatever its message id.
    provider_ref = Varchar(length=100, default="")
    transaction_key = Varchar(length=200, null=True, default=None)


class PaymentReview(Table, tablename="payment_review"):
    """Money that did not match a fee due; an officer resolves each one. Nothing is dropped."""

    id = BigSerial(primary_key=True)
    notice = ForeignKey(references=PaymentNotice, index=True)
    attempt = UUID(null=True, default=None)
    dossier = UUID(null=True, default=None, index=True)
    agency = Integer(null=True, default=None, index=True)  # whose officers review it
    reason = Varchar(length=32)  # underpaid | overpaid | unknown_reference | after_expiry | …
    amount = BigInt(default=0)
    expected_amount = BigInt(null=True, default=None)
    status = Varchar(length=16, default="open", index=True)  # open | resolved
    resolution = Varchar(length=32, default="")  # accepted | refund_ordered | rejected
    note = Text(default="")
    resolved_by = Varchar(length=64, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    resolved_at = Timestamptz(null=True, default=None)


class PaymentReceipt(Table, tablename="payment_receipt"):
    """Biên lai điện tử: one per succeeded payment, numbered within the agency's series
    (ký hiệu) for the year: `series` + `sequence` (payments/receipts.py)."""

    id = BigSerial(primary_key=True)
    number = Varchar(length=40, unique=True)
    series = Varchar(length=32, default="")  # e.g. BL26-000.00.01.H22
    sequence = Integer(null=True, default=None)  # 1, 2, … within the series
    agency_name = Varchar(length=255, default="")
    payment_reference = Varchar(length=100, default="")  # ours, and the bank's or platform's
    attempt = UUID(unique=True)
    dossier = ForeignKey(references=Dossier, index=True)
    agency_unit_code = Varchar(length=32)
    payer_name = Varchar(length=255, default="")
    fee_lines = JSONB(default="[]")
    amount = BigInt()
    method = Varchar(length=16)
    issued_at = Timestamptz(default=TimestamptzNow())


class ReceiptSeries(Table, tablename="receipt_series"):
    """The last number issued in each receipt series (ký hiệu biên lai): one agency, one year.
    Taken by one upsert, so two receipts of one agency never draw the same number."""

    series = Varchar(length=32, unique=True)
    last = Integer(default=0)


class RefundOrder(Table, tablename="refund_order"):
    """Money owed back to a citizen, with its own states (payments/refund_states.py):
    ordered → sent → refunded | failed, or not_refundable with the reason. Card money goes back
    through the platform; bank-transfer and VietQR money is sent by the agency's accountant to
    the account the citizen gave (payee_*: personal data, masked in every view)."""

    id = BigSerial(primary_key=True)
    attempt = UUID(index=True)
    dossier = ForeignKey(references=Dossier, index=True)
    agency = Integer(null=True, default=None, index=True)  # whose accountant works it
    amount = BigInt()
    # Before refunds had states of their own: requested | done. Superseded by `status`
    # (piccolo_migrations/refund_states_*.py copied it over); kept as SQLite cannot change a
    # column's default in place. Nothing reads or writes it.
    state = Varchar(length=16, default="requested", index=True)
    status = Varchar(length=16, default="ordered")  # indexed with agency (refund_states_*)
    version = Integer(default=1)
    route = Varchar(length=16, default="platform")  # platform | bank_transfer
    covers = Varchar(length=32, default="fee")  # fee | postage | fee+postage | difference | …
    outcome = Varchar(length=32, default="")  # refused | stopped | withdrawn | review | …
    provider_ref = Varchar(length=100, default="")
    bank_reference = Varchar(length=64, default="")  # the accountant's transfer reference
    reason = Varchar(length=200, default="")
    failure_reason = Varchar(length=200, default="")
    payee_bank_bin = Varchar(length=6, default="")
    payee_account_number = Varchar(length=19, default="")
    payee_account_name = Varchar(length=255, default="")
    payee_given_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    sent_at = Timestamptz(null=True, default=None)
    completed_at = Timestamptz(null=True, default=None)
