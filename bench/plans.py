"""Two checks that a list page costs the same at any table size:

- queries per request, counted by PostgreSQL itself: the bench database's transactions
  (pg_stat_database) before and after N requests. These reads run outside explicit
  transactions, and every query shows as two (the query, then asyncpg's connection reset);
- the query plans of the list page and the detail read (EXPLAIN ANALYZE, BUFFERS): which index
  they use and how many 8 kB pages they touch."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import asyncpg
import httpx

from dossiers.listing import SUMMARY
from models.dossiers import Dossier


async def _commits(admin_dsn: str, database: str) -> int:
    conn = await asyncpg.connect(admin_dsn)  # another database: this reading is not counted
    try:
        return await conn.fetchval(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = $1",
            database)
    finally:
        await conn.close()


# An idle backend reports its counts at most ~10 s late (PGSTAT_IDLE_INTERVAL).
STATS_DELAY = 11


Request = tuple[str, str, dict[str, str]]  # method, path, headers (a POST sends `{}`)


async def transactions_per_request(admin_dsn: str, database: str, base_url: str,
                                   requests: dict[str, list[Request]],
                                   count: int = 200) -> dict[str, float]:
    """PostgreSQL transactions per request, for each named list of requests, sent one after
    another (a single request `count` times). asyncpg resets a connection as the pool takes it
    back, in a transaction of its own, so each query made outside a transaction shows as two."""
    await asyncio.sleep(STATS_DELAY)
    before = await _commits(admin_dsn, database)
    found = {}
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as http:
        for name, sends in requests.items():
            sends = sends * count if len(sends) == 1 else sends
            for method, path, headers in sends:
                body = {} if method == "POST" else None
                (await http.request(method, path, headers=headers, json=body)).raise_for_status()
            await asyncio.sleep(STATS_DELAY)
            after = await _commits(admin_dsn, database)
            found[name], before = (after - before) / len(sends), after
    return found


def list_query(applicant: uuid.UUID, limit: int = 20):
    """The first page as dossiers.listing.citizen_page builds it."""
    return (Dossier.select(*SUMMARY).where(Dossier.applicant == applicant)
            .order_by(Dossier.created_at, Dossier.id, ascending=False).limit(limit + 1))


def detail_query(applicant: uuid.UUID, dossier_id: uuid.UUID):
    """The lookup of dossiers.access.own_dossier."""
    return Dossier.select().where(
        (Dossier.id == dossier_id) & (Dossier.applicant == applicant)).first()


def _walk(node: dict[str, Any]):
    yield node
    for child in node.get("Plans", []):
        yield from _walk(child)


async def explain(dsn: str, sql: str) -> dict[str, Any]:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.fetch(sql)  # warm the cache, as a running service's would be
        raw = await conn.fetchval(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
    finally:
        await conn.close()
    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]
    nodes = list(_walk(plan["Plan"]))
    top = plan["Plan"]
    return {
        "indexes": sorted({n["Index Name"] for n in nodes if "Index Name" in n}),
        "seq_scans": sorted({n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan"}),
        "buffers": top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0),
        "rows": top.get("Actual Rows"),
        "ms": plan.get("Execution Time"),
        "text": await _text(dsn, sql),
    }


async def _text(dsn: str, sql: str) -> str:
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) {sql}")
    finally:
        await conn.close()
    return "\n".join(r[0] for r in rows)
