"""Two checks that a list page costs the same at any table size:

- queries per request, counted by PostgreSQL itself: the bench database's transactions
  (pg_stat_database) before and after N requests. These reads run outside explicit
  transactions, so each query shows as one transaction (the pool does not reset connections:
  core/db/postgres.py);
- the query plans of the list page and the detail read (EXPLAIN ANALYZE, BUFFERS): which index
  they use and how many 8 kB pages they touch."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import asyncpg
import httpx

from dossiers.access import _OWN_SHOWN
from dossiers.listing import _citizen_query


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
    another (a single request `count` times). Each query made outside a transaction shows as
    one; a transaction block as one, whatever it holds."""
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


def list_query(applicant: uuid.UUID, limit: int = 20) -> tuple[str, list[Any]]:
    """The first page's SQL and values, as dossiers.listing.citizen_page runs it."""
    return _citizen_query(False, False, limit + 1).sql("postgres"), [applicant]


def detail_query(applicant: uuid.UUID, dossier_id: uuid.UUID) -> tuple[str, list[Any]]:
    """The read of dossiers.access.own_dossier_shown (a dossier with its service's fields)."""
    return _OWN_SHOWN.sql("postgres"), [dossier_id, applicant]


def _walk(node: dict[str, Any]):
    yield node
    for child in node.get("Plans", []):
        yield from _walk(child)


async def explain(dsn: str, query: tuple[str, list[Any]]) -> dict[str, Any]:
    sql, args = query
    conn = await asyncpg.connect(dsn)
    try:
        await conn.fetch(sql, *args)  # warm the cache, as a running service's would be
        raw = await conn.fetchval(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", *args)
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
        "text": await _text(dsn, sql, args),
    }


async def _text(dsn: str, sql: str, args: list[Any]) -> str:
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) {sql}",
                                *args)
    finally:
        await conn.close()
    return "\n".join(r[0] for r in rows)
