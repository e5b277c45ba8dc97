"""The unique index behind deduplication by the sender's transaction id and amount
(payment_notice.transaction_key; NULL for messages deduplicated by their id alone)."""

from core.db.migrate import raw_sql_migration

ID = "2026-12-07T02:55:48:000000"  # right after the column is added
VERSION = "1.38.0"
DESCRIPTION = "payment notices: unique transaction key"

STATEMENTS = [
    "CREATE UNIQUE INDEX payment_notice_transaction_key ON payment_notice (transaction_key)",
]

forwards = raw_sql_migration(ID, DESCRIPTION, STATEMENTS)
