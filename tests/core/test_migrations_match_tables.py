"""The committed migrations describe exactly the tables in models/: Piccolo's auto-migration
differ finds nothing left to generate."""

from __future__ import annotations

from piccolo.apps.migrations.commands.new import AutoMigrationManager

from models.piccolo_app import APP_CONFIG


async def test_migrations_match_the_tables():
    pending = await AutoMigrationManager().get_alter_statements(app_config=APP_CONFIG)
    statements = [statement for group in pending for statement in group.statements]
    assert statements == [], (
        "models changed without a migration: piccolo migrations new models --auto")
