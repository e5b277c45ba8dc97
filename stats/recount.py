"""`motcua stats verify`: recount stats_day from the dossiers and report any drift; with
`rebuild`, replace the rollups with the recount.

On PostgreSQL the recount is set-based SQL (stats/recount_sql.py: a million dossiers in
minutes), a second statement of the definitions that the tests hold equal to the Python one.
On SQLite it reads every dossier (in pages of PAGE by id) with its rating and apology letters
and sums the same `stats.indicators.contribution` the outbox job applies, so a difference
means an event was lost or applied wrongly."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from core.changes import announce
from core.db import is_sqlite, transaction
from core.db.bulk import insert_rows
from models.dossiers import ApologyLetter, Dossier
from models.ratings import DossierRating
from models.stats import StatsDay, StatsDossierFact, StatsMonth
from stats import recount_sql
from stats.indicators import COUNTERS
from stats.rollup import DOSSIER_COLUMNS, ROLLUPS, Key, add_to_days, by_month, dump, keyed

PAGE = 5000


@dataclass
class Drift:
    table: str  # stats_day | stats_month
    key: Key
    counter: str
    rollup: int
    recount: int


@dataclass
class Report:
    dossiers: int = 0
    rows: int = 0  # stats_day rows the recount makes
    drift: list[Drift] = field(default_factory=list)
    rebuilt: bool = False


async def _pages():
    """Dossiers that are not drafts, PAGE at a time, with their ratings and apologies."""
    last: uuid.UUID | None = None
    while True:
        query = Dossier.select(*DOSSIER_COLUMNS).where(Dossier.submitted_at.is_not_null())
        if last is not None:
            query = query.where(Dossier.id > last)
        page = await query.order_by(Dossier.id).limit(PAGE)
        if not page:
            return
        ids = [row["id"] for row in page]
        ratings = {r["dossier"]: r for r in await DossierRating.select(
            DossierRating.dossier, DossierRating.level, DossierRating.created_at).where(
            DossierRating.dossier.is_in(ids))}
        apologised = set(await ApologyLetter.select(ApologyLetter.dossier).where(
            ApologyLetter.dossier.is_in(ids)).output(as_list=True))
        yield [(row, ratings.get(row["id"]), row["id"] in apologised) for row in page]
        last = ids[-1]


async def recount(write_facts: bool = False) -> tuple[int, dict[Key, dict[str, int]]]:
    """(dossiers read, stats_day as it should be). With `write_facts`, each page's
    contributions are written to stats_dossier_fact as it goes (a rebuild: memory stays one
    page however many dossiers there are)."""
    totals: dict[Key, dict[str, int]] = {}
    read = 0
    async for page in _pages():
        facts = []
        for dossier, rating, apologised in page:
            read += 1
            rows = keyed(dossier, rating, apologised)
            if write_facts:
                facts.append({"dossier": dossier["id"], "contribution": dump(rows)})
            for key, counters in rows.items():
                bucket = totals.setdefault(key, {})
                for name, value in counters.items():
                    bucket[name] = bucket.get(name, 0) + value
        await insert_rows(StatsDossierFact, facts)
    return read, totals


async def stored(table: type[StatsDay] | type[StatsMonth] = StatsDay
                 ) -> dict[Key, dict[str, int]]:
    """A rollup table as it is; rows whose counters all went back to zero (an open dossier
    that was finished leaves one on its due date) are left out, as the recount never makes
    them."""
    column = "day" if table is StatsDay else "month"
    found = {}
    for r in await table.select():
        counters = {name: r[name] for name in COUNTERS if r[name]}
        if counters:
            day = r[column] if isinstance(r[column], date) else date.fromisoformat(r[column])
            found[(r["agency"], r["service"], r["channel"], day)] = counters
    return found


def compare(table: str, have: dict[Key, dict[str, int]], want: dict[Key, dict[str, int]]
            ) -> list[Drift]:
    drift = []
    for key in sorted(have.keys() | want.keys()):
        a, b = have.get(key, {}), want.get(key, {})
        for name in COUNTERS:
            if a.get(name, 0) != b.get(name, 0):
                drift.append(Drift(table, key, name, a.get(name, 0), b.get(name, 0)))
    return drift


async def verify(rebuild: bool = False) -> Report:
    """Compare stats_day with a recount; with `rebuild`, replace both rollup tables by the
    recount in one transaction (the drift reported is what was replaced). PostgreSQL recounts
    in SQL (stats/recount_sql.py), SQLite in Python."""
    if not is_sqlite():
        return await _verify_in_sql(rebuild)
    report = Report()
    have, have_months = await stored(StatsDay), await stored(StatsMonth)
    if rebuild:
        async with transaction():
            for table in (StatsDay, StatsMonth, StatsDossierFact):
                await table.delete(force=True)
            report.dossiers, want = await recount(write_facts=True)
            for table, column, sums in ((StatsDay, "day", want),
                                        (StatsMonth, "month", by_month(want))):
                await insert_rows(table, [  # the tables are empty: plain inserts
                    {"agency": a, "service": s, "channel": c, column: d, **counters}
                    for (a, s, c, d), counters in sorted(sums.items())])
            await announce("stats", ROLLUPS)
        report.rebuilt = True
    else:
        report.dossiers, want = await recount()
    report.rows = len(want)
    report.drift = (compare("stats_day", have, want)
                    + compare("stats_month", have_months, by_month(want)))
    return report


async def _verify_in_sql(rebuild: bool) -> Report:
    report = Report()
    async with transaction():
        report.dossiers = await recount_sql.recount_into_temp()
        report.rows = await recount_sql.recount_rows()
        for table, source, column in (("stats_day", "recount_day", "day"),
                                      ("stats_month", "recount_month", "month")):
            for row in await recount_sql.differences(table, source, column):
                report.drift += [Drift(table, key, name, have, want) for key, name, have, want
                                 in recount_sql.drift_cells(row)]
        if rebuild:
            await recount_sql.replace_rollups()
            await announce("stats", ROLLUPS)
            report.rebuilt = True
    return report


async def contribute(dossiers: list[dict], ratings: list[dict], apologised: set) -> None:
    """Rollups for dossiers just inserted in bulk (none has a fact yet), from the rows in hand
    rather than read back: the same contribution the job would apply. Empty rollup tables are
    filled by plain inserts; otherwise the sums are added (the caller's transaction)."""
    by_dossier = {rating["dossier"]: rating for rating in ratings}
    blank = {"received_at": None, "due_at": None, "original_due_at": None,
             "finished_at": None, "supplement_count": 0, "electronic_result": False}
    totals: dict[Key, dict[str, int]] = {}
    facts = []
    for dossier in dossiers:
        rows = keyed({**blank, **dossier}, by_dossier.get(dossier["id"]),
                     dossier["id"] in apologised)
        facts.append({"dossier": dossier["id"], "contribution": dump(rows)})
        for key, counters in rows.items():
            bucket = totals.setdefault(key, {})
            for name, value in counters.items():
                bucket[name] = bucket.get(name, 0) + value
    await insert_rows(StatsDossierFact, facts)
    await announce("stats", ROLLUPS)
    if await StatsDay.exists() or await StatsMonth.exists():
        await add_to_days(totals)
        return
    for table, column, sums in ((StatsDay, "day", totals), (StatsMonth, "month",
                                                            by_month(totals))):
        await insert_rows(table, [{"agency": a, "service": s, "channel": c, column: d, **n}
                                  for (a, s, c, d), n in sorted(sums.items())])
