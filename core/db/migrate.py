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
