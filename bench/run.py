"""motcua benchmark: `uv run python bench/run.py` (see bench/README.md).

One run: a fresh PostgreSQL database, the service started with production settings (granian,
2 workers), the hello-world ceiling of that same server (/healthz), then catalogue search, an
authenticated dossier read, a list page and submission, measured with wrk; then the table grows
to a million dossiers and the ceiling, the list page and the read are measured again."""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import shutil
import sys
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEARCHES = ["/v1/services?q=khai%20sinh", "/v1/services?q=ho%20chieu",
            "/v1/services?q=gi%E1%BA%A5y%20ph%C3%A9p",
            "/v1/services?q=dang%20ky&level=full_process",
            "/v1/services?q=tam%20tru"]
COUNTED_SUBMITS = 100


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
    from core.settings import ConfigurationError, load_settings

    try:
        load_settings().check()  # a setting production gained since: say so before any work
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
    from bench.report import Phase, render
    from bench.server import Server
    from core.db import close_engine, engine_from_url, open_engine, use_engine

    ds = dataset.Dataset(dsn=dsn)
    await dataset.recreate_database(f"{args.pg}/postgres", args.database)
    engine = engine_from_url(dsn)
    use_engine(engine)
    await open_engine(engine, pool_size=4)
    server = Server({}, args.workers, work / "server.log")
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


def step(text: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {text}", flush=True)


async def tokens(people) -> dict:
    from auth.sessions import start_session
    from core.settings import load_settings

    settings = load_settings()
    issued = {}
    for person in people:
        session = await start_session(settings, person, client="bench", method="bench")
        issued[str(person)] = session.access_token
    return issued


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n")
    return path


async def with_cpu(conn, server, run):
    """`run()` (a wrk run), and the CPU milliseconds per request it cost the server's processes,
    the PostgreSQL backends of the bench database and wrk itself."""
    from bench import cpu

    async def backends() -> list[int]:
        rows = await conn.fetch("SELECT pid FROM pg_stat_activity WHERE datname = "
                                "current_database() AND pid <> pg_backend_pid()")
        return [r["pid"] for r in rows]

    session = server.process.pid
    app, client, pg = cpu.session_cpu(session), cpu.children_cpu(), cpu.pids_cpu(await backends())
    measured, _ = run()
    pg_after = cpu.pids_cpu(await backends())
    spent = {"server": cpu.session_cpu(session) - app, "wrk": cpu.children_cpu() - client,
             "postgres": sum(t - pg.get(pid, 0.0) for pid, t in pg_after.items())}
    return measured, {k: v * 1000 / max(1, measured.requests) for k, v in spent.items()}


async def measure(args, ds, conn, server, size: int, submits: list[tuple[str, str]]):
    from bench import dataset, plans
    from bench.load import wrk
    from bench.report import Phase, Row

    work = server.log_path.parent
    # Fresh tokens for every phase: filling a million rows takes longer than a token lives.
    issued = await tokens([ds.reader, *ds.submitters])
    reader = issued[str(ds.reader)]
    ids = await dataset.reader_dossier_ids(conn, ds)
    files = {
        "ceiling": write(work / "ceiling.txt", ["/healthz"]),
        "search": write(work / "search.txt", SEARCHES),
        "detail": write(work / "detail.txt", [f"/v1/dossiers/{i} {reader}" for i in ids]),
        "list": write(work / "list.txt", ["/v1/dossiers?limit=20 " + reader]),
    }
    labels = {"ceiling": "GET /healthz (hello-world ceiling)", "search": "GET /v1/services?q=…",
              "detail": "GET /v1/dossiers/{id}", "list": "GET /v1/dossiers?limit=20",
              "submit": "POST /v1/dossiers/{id}/submit"}
    names = ["ceiling", "search", "detail", "list"] if not submits else [
        "ceiling", "search", "detail", "list", "submit"]
    warm = 0
    if submits:
        warm = max(1, len(submits) // 8)
        # The last drafts are kept for counting a submission's queries, one at a time.
        lines = [f"{d} {issued[owner]}" for d, owner in submits[:-COUNTED_SUBMITS]]
        files["submit-warmup"] = write(work / "submit-warmup.txt", lines[:warm])
        files["submit"] = write(work / "submit.txt", lines[warm:])
    phase = Phase(dossiers=size)
    options = dict(seconds=args.seconds, connections=args.connections, threads=args.threads)
    ceiling = 0.0
    for name in names:
        step(f"{size:,} dossiers: {labels[name]}")
        script = "submit.lua" if name == "submit" else "walk.lua"
        warm_file = files.get(f"{name}-warmup", files[name])
        wrk(server.url, script=script, requests_file=warm_file, **{**options,
            "seconds": args.warmup})
        measured, cpu = await with_cpu(conn, server, functools.partial(
            wrk, server.url, script=script, requests_file=files[name], **options))
        ceiling = ceiling or measured.requests_per_second
        row = Row(name, labels[name], measured, ceiling, cpu)
        if name == "submit" and measured.requests >= len(submits) - warm - COUNTED_SUBMITS - 64:
            row.note = "ran out of drafts: raise --drafts"
        phase.rows.append(row)
    step(f"{size:,} dossiers: queries per request and query plans")
    auth = {"Authorization": f"Bearer {reader}"}
    counted = {"healthz": [("GET", "/healthz", {})], "search": [("GET", SEARCHES[0], {})],
               "detail": [("GET", f"/v1/dossiers/{ids[0]}", auth)],
               "list": [("GET", "/v1/dossiers?limit=20", auth)]}
    if submits:
        counted["submit"] = [
            ("POST", f"/v1/dossiers/{d}/submit",
             {"Authorization": f"Bearer {issued[owner]}", "Idempotency-Key": f"count-{d}"})
            for d, owner in submits[-COUNTED_SUBMITS:]]
    phase.transactions = await plans.transactions_per_request(
        f"{args.pg}/postgres", args.database, server.url, counted)
    phase.plans["list"] = await plans.explain(ds.dsn, str(plans.list_query(ds.reader)))
    phase.plans["detail"] = await plans.explain(
        ds.dsn, str(plans.detail_query(ds.reader, ids[0])))
    return phase


if __name__ == "__main__":
    main()
