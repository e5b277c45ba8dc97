"""Fee payment: attempts, provider plugins, callbacks, reconciliation, receipts and refunds."""

# A fee corrected after payment may leave a difference to pay (payments/fee_difference.py).
from payments import fee_difference as _fee_difference  # noqa: E402

_fee_difference.register()
