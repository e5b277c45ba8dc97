"""Composite indexes of the notification tables (Piccolo's table classes cannot express them)."""

from core.db.migrate import raw_sql_migration

# Sorts after the initial migration and the first composite-index migration.
ID = "2026-11-22T20:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "notification indexes"

STATEMENTS = [
    # A citizen's inbox, newest first, seeking on (created_at, id).
    "CREATE INDEX notification_person_created ON notification (person, created_at, id)",
    # The unread count.
    "CREATE INDEX notification_person_unread ON notification (person, read_at)",
]


forwards = raw_sql_migration(ID, DESCRIPTION, STATEMENTS)
