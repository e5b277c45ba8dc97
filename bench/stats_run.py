"""The statistics at scale: `uv run python bench/stats_run.py` (see bench/README.md).

For each size: a PostgreSQL database of its own (`motcua_bench_10k`, `motcua_bench_1m`, …)
migrated, seeded with the demo catalogue and filled by set-based SQL (bench/stats_data.py);
the rollups rebuilt and then verified against a full recount (`motcua stats verify [--rebuild]`'s
code, timed); then every /v1/stats answer, JSON and CSV, measured with wrk against the service
started with production settings. A database already holding that many dossiers is reused as
it is (its rollups verified, not rebuilt), and every database is left in place, so the
measurement can be run again without the fill."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENDPOINTS = ("indicators", "indicators.csv", "trend", "trend.csv", "agencies", "agencies.csv")
P99_LIMIT_MS = 100.0


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=0, help="the server's port (default: any)")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--writes", type=float, default=20,
                        help="rollup changes announced per second in the 'kept, under "
                             "writes' pass (0: no such pass)")
    parser.add_argument("--kept-only", action="store_true",
                        help="measure only as in production, not also with nothing kept")
    parser.add_argument("--refill", action="store_true",
                        help="fill the databases again even when they hold the dossiers")
    return parser.parse_args()


def database_for(size: int) -> str:
    label = f"{size // 1_000_000}m" if size % 1_000_000 == 0 else (
        f"{size // 1000}k" if size % 1000 == 0 else str(size))
    return f"motcua_bench_{label}"


def step(text: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {text}", flush=True)


async def dossiers_in(admin_dsn: str, name: str) -> int | None:
    import asyncpg

    admin = await asyncpg.connect(admin_dsn)
    try:
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            return None
    finally:
        await admin.close()
    conn = await asyncpg.connect(admin_dsn.rsplit("/", 1)[0] + f"/{name}")
    try:
        return await conn.fetchval("SELECT count(*) FROM dossier")
    except asyncpg.UndefinedTableError:
        return None
    finally:
        await conn.close()


async def prepare(args, size: int, dsn: str) -> dict[str, str]:
    """The database at `size` dossiers with verified rollups; returns what it took."""
    import asyncpg

    from bench import dataset, stats_data
    from catalogue.seed import seed_demo
    from core.db import close_engine, engine_from_url, open_engine, use_engine
    from core.db.migrate import migrate
    from stats.recount import verify

    name = dsn.rsplit("/", 1)[1]
    notes: dict[str, str] = {}
    reuse = not args.refill and await dossiers_in(f"{args.pg}/postgres", name) == size
    if not reuse:
        await dataset.recreate_database(f"{args.pg}/postgres", name)
    engine = engine_from_url(dsn)
    use_engine(engine)
    await open_engine(engine, pool_size=2)
    try:
        if not reuse:
            step(f"{name}: schema and demo catalogue")
            await migrate()
            await seed_demo()
            step(f"{name}: {size:,} dossiers by set-based SQL")
            started = time.monotonic()
            conn = await asyncpg.connect(dsn)
            try:
                counts = await stats_data.fill(conn, size)
            finally:
                await conn.close()
            notes["fill"] = f"{time.monotonic() - started:.0f} s ({counts})"
            step(f"{name}: filled in {notes['fill']}; rebuilding the rollups")
            started = time.monotonic()
            rebuilt = await verify(rebuild=True)
            notes["rebuild"] = f"{time.monotonic() - started:.0f} s ({rebuilt.rows:,} day rows)"
        step(f"{name}: verifying the rollups against a full recount")
        started = time.monotonic()
        checked = await verify()
        notes["verify"] = (f"{time.monotonic() - started:.1f} s, {checked.dossiers:,} dossiers, "
                           f"{len(checked.drift)} differences")
        step(f"{name}: verify {notes['verify']}")
        if checked.drift:
            raise SystemExit(f"{name}: the rollups differ from the recount")
        notes["files"] = await request_files(Path(args.work))
    finally:
        await close_engine(engine)
    return notes


async def request_files(work: Path) -> dict[str, Path]:
    """Per endpoint, the requests of bench/phase.py's walk (every scope over six periods)."""
    from bench.phase import stats_files, write

    walks = {name: path.read_text().split() for name, path in (await stats_files(work)).items()}
    by_path = {"indicators": walks["stats"], "trend": walks["stats-trend"],
               "agencies": walks["stats-agencies"]}
    files = {}
    for endpoint in ENDPOINTS:
        base = endpoint.removesuffix(".csv")
        lines = [line.replace(f"/v1/stats/{base}", f"/v1/stats/{endpoint}", 1)
                 for line in by_path[base]]
        files[endpoint] = write(work / f"walk-{endpoint}.txt", lines)
    return files


class Announcements:
    """What a steady stream of rollup changes tells the API processes: a "stats" announcement
    on the change channel (core/changes.py's wire format) `rate` times a second, from a thread
    of the benchmark while wrk runs. The rollup writes themselves are not made."""

    def __init__(self, redis_url: str, rate: float) -> None:
        self.redis_url, self.rate = redis_url, rate
        self.sent = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Announcements:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import json

        import redis

        from core.changes import CHANNEL
        from stats.rollup import ROLLUPS

        client = redis.Redis.from_url(self.redis_url)
        message = json.dumps({"sender": "bench-stats-writes",
                              "changes": [{"kind": "stats", "keys": [ROLLUPS]}]})
        try:
            while not self._stop.wait(1 / self.rate):
                client.publish(CHANNEL, message)
                self.sent += 1
        finally:
            client.close()


def measure(args, size: int, dsn: str, files: dict[str, Path], mode: str) -> list[str]:
    """Every endpoint under wrk. `mode`: "kept" as in production (answers kept in memory until
    the rollups change, Redis telling every process) with nothing changing; "kept, under
    writes" the same while `--writes` rollup changes a second are announced; "read every
    time" with MOTCUA_CACHE_SECONDS=0, so that every request reads the rollups."""
    from bench.load import wrk
    from bench.server import Server

    os.environ["DATABASE_URL"] = dsn
    server = Server(args.workers, Path(args.work) / f"server-{size}.log", port=args.port,
                    env={"MOTCUA_CACHE_SECONDS": "0"} if mode == "read every time" else {})
    rows = []
    server.start()
    try:
        for endpoint in ENDPOINTS:
            step(f"{size:,} dossiers, answers {mode}: GET /v1/stats/{endpoint}")
            options = dict(requests_file=files[endpoint], connections=args.connections,
                           threads=args.threads, script="walk.lua")
            wrk(server.url, seconds=args.warmup, **options)
            if mode == "kept, under writes":
                with Announcements(args.redis, args.writes) as writes:
                    measured, _ = wrk(server.url, seconds=args.seconds, **options)
                mode_text = f"kept, {writes.sent / args.seconds:.0f} changes/s"
            else:
                measured, _ = wrk(server.url, seconds=args.seconds, **options)
                mode_text = mode
            verdict = "pass" if measured.p99_ms <= P99_LIMIT_MS else "FAIL"
            if not measured.clean:
                verdict += f" ({measured.not_2xx} non-2xx, {measured.socket_errors} errors)"
            rows.append(f"| `/v1/stats/{endpoint}` | {mode_text} | "
                        f"{measured.requests_per_second:,.0f} | "
                        f"{measured.p50_ms:.1f} / {measured.p99_ms:.1f} | {verdict} |")
    finally:
        server.stop()
    return rows


def main() -> None:
    args = arguments()
    args.work = tempfile.mkdtemp(prefix="motcua-stats-bench-")
    from bench.server import production_env

    os.environ.update(production_env(f"{args.pg}/postgres", args.redis, Path(args.work)))
    out = [f"# motcua statistics benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "",
           f"granian, {args.workers} workers, APP_ENV=production, PostgreSQL; wrk "
           f"{args.threads} threads, {args.connections} connections, {args.seconds:g} s per "
           f"endpoint after {args.warmup:g} s of warm-up; {os.cpu_count()} CPU cores shared "
           f"by client and server; load average before: {os.getloadavg()[0]:.1f}.", ""]
    for size in (int(s) for s in args.sizes.split(",")):
        dsn = f"{args.pg}/{database_for(size)}"
        notes = asyncio.run(prepare(args, size, dsn))
        out += [f"## {size:,} dossiers (database {database_for(size)})", ""]
        out += [f"- {what}: {text}" for what, text in notes.items() if what != "files"]
        out += ["", "| endpoint | answers | req/s | p50 / p99 ms | p99 ≤ 100 ms |",
                "|---|---|---:|---|---|"]
        modes = ["kept"] + (["kept, under writes"] if args.writes > 0 else [])
        for mode in modes + ([] if args.kept_only else ["read every time"]):
            out += measure(args, size, dsn, notes["files"], mode)
        out.append("")
    text = "\n".join(out)
    print(text)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%MZ")
    (ROOT / "bench" / f"results-stats-{stamp}.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
