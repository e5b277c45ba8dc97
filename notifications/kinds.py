"""Which event becomes which notification kind, and which kinds the law does not let a citizen
mute (a supplement request, a refusal, a stop and a late-result apology are formal notices)."""

from __future__ import annotations

from notifications.templates import KINDS

# topic → kind. Topics not listed (a supplement the citizen sent themselves, a payment merely
# pending, a booking still being requested) notify nobody.
TOPIC_KINDS: dict[str, str] = {
    "dossier.submitted": "submitted",
    "dossier.received": "received",
    "dossier.refused": "refused",
    "dossier.supplement_requested": "supplement_requested",
    "dossier.payment_requested": "payment_requested",
    # The dossier's own transition announces the fee paid; payment.succeeded would say it twice.
    "dossier.paid": "paid",
    "dossier.processing": "processing",
    "dossier.result_ready": "result_ready",
    "dossier.result_returned": "result_returned",
    "dossier.stopped": "stopped",
    "dossier.withdrawn": "withdrawn",
    "dossier.apology_issued": "apology",
    "payment.failed": "payment_failed",
    # Refunds as they really go (payments/refund_states.py); never "refunded" before it is.
    "payment.refund_ordered": "refund_ordered",
    "payment.refund_sent": "refund_sent",
    "payment.refund_refunded": "refunded",
    "payment.refund_failed": "refund_failed",
    "payment.refund_not_refundable": "refund_not_refundable",
    "delivery.booked": "delivery_booked",
    "delivery.in_transit": "delivery_out",
    "delivery.delivered": "delivery_delivered",
    "delivery.attempt_failed": "delivery_attempt_failed",
    "delivery.returned": "delivery_returned",
}

REQUIRED: frozenset[str] = frozenset({
    "supplement_requested", "refused", "stopped", "apology",
})

assert set(TOPIC_KINDS.values()) <= set(KINDS), "every kind needs a template"


def mutable(kind: str) -> bool:
    return kind not in REQUIRED
