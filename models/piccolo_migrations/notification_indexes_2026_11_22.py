"""Composite indexes of the notification tables (Piccolo's table classes cannot express them)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from core.db import current_engine

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


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="models", description=DESCRIPTION)

    async def run():
        engine = current_engine()
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
