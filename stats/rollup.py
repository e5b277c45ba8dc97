"""Keeping stats_day current from the outbox.

The job `stats.refresh` hears every dossier event (`dossier.*`, ratings' `dossier.rated`
included) and recomputes that dossier's whole contribution (stats/indicators.py) from its row as
it is now; the difference from what it added before (stats_dossier_fact) goes to stats_day. So
the outbox's at-least-once delivery, duplicates and reordering cannot drift the sums: applying
the same state again adds nothing, and an old event finds the newest state. The fact row is
locked first, so two runs for one dossier take turns; stats_day rows are updated in key order,
so runs for different dossiers never deadlock."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from core.changes import announce
from core.db import for_update, is_sqlite, transaction
from jobs.spec import JobSpec
from models.dossiers import ApologyLetter, Dossier
from models.ratings import DossierRating
from models.stats import StatsDay, StatsDossierFact
from stats.indicators import COUNTERS, contribution

ROLLUPS = "rollups"  # the one key of the "stats" announcements: answers kept are all forgotten
Key = tuple[int, int, str, date]  # agency, service, channel, day: the stats_day unique key

DOSSIER_COLUMNS = (
    Dossier.id, Dossier.agency, Dossier.service, Dossier.channel, Dossier.state,
    Dossier.submitted_at, Dossier.received_at, Dossier.due_at, Dossier.original_due_at,
    Dossier.finished_at, Dossier.supplement_count, Dossier.fee_total, Dossier.paid_online,
    Dossier.reused_documents, Dossier.digitised, Dossier.electronic_result,
)


def keyed(dossier: dict[str, Any], rating: dict[str, Any] | None,
          apologised: bool) -> dict[Key, dict[str, int]]:
    """The dossier's contribution under the stats_day keys."""
    where = (dossier["agency"], dossier["service"], dossier["channel"] or "app")
    return {(*where, day): counters
            for day, counters in contribution(dossier, rating, apologised).items()}


def dump(rows: dict[Key, dict[str, int]]) -> str:
    return json.dumps(sorted([a, s, c, d.isoformat(), n] for (a, s, c, d), n in rows.items()))


def load(text: str) -> dict[Key, dict[str, int]]:
    return {(a, s, c, date.fromisoformat(d)): n for a, s, c, d, n in json.loads(text or "[]")}


def difference(old: dict[Key, dict[str, int]], new: dict[Key, dict[str, int]]
               ) -> dict[Key, dict[str, int]]:
    delta: dict[Key, dict[str, int]] = {}
    for key in old.keys() | new.keys():
        before, after = old.get(key, {}), new.get(key, {})
        change = {name: after.get(name, 0) - before.get(name, 0) for name in before | after}
        change = {name: value for name, value in change.items() if value}
        if change:
            delta[key] = change
    return delta


def by_month(rows: dict[Key, dict[str, int]]) -> dict[Key, dict[str, int]]:
    """The same counters per month (the key's date becomes the month's first day)."""
    months: dict[Key, dict[str, int]] = {}
    for (agency, service, channel, day), counters in rows.items():
        bucket = months.setdefault((agency, service, channel, day.replace(day=1)), {})
        for name, value in counters.items():
            bucket[name] = bucket.get(name, 0) + value
    return months


def _upsert(table: str, column: str) -> str:
    return (f'INSERT INTO "{table}" ("agency", "service", "channel", "{column}", '
            f'{", ".join(COUNTERS)}) VALUES ({", ".join(["{}"] * (4 + len(COUNTERS)))}) '
            f'ON CONFLICT ("agency", "service", "channel", "{column}") DO UPDATE SET '
            + ", ".join(f'"{c}" = "{table}"."{c}" + excluded."{c}"' for c in COUNTERS))


_UPSERTS = (("stats_day", _upsert("stats_day", "day")),
            ("stats_month", _upsert("stats_month", "month")))


async def add_to_days(delta: dict[Key, dict[str, int]]) -> None:
    """Add `delta` to stats_day and its monthly sums to stats_month, creating rows as needed:
    every run takes the rows in one order (days, then months, each by key), so concurrent runs
    wait for each other instead of deadlocking."""
    for table, sql in _UPSERTS:
        rows = delta if table == "stats_day" else by_month(delta)
        for (agency, service, channel, day), change in sorted(rows.items()):
            values = [change.get(name, 0) for name in COUNTERS]
            await StatsDay.raw(sql, agency, service, channel,
                               day.isoformat() if is_sqlite() else day, *values)


async def facts_of(dossier_id: uuid.UUID) -> tuple[dict | None, dict | None, bool]:
    """The dossier row, its rating and whether an apology letter was issued."""
    dossier = await Dossier.select(*DOSSIER_COLUMNS).where(Dossier.id == dossier_id).first()
    if dossier is None:
        return None, None, False
    rating = await DossierRating.select(DossierRating.level, DossierRating.created_at).where(
        DossierRating.dossier == dossier_id).first()
    apologised = await ApologyLetter.exists().where(ApologyLetter.dossier == dossier_id)
    return dossier, rating, apologised


async def refresh(dossier_id: uuid.UUID | str) -> None:
    """Bring stats_day and stats_month in line with the dossier as it is now."""
    key = uuid.UUID(str(dossier_id))
    async with transaction():
        await StatsDossierFact.raw(
            'INSERT INTO "stats_dossier_fact" ("dossier", "contribution") VALUES ({}, {}) '
            'ON CONFLICT ("dossier") DO NOTHING', str(key) if is_sqlite() else key, "[]")
        fact = await for_update(StatsDossierFact.select().where(
            StatsDossierFact.dossier == key)).first()
        assert fact is not None  # inserted above if it was not there
        dossier, rating, apologised = await facts_of(key)
        new = keyed(dossier, rating, apologised) if dossier is not None else {}
        old = load(fact["contribution"])
        delta = difference(old, new)
        if not delta:
            return
        await add_to_days(delta)
        await announce("stats", ROLLUPS)
        await StatsDossierFact.update({StatsDossierFact.contribution: dump(new)}).where(
            StatsDossierFact.dossier == key)


async def on_dossier_event(payload: dict[str, Any]) -> None:
    await refresh(payload["dossier_id"])


# "dossier.*" covers every lifecycle event and the ratings' "dossier.rated" alike;
# "payment.succeeded" too, as a fee paid online while the dossier is not waiting for it flags
# the dossier (paid_online) without a transition (dossiers/settlement.py, record_fee_paid).
JOBS = [JobSpec(name="stats.refresh", handler=on_dossier_event,
                topics=("dossier.*", "payment.succeeded"))]
PERIODIC: list = []
