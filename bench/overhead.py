"""What one database read costs the application's process, four ways: the dossier lookup of
`dossiers.access.own_dossier` as the service runs it (compiled once: core/db/compiled.py), the
same query built by Piccolo on every call (as the service ran it before), the same SQL through a
plain asyncpg pool (a checkout per query, and asyncpg's reset query on release), and on a
connection held open. CPU time of this process only (PostgreSQL's share is not in it)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable

import asyncpg

from auth.principal import Principal
from dossiers.access import own_dossier
from models.dossiers import Dossier

SQL = "SELECT * FROM dossier WHERE id = $1 AND applicant = $2 LIMIT 1"


async def _cpu_ms(query: Callable[[], Awaitable[object]], times: int) -> float:
    for _ in range(times // 10):  # warm: prepared statements, pool connections
        await query()
    start = time.process_time()
    for _ in range(times):
        await query()
    return (time.process_time() - start) * 1000 / times


async def per_query_cpu(dsn: str, dossier_id: uuid.UUID, applicant: uuid.UUID,
                        times: int = 1000) -> dict[str, float]:
    """CPU milliseconds per query; needs the Piccolo engine bound to `dsn`."""
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=2)
    held = await asyncpg.connect(dsn)
    principal = Principal(person_id=applicant, role="citizen", session_id=uuid.uuid4())
    try:
        return {
            "compiled (as served)": await _cpu_ms(
                lambda: own_dossier(principal, dossier_id), times),
            "Piccolo built per call": await _cpu_ms(lambda: Dossier.select().where(
                (Dossier.id == dossier_id) & (Dossier.applicant == applicant)).first(), times),
            "asyncpg pool": await _cpu_ms(lambda: pool.fetchrow(SQL, dossier_id, applicant),
                                          times),
            "asyncpg held connection": await _cpu_ms(
                lambda: held.fetchrow(SQL, dossier_id, applicant), times),
        }
    finally:
        await held.close()
        await pool.close()
