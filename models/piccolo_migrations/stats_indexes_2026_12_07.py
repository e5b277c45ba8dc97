"""The rollups' keys: one stats_day row per (agency, service, channel, day) — the key the
upserts of stats/rollup.py name —, a day index for system-wide periods, and a partial index
on the rows that count open dossiers."""

from core.db.migrate import raw_sql_migration

ID = "2026-12-07T02:54:39:000000"  # right after stats_rollups_2026_12_07
VERSION = "1.38.0"
DESCRIPTION = "statistics rollup keys"

STATEMENTS = [
    "CREATE UNIQUE INDEX stats_day_key ON stats_day (agency, service, channel, day)",
    "CREATE INDEX stats_day_day ON stats_day (day)",
    # Open dossiers by due date ("open overdue", stats/queries.py): the few rows that have any.
    "CREATE INDEX stats_day_open ON stats_day (agency, day) WHERE open_due <> 0",
]

forwards = raw_sql_migration(ID, DESCRIPTION, STATEMENTS)
