"""One phase of the benchmark, at one table size: each endpoint under wrk (warm-up, then the
measured run with its CPU cost), then queries per request and query plans."""

from __future__ import annotations

import functools
import uuid
from datetime import UTC, datetime
from pathlib import Path

from bench import cpu, dataset, plans
from bench.load import wrk
from bench.report import PAIRS, Phase, Row
from bench.server import Server

SEARCHES = ["/v1/services?q=khai%20sinh", "/v1/services?q=ho%20chieu",
            "/v1/services?q=gi%E1%BA%A5y%20ph%C3%A9p",
            "/v1/services?q=dang%20ky&level=full_process",
            "/v1/services?q=tam%20tru"]
LABELS = {"ceiling": "GET /healthz (hello-world ceiling)", "search": "GET /v1/services?q=…",
          "detail": "GET /v1/dossiers/{id}",
          "detail-uncached": "GET /v1/dossiers/{id}, nothing kept in memory",
          "list": "GET /v1/dossiers?limit=20",
          "submit": "POST /v1/dossiers/{id}/submit",
          "stats": "GET /v1/stats/indicators?…",
          "stats-trend": "GET /v1/stats/trend?…",
          "stats-agencies": "GET /v1/stats/agencies?…"}
COUNTED_SUBMITS = 100  # drafts kept out of the load, for counting a submission's queries


STATS = ("stats", "stats-trend", "stats-agencies")


async def stats_files(work: Path) -> dict[str, Path]:
    """The statistics' requests: every scope (system, each agency, each field) over several
    periods (the default twelve months, this and last year, a quarter, a month), so that no
    answer is one a cache could have kept."""
    from models.catalogue import Agency, Field

    today = datetime.now(UTC).date()
    periods = ["", f"period={today.year}", f"period={today.year - 1}",
               f"period={today.year}-Q{(today.month - 1) // 3 + 1}",
               f"period={today:%Y-%m}", f"from={today.year}-01-15&to={today:%Y-%m-%d}"]
    agencies = [f"agency={a}" for a in await Agency.select(Agency.unit_code).output(
        as_list=True)]
    fields = [f"field={f}" for f in await Field.select(Field.code).output(as_list=True)]

    def paths(path: str, scopes: list[str]) -> list[str]:
        return [f"{path}?{'&'.join(p for p in (scope, period) if p)}".rstrip("?")
                for scope in scopes for period in periods]

    return {"stats": write(work / "stats.txt", paths("/v1/stats/indicators",
                                                     ["", *agencies, *fields])),
            "stats-trend": write(work / "stats-trend.txt", paths("/v1/stats/trend",
                                                                 ["", *agencies, *fields])),
            "stats-agencies": write(work / "stats-agencies.txt",
                                    paths("/v1/stats/agencies", ["", *fields]))}


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


async def redis_pid(url: str) -> int | None:
    """The Redis server's process, if it runs on this machine (its CPU is counted)."""
    from redis.asyncio import Redis

    redis = Redis.from_url(url)
    try:
        return int((await redis.info("server"))["process_id"])
    finally:
        await redis.aclose()


async def with_cpu(conn, server, run, redis: int | None = None):
    """`run()` (a wrk run), and the CPU milliseconds per request it cost the server's processes,
    the PostgreSQL backends of the bench database, Redis (wakes for the job workers, change
    announcements; shared with whatever else uses it) and wrk itself."""
    session, redis_pids = server.process.pid, [redis] if redis else []
    app, client = cpu.session_cpu(session), cpu.children_cpu()
    pg, others = cpu.pids_cpu(await cpu.backend_pids(conn)), cpu.pids_cpu(redis_pids)
    measured, _ = run()
    pg_after = cpu.pids_cpu(await cpu.backend_pids(conn))
    spent = {"server": cpu.session_cpu(session) - app, "wrk": cpu.children_cpu() - client,
             "postgres": cpu.spent(pg, pg_after),
             "redis": cpu.spent(others, cpu.pids_cpu(redis_pids))}
    return measured, {k: v * 1000 / max(1, measured.requests) for k, v in spent.items()}


async def paired_list_cpu(args, conn, server, files, redis, seconds: float = 3) -> list[float]:
    """The list's CPU per request (server + PostgreSQL) in units of the ceiling's server CPU per
    request, from PAIRS pairs of short runs, the ceiling then the list, back to back: both parts
    of a pair see the machine in the same mood (report.MORE_CPU)."""
    options = dict(seconds=seconds, connections=args.connections, threads=args.threads)
    units = []
    for _ in range(PAIRS):
        _, ceiling = await with_cpu(conn, server, functools.partial(
            wrk, server.url, script="walk.lua", requests_file=files["ceiling"], **options), redis)
        _, page = await with_cpu(conn, server, functools.partial(
            wrk, server.url, script="walk.lua", requests_file=files["list"], **options), redis)
        units.append((page["server"] + page["postgres"]) / max(ceiling["server"], 1e-6))
    return units


async def measure(args, ds, conn, server, size: int, submits: list[tuple[str, str]]) -> Phase:
    """One table of the report: every endpoint under wrk, then the counts and the plans."""
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
    files.update(await stats_files(work))
    names = ["ceiling", "search", "detail", "list", *STATS] if not submits else [
        "ceiling", "search", "detail", "list", "submit", *STATS]
    warm = 0
    if submits:
        warm = max(1, len(submits) // 8)
        # The last drafts are kept for counting a submission's queries, one at a time.
        lines = [f"{d} {issued[owner]}" for d, owner in submits[:-COUNTED_SUBMITS]]
        files["submit-warmup"] = write(work / "submit-warmup.txt", lines[:warm])
        files["submit"] = write(work / "submit.txt", lines[warm:])
    phase = Phase(dossiers=size)
    options = dict(seconds=args.seconds, connections=args.connections, threads=args.threads)
    redis = await redis_pid(args.redis)

    async def run(target, name: str, file: str):
        step(f"{size:,} dossiers: {LABELS[name]}")
        script = "submit.lua" if name == "submit" else "walk.lua"
        warm_file = files.get(f"{file}-warmup", files[file])
        wrk(target.url, script=script, requests_file=warm_file, **{**options,
            "seconds": args.warmup})
        return await with_cpu(conn, target, functools.partial(
            wrk, target.url, script=script, requests_file=files[file], **options), redis)

    ceiling = 0.0
    for name in names:
        measured, cpu = await run(server, name, name)
        ceiling = ceiling or measured.requests_per_second
        row = Row(name, LABELS[name], measured, ceiling, cpu)
        if name == "submit" and measured.requests >= len(submits) - warm - COUNTED_SUBMITS - 64:
            row.note = "ran out of drafts: raise --drafts"
        phase.rows.append(row)
    # The same read on a second server that keeps nothing in memory (MOTCUA_CACHE_SECONDS=0):
    # what a read costs the first time, or whenever a process cannot hear of changes.
    uncached = Server(args.workers, work / "server-uncached.log", {
        "MOTCUA_CACHE_SECONDS": "0", "MOTCUA_DATA_DIR": str(work / "uncached")})
    uncached.start()
    try:
        measured, cpu = await run(uncached, "detail-uncached", "detail")
    finally:
        uncached.stop()
    phase.rows.insert(3, Row("detail-uncached", LABELS["detail-uncached"], measured, ceiling,
                             cpu, compare_only=True))
    step(f"{size:,} dossiers: the list's CPU beside the ceiling's, {PAIRS} pairs of short runs")
    phase.list_cpu_units = await paired_list_cpu(args, conn, server, files, redis)
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
    phase.plans["list"] = await plans.explain(ds.dsn, plans.list_query(ds.reader))
    phase.plans["detail"] = await plans.explain(
        ds.dsn, plans.detail_query(ds.reader, uuid.UUID(ids[0])))
    return phase
