"""motcua benchmark: `uv run python bench/run.py` (see bench/README.md).

One run: a fresh PostgreSQL database, the service started with production settings (granian,
2 workers), the hello-world ceiling of that same server (/healthz), then catalogue search, an
authenticated dossier read, a list page and submission, measured with wrk; then the table grows
to a million dossiers and the ceiling, the list page and the read are measured again."""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))



def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,1000000",
                        help="dossier counts to measure at, comma-separated (default: %(default)s)")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--drafts", type=int, default=12000, help="drafts ready for submission")
    parser.add_argument("--database", default="motcua_bench")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432",
                        help="PostgreSQL server (without a database name)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--keep-database", action="store_true")
    return parser.parse_args()


def main() -> None:
    args = arguments()
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
    dsn = f"{args.pg}/{args.database}"
    from bench.server import production_env

    # Before any app module reads its settings: this process signs tokens and stores the
    # prototypes' files exactly as the server would.
    os.environ.update(production_env(dsn, args.redis, work))
    from core.domains import check_settings
    from core.settings import ConfigurationError, load_settings

    try:
        # A setting production gained since: say so before any work.
        check_settings(load_settings())
    except ConfigurationError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise SystemExit(f"bench/server.py production_env() needs updating:\n{exc}") from None
    try:
        text = asyncio.run(bench(args, sizes, dsn, work))
    finally:
        if not args.keep_database:
            from bench.dataset import drop_database

            asyncio.run(drop_database(f"{args.pg}/postgres", args.database))
            asyncio.run(flush_redis(args.redis))
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept: database {args.database}, working directory {work}")
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%MZ")
    out = ROOT / "bench" / f"results-{stamp}.md"
    out.write_text(text, encoding="utf-8")
    print(text)
    print(f"written to {out.relative_to(ROOT)}")


async def flush_redis(url: str) -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(url)
    try:
        await redis.flushdb()  # the bench's own Redis database: queued wakes of the submits
    finally:
        await redis.aclose()


async def bench(args, sizes: list[int], dsn: str, work: Path) -> str:
    import asyncpg

    from bench import dataset
    from bench.overhead import per_query_cpu
    from bench.phase import measure, step
    from bench.report import Phase, render
    from bench.server import Server
    from core.db import close_engine, engine_from_url, open_engine, use_engine

    ds = dataset.Dataset(dsn=dsn)
    await dataset.recreate_database(f"{args.pg}/postgres", args.database)
    engine = engine_from_url(dsn)
    use_engine(engine)
    await open_engine(engine, pool_size=4)
    server = Server(args.workers, work / "server.log")
    phases: list[Phase] = []
    try:
        step("schema, demo catalogue, prototypes")
        await dataset.prepare(ds)
        conn = await asyncpg.connect(dsn)
        try:
            for number, size in enumerate(sizes):
                step(f"filling to {size:,} dossiers")
                await dataset.add_people(conn, ds, max(1, size // dataset.PER_APPLICANT))
                await dataset.add_dossiers(conn, ds, size, reader_every=(
                    max(1, size // dataset.READER_DOSSIERS) if number == 0 else 0))
                submits = await dataset.add_drafts(conn, ds, args.drafts) if number == 0 else []
                step(f"statistics rollups for {size:,} dossiers")
                await dataset.build_rollups()
                if number == 0:
                    step("starting the server")
                    server.start()
                phases.append(await measure(args, ds, conn, server, size, submits))
            step("the cost of one query to the application's process")
            ids = await dataset.reader_dossier_ids(conn, ds)
            overhead = await per_query_cpu(dsn, uuid.UUID(ids[0]), ds.reader)
        finally:
            await conn.close()
    finally:
        server.stop()
        await close_engine(engine)
    header = (f"# motcua benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n\n"
              f"granian, {args.workers} workers, APP_ENV=production, PostgreSQL; wrk "
              f"{args.threads} threads, {args.connections} connections, {args.seconds:g} s per "
              f"endpoint after {args.warmup:g} s of warm-up; client and server share "
              f"{os.cpu_count()} CPU cores.")
    return render(header, phases, overhead)


if __name__ == "__main__":
    main()
