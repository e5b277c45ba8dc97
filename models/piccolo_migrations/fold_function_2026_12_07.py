"""`motcua_fold(text)` on PostgreSQL: core.text.fold in SQL (đ → d, decompose, drop the
combining marks, lowercase), for diacritics-insensitive searches over names stored as typed (the
officers' queue, dossiers/listing.py). SQLite gets the Python function on every connection
(core/db/sqlite.py), so this migration does nothing there."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from core.db import current_engine

ID = "2026-12-07T10:05:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "motcua_fold: diacritics-insensitive matching on PostgreSQL"

# Vietnamese marks are all in U+0300–U+036F (grave, acute, tilde, hook, dot below, circumflex,
# breve, horn); after they are gone only ASCII letters are left to lowercase, whatever the
# database's locale.
FUNCTION = r"""
CREATE OR REPLACE FUNCTION motcua_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT
AS $$ SELECT lower(regexp_replace(normalize(translate(value, 'đĐ', 'dD'), NFD),
                                  '[\u0300-\u036f]', '', 'g')) $$
"""


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="models", description=DESCRIPTION)

    async def run():
        engine = current_engine()
        if engine.engine_type == "postgres":
            await engine.run_ddl(FUNCTION)

    manager.add_raw(run)
    return manager
