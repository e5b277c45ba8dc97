"""Apply the committed migrations to the current engine."""

from __future__ import annotations

import contextlib
import io

from piccolo.apps.migrations.commands.forwards import run_forwards

from core.db import current_engine


class MigrationFailed(RuntimeError):
    pass


async def migrate(verbose: bool = False) -> None:
    current_engine()  # bind the tables before Piccolo looks for them
    out = io.StringIO()
    with contextlib.redirect_stdout(out) if not verbose else contextlib.nullcontext():
        result = await run_forwards(app_name="all", migration_id="all")
    if not result.success:
        raise MigrationFailed(result.message or out.getvalue())


def raw_sql_migration(migration_id: str, description: str, statements: list[str]):
    """The `forwards` of a migration made of plain SQL that both SQLite and PostgreSQL accept
    (indexes Piccolo's table classes cannot express)."""
    from piccolo.apps.migrations.auto.migration_manager import MigrationManager

    async def forwards():
        manager = MigrationManager(
            migration_id=migration_id, app_name="models", description=description
        )

        async def run():
            engine = current_engine()
            for statement in statements:
                await engine.run_ddl(statement)

        manager.add_raw(run)
        return manager

    return forwards
