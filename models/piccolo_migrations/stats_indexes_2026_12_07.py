"""The rollups' keys: one stats_day row per (agency, service, channel, day) — the key the
upserts of stats/rollup.py name — and a day index for system-wide periods."""

from core.db.migrate import raw_sql_migration

ID = "2026-12-07T02:54:39:000000"  # right after stats_rollups_2026_12_07
VERSION = "1.38.0"
DESCRIPTION = "statistics rollup keys"

STATEMENTS = [
    "CREATE UNIQUE INDEX stats_day_key ON stats_day (agency, service, channel, day)",
    "CREATE INDEX stats_day_day ON stats_day (day)",
]

forwards = raw_sql_migration(ID, DESCRIPTION, STATEMENTS)
