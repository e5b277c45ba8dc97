"""The rollups' keys: one stats_day row per (agency, service, channel, day) and one
stats_month row per (agency, service, channel, month) — the keys the upserts of
stats/rollup.py name — and indexes by date for system-wide periods."""

from core.db.migrate import raw_sql_migration

ID = "2026-12-07T03:32:13:000000"  # right after stats_rollups_2026_12_07
VERSION = "1.38.0"
DESCRIPTION = "statistics rollup keys"

STATEMENTS = [
    "CREATE UNIQUE INDEX stats_day_key ON stats_day (agency, service, channel, day)",
    "CREATE INDEX stats_day_day ON stats_day (day)",
    "CREATE UNIQUE INDEX stats_month_key ON stats_month (agency, service, channel, month)",
    "CREATE INDEX stats_month_month ON stats_month (month)",
]

forwards = raw_sql_migration(ID, DESCRIPTION, STATEMENTS)
