"""The database's part of a submission, and how low it can go: `uv run python bench/floor.py
--work DIR` on the database and working directory that `bench/run.py --keep-database` left.

No HTTP, no wrk: this process runs submissions the way the API does — the Idempotency-Key claim
(core.idempotency), the draft with its filled slots (dossiers.access), dossiers.submission and
the stored answer — CONCURRENCY at a time on a pool of that many connections, and reads the CPU
of this process and of those PostgreSQL backends from /proc. Like an API process it hears
changes through Redis and so keeps catalogue rows (service, fees, documents) in memory. Three
runs for each of two index sets: the claim and the stored answer alone, the draft read alone,
the whole submission; first with the indexes the migrations make, then with only the primary
keys and unique indexes of the tables a submission writes (what no design can do without:
codes never repeat, one answer per key, one outbox row per event). The dropped indexes are made
again at the end.

The drafts the benchmark submitted are turned back into drafts at the start and before every
whole run, so the same rows are submitted again (their codes take new numbers)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The tables one submission writes; their non-unique indexes are what the second set drops.
WRITTEN = ("dossier", "dossier_event", "audit_event", "outbox_event", "idempotency_record",
           "dossier_code_counter")
MODES = ("claim + stored answer", "draft read", "whole submission")
WARM = 20

BACK_TO_DRAFTS = """
UPDATE dossier d SET state = 'draft', status_code = NULL, code = NULL, submitted_at = NULL,
       fee_quote = 'null', fee_total = 0, offline_steps = '[]', result_delivery = ''
 WHERE d.state = 'submitted'
   AND EXISTS (SELECT 1 FROM dossier_attachment a WHERE a.dossier = d.id)"""

DRAFTS = """
SELECT d.id, d.applicant FROM dossier d
 WHERE d.state = 'draft' AND EXISTS (SELECT 1 FROM dossier_attachment a WHERE a.dossier = d.id)
 ORDER BY d.id LIMIT $1"""

OPTIONAL_INDEXES = """
SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition
  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
 WHERE t.relname = ANY($1::text[]) AND NOT x.indisunique AND NOT x.indisprimary
 ORDER BY 1"""


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", required=True, type=Path,
                        help="the working directory bench/run.py --keep-database printed")
    parser.add_argument("--database", default="motcua_bench")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--count", type=int, default=3000, help="submissions per run")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--ceiling", type=float, default=None,
                        help="the run's hello-world req/s: prints 10 %% of it as a CPU budget")
    return parser.parse_args()


async def submit_one(draft, mode: str, n: int) -> None:
    from litestar.serialization import encode_json

    from auth.principal import Principal
    from core import idempotency
    from dossiers import submission, views
    from dossiers.access import own_dossier_with_files

    principal = Principal(person_id=draft["applicant"], role="citizen", session_id=uuid.uuid4())
    whole = mode == MODES[2]
    if mode != MODES[1]:
        claim = await idempotency.claim(f"person:{principal.person_id}|floor",
                                        f"floor-{n}-{uuid.uuid4()}", "0" * 64)
    if mode != MODES[0]:
        row, filled = await own_dossier_with_files(principal, draft["id"])
    if whole:
        row, service = await submission.submit(principal, row, None, filled)
        body = views.submission_answer(row, service, "vi")
    if mode != MODES[1]:
        await idempotency.complete(claim, idempotency.StoredResponse(
            status_code=200, body=encode_json(body) if whole else b"{}",
            headers={"content-type": "application/json"}))


async def one_run(admin, pids: list[int], mode: str, count: int, concurrency: int) -> tuple:
    from bench import cpu

    if mode == MODES[2]:
        await admin.execute(BACK_TO_DRAFTS)
        await admin.execute("VACUUM ANALYZE dossier")
    drafts = await admin.fetch(DRAFTS, count + WARM)
    if len(drafts) < count + WARM:
        raise SystemExit(f"only {len(drafts)} drafts with documents: lower --count")
    for n, draft in enumerate(drafts[:WARM]):  # caches filled, statements prepared
        await submit_one(draft, mode, n)
    queue = list(enumerate(drafts[WARM:], start=WARM))
    queue.reverse()

    async def worker() -> None:
        while queue:
            n, draft = queue.pop()
            await submit_one(draft, mode, n)

    pg_before, own_before, started = cpu.pids_cpu(pids), time.process_time(), time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    seconds = time.perf_counter() - started
    own, pg = time.process_time() - own_before, cpu.spent(pg_before, cpu.pids_cpu(pids))
    return count / seconds, own * 1000 / count, pg * 1000 / count


async def main(args: argparse.Namespace) -> None:
    import asyncpg

    from bench import cpu
    from bench.server import production_env

    dsn = f"{args.pg}/{args.database}"
    os.environ.update(production_env(dsn, args.redis, args.work))
    from core.db import current_engine

    admin = await asyncpg.connect(dsn)
    engine = current_engine()
    await engine.start_connection_pool(min_size=args.concurrency, max_size=args.concurrency)
    # Like an API process (core.cache's start-up hook): hear changes through Redis, and so keep
    # catalogue rows in memory; without that every submission reads its service, fees and
    # documents again.
    from core import cache
    from core.changes import BUS
    from core.settings import load_settings

    app = SimpleNamespace(state=SimpleNamespace(settings=load_settings()))
    await cache.on_startup(app)
    for _ in range(100):
        if BUS.connected:
            break
        await asyncio.sleep(0.05)
    else:
        raise SystemExit(f"no change bus on {args.redis}: rows would not be kept")
    pids = await cpu.backend_pids(admin)
    optional = await admin.fetch(OPTIONAL_INDEXES, list(WRITTEN))
    await admin.execute(BACK_TO_DRAFTS)  # every run finds as many drafts as the whole run
    print(f"{args.count} per run, {args.concurrency} at a time, {len(pids)} backends; "
          f"CPU ms per submission: this process · PostgreSQL")
    try:
        for label, dropping in (("indexes as migrated", []),
                                ("primary keys and unique indexes only", optional)):
            for index in dropping:
                await admin.execute(f'DROP INDEX "{index["name"]}"')
            if dropping:
                print(f"dropped: {', '.join(i['name'] for i in dropping)}")
            for mode in MODES:
                rate, own, pg = await one_run(admin, pids, mode, args.count, args.concurrency)
                print(f"{label:38} {mode:22} {rate:7.0f}/s  {own:.3f} · {pg:.3f}")
    finally:
        present = {r["relname"] for r in await admin.fetch(
            "SELECT relname FROM pg_class WHERE relkind = 'i'")}
        for index in optional:
            if index["name"] not in present:
                await admin.execute(index["definition"])
        await admin.close()
        await cache.on_shutdown(app)
        await engine.close_connection_pool()
    if args.ceiling:
        budget = (os.cpu_count() or 1) * 1000 / (0.10 * args.ceiling)
        print(f"10 % of a {args.ceiling:,.0f} req/s ceiling on {os.cpu_count()} cores: "
              f"{budget:.2f} ms of CPU per submission, everything included")


if __name__ == "__main__":
    asyncio.run(main(arguments()))
