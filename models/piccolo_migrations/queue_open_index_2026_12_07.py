"""The officers' work queue shows open dossiers by default (dossiers/listing.py): a partial
index of those, so a page seeks among the open ones instead of stepping over every dossier the
agency has finished, which accumulate for ever."""

from core.db.migrate import raw_sql_migration

ID = "2026-12-07T10:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "partial index of the open dossiers of an agency, by due date"

STATEMENTS = [
    # The predicate is the text of dossiers.listing.QUEUE_OPEN_SQL: a query is matched to a
    # partial index only when its WHERE says the same.
    "CREATE INDEX dossier_agency_open_due ON dossier (agency, due_at, id) "
    "WHERE state IN ('submitted', 'received', 'processing', 'supplement_requested', "
    "'payment_requested', 'result_ready')",
]


forwards = raw_sql_migration(ID, DESCRIPTION, STATEMENTS)
