"""The full recount on PostgreSQL, set-based: a few statements over all dossiers instead of a
Python loop per dossier (a million dossiers in minutes rather than hours).

It restates `stats.indicators.contribution` in SQL — each counter dated by its period rule,
the day being the calendar day in Viet Nam — and the tests run it against the rollups that the
outbox job keeps with the Python definition (tests/stats/test_stats_rollups_equal_recount_after_
random_transitions.py), so the two cannot part silently. SQLite (development, the tests'
other engine) keeps the Python recount of stats/recount.py: its tables are small."""

from __future__ import annotations

from datetime import date
from typing import Any

from models.stats import StatsDay
from stats.indicators import CLOCK_RUNNING, COUNTERS, SATISFIED_LEVELS

ZONE = "'Asia/Ho_Chi_Minh'"  # stats.indicators.LOCAL
KEY = ("agency", "service", "channel", "day")


def _day(column: str) -> str:
    return f"(d.{column} AT TIME ZONE {ZONE})::date"


def _seconds(later: str, earlier: str) -> str:
    # Python's int(timedelta.total_seconds()) truncates toward zero; so does trunc().
    return f"trunc(extract(epoch FROM d.{later} - d.{earlier}))::bigint"


def _flag(condition: str) -> str:
    return f"CASE WHEN {condition} THEN 1 ELSE 0 END"


def _part(day: str, counters: dict[str, str], source: str = "dossier d",
          where: str = "") -> str:
    values = ", ".join(f"({counters[c]})::bigint AS {c}" if c in counters else f"0::bigint AS {c}"
                       for c in COUNTERS)
    return (f"SELECT d.id AS dossier, d.agency, d.service, "
            f"COALESCE(NULLIF(d.channel, ''), 'app') AS channel, {day} AS day, {values} "
            f"FROM {source} WHERE d.submitted_at IS NOT NULL {where}")


_FEE = "COALESCE(d.fee_total, 0)"
_PAID = f"({_FEE} > 0 AND d.paid_online)"
_LATE = ("(EXISTS (SELECT 1 FROM apology_letter l WHERE l.dossier = d.id) "
         "OR d.supplement_count > 1 OR (d.due_at IS NOT NULL AND d.finished_at > d.due_at))")
_TIMED = "(d.received_at IS NOT NULL AND d.original_due_at IS NOT NULL)"
_RUNNING = ", ".join(f"'{s}'" for s in sorted(CLOCK_RUNNING))
_SATISFIED = ", ".join(str(level) for level in sorted(SATISFIED_LEVELS))

# Every dated piece of every dossier that is not a draft: (dossier, key, counters…).
PARTS = " UNION ALL ".join([
    _part(_day("submitted_at"), {
        "submitted": "1", "fee_bearing": _flag(f"{_FEE} > 0"), "paid_online": _flag(_PAID),
        "fee_amount": _FEE, "fee_amount_online": f"CASE WHEN {_PAID} THEN {_FEE} ELSE 0 END",
        "reused": _flag("d.reused_documents"), "digitised": _flag("d.digitised")}),
    _part(_day("finished_at"), {
        "finished": "1", "on_time": _flag(f"NOT {_LATE}"),
        "electronic": _flag("d.electronic_result"), "timed": _flag(_TIMED),
        "processing_seconds": f"CASE WHEN {_TIMED} THEN {_seconds('finished_at', 'received_at')}"
                              " ELSE 0 END",
        "promised_seconds": f"CASE WHEN {_TIMED} THEN "
                            f"{_seconds('original_due_at', 'received_at')} ELSE 0 END"},
        where="AND d.finished_at IS NOT NULL"),
    _part(f"(r.created_at AT TIME ZONE {ZONE})::date", {
        "rated": "1", "rating_sum": "r.level", "satisfied": _flag(f"r.level IN ({_SATISFIED})")},
        source="dossier d JOIN dossier_rating r ON r.dossier = d.id"),
    _part(_day("due_at"), {"open_due": "1"},
          where=f"AND d.state IN ({_RUNNING}) AND d.due_at IS NOT NULL"),
])

_SUMS = ", ".join(f"SUM({c})::bigint AS {c}" for c in COUNTERS)
_COLUMNS = ", ".join(COUNTERS)
_NONZERO = ", ".join(f"'{c}', NULLIF({c}, 0)" for c in COUNTERS)


async def recount_into_temp() -> int:
    """Fill the temporary tables recount_day and recount_month (dropped at commit; call inside
    a transaction) and return how many dossiers were read."""
    await StatsDay.raw(
        f"CREATE TEMP TABLE recount_day ON COMMIT DROP AS SELECT agency, service, channel, "
        f"day, {_SUMS} FROM ({PARTS}) AS p GROUP BY agency, service, channel, day")
    await StatsDay.raw(
        f"CREATE TEMP TABLE recount_month ON COMMIT DROP AS SELECT agency, service, channel, "
        f"date_trunc('month', day)::date AS month, {_SUMS} FROM recount_day "
        "GROUP BY agency, service, channel, date_trunc('month', day)")
    rows = await StatsDay.raw("SELECT count(*) AS n FROM dossier WHERE submitted_at IS NOT NULL")
    return int(rows[0]["n"])


async def recount_rows() -> int:
    rows = await StatsDay.raw("SELECT count(*) AS n FROM recount_day")
    return int(rows[0]["n"])


async def differences(table: str, recount: str, column: str) -> list[dict[str, Any]]:
    """Keys where `table` and the temporary `recount` table disagree on any counter (a missing
    row counts as zeros, as a row whose counters all went back to zero does)."""
    have = ", ".join(f"COALESCE(h.{c}, 0) AS have_{c}" for c in COUNTERS)
    want = ", ".join(f"COALESCE(w.{c}, 0) AS want_{c}" for c in COUNTERS)
    left = ", ".join(f"COALESCE(h.{c}, 0)" for c in COUNTERS)
    right = ", ".join(f"COALESCE(w.{c}, 0)" for c in COUNTERS)
    keys = ", ".join(f"COALESCE(h.{k}, w.{k}) AS {k}" for k in ("agency", "service", "channel"))
    return await StatsDay.raw(
        f"SELECT {keys}, COALESCE(h.{column}, w.{column}) AS key_day, {have}, {want} "
        f'FROM "{table}" h FULL JOIN {recount} w ON h.agency = w.agency '
        f"AND h.service = w.service AND h.channel = w.channel AND h.{column} = w.{column} "
        f"WHERE ({left}) IS DISTINCT FROM ({right}) ORDER BY 1, 2, 3, 4")


def drift_cells(row: dict[str, Any]) -> list[tuple[tuple[int, int, str, date], str, int, int]]:
    key = (row["agency"], row["service"], row["channel"], row["key_day"])
    return [(key, c, int(row[f"have_{c}"]), int(row[f"want_{c}"])) for c in COUNTERS
            if row[f"have_{c}"] != row[f"want_{c}"]]


async def replace_rollups() -> None:
    """stats_day and stats_month from the temporary recount, and every dossier's fact (what it
    adds, as stats/rollup.py `dump` writes it) from the same pieces; inside the transaction of
    `recount_into_temp`."""
    for table in ("stats_day", "stats_month", "stats_dossier_fact"):
        await StatsDay.raw(f'DELETE FROM "{table}"')
    for table, column, source in (("stats_day", "day", "recount_day"),
                                  ("stats_month", "month", "recount_month")):
        await StatsDay.raw(f'INSERT INTO "{table}" (agency, service, channel, {column}, '
                           f"{_COLUMNS}) SELECT agency, service, channel, {column}, {_COLUMNS} "
                           f"FROM {source}")
    await StatsDay.raw(
        'INSERT INTO "stats_dossier_fact" ("dossier", "contribution") '
        "SELECT dossier, jsonb_agg(jsonb_build_array(agency, service, channel, "
        f"to_char(day, 'YYYY-MM-DD'), jsonb_strip_nulls(jsonb_build_object({_NONZERO}))) "
        "ORDER BY day)::text FROM (SELECT dossier, agency, service, channel, day, "
        f"{_SUMS} FROM ({PARTS}) AS p GROUP BY dossier, agency, service, channel, day) AS q "
        "GROUP BY dossier")
    # Fresh statistics for the planner: the tables' sizes changed all at once.
    for table in ("stats_day", "stats_month", "stats_dossier_fact"):
        await StatsDay.raw(f'ANALYZE "{table}"')
