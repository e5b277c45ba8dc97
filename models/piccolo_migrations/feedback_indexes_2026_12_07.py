"""The indexes behind the two feedback lists: a citizen's own, newest first, and an agency's
queue by response deadline (which puts the overdue first)."""

from core.db.migrate import raw_sql_migration

ID = "2026-12-07T10:10:00:000000"  # after feedback_2026_12_07.py
VERSION = "1.38.0"
DESCRIPTION = "feedback list indexes"

STATEMENTS = [
    "CREATE INDEX feedback_person_created ON feedback (person, created_at, id)",
    "CREATE INDEX feedback_agency_due ON feedback (agency, due_at, id)",
]


forwards = raw_sql_migration(ID, DESCRIPTION, STATEMENTS)
