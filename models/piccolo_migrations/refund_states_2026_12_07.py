"""Refund orders written before refunds had their own states: `requested` is `ordered`, `done`
is `refunded` (copied from the old `state` into `status`); the agency is the dossier's, so its
accountant finds them in the queue."""

from core.db.migrate import raw_sql_migration

ID = "2026-12-07T03:02:13:000000"  # right after the columns are added
VERSION = "1.38.0"
DESCRIPTION = "refund orders: states ordered/refunded, agency"

STATEMENTS = [
    "UPDATE refund_order SET status = CASE state WHEN 'done' THEN 'refunded' ELSE 'ordered' END",
    "UPDATE refund_order SET agency = "
    "(SELECT dossier.agency FROM dossier WHERE dossier.id = refund_order.dossier)",
    "CREATE INDEX refund_order_agency_state ON refund_order (agency, status, id)",
    # A dossier outcome orders each part of a payment once, however often its job runs.
    "CREATE UNIQUE INDEX refund_order_attempt_outcome ON refund_order (attempt, outcome, covers) "
    "WHERE outcome IN ('refused', 'stopped', 'withdrawn_before_processing', "
    "'withdrawn_after_processing', 'category_corrected')",
]

forwards = raw_sql_migration(ID, DESCRIPTION, STATEMENTS)
