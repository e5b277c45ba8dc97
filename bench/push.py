"""Status change → push handed to the provider, in the production topology and embedded.

    uv run python bench/push.py [--single 20] [--burst 200] [--concurrency 32]
                                [--modes arq,embedded] [--pg postgresql://postgres@127.0.0.1:5432]
                                [--redis redis://127.0.0.1:6379/14] [--database motcua_push_bench]

For each mode, a fresh PostgreSQL database (migrated, demo data loaded), then:
- `arq`: `motcua serve --workers 1` and one `motcua worker`, both on REDIS_URL (its database is
  emptied first), as production runs them;
- `embedded`: `motcua serve --workers 1` without Redis, jobs run in the API process.
Development settings otherwise (APP_ENV=development, so the development sign-in and the sandbox
push provider are on: the sandbox is the provider the push is handed to). A demo citizen registers
a phone and submits dossiers; a demo officer receives them:
- single: one at a time, each after the previous one's push was sent;
- burst: all of `--burst` at `--concurrency` requests in flight.
Latency per push = push_delivery.sent_at (set when the provider answered) − the time of the
dossier.received timeline row (the committed status change), both read from the database. After
the burst the resident memory (RSS) of the worker process and of the API's worker process is read
from /proc. Exits non-zero if a push is missing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.dataset import drop_database, recreate_database  # noqa: E402
from bench.server import Server  # noqa: E402
from scripts.push_latency import _receive, _submit, _sync_sign_in  # noqa: E402

MOTCUA = str(Path(sys.executable).with_name("motcua"))
LATENCY_SQL = """
SELECT (p.sent_at - e.at) AS took FROM push_delivery p
JOIN notification n ON n.id = p.notification
JOIN dossier_event e ON e.dossier = n.dossier_id AND e.event = 'dossier.received'
WHERE n.kind = 'received' AND p.state = 'sent' AND n.dossier_id = ANY($1::uuid[])
"""


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--single", type=int, default=20, help="single changes, one at a time")
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--modes", default="arq,embedded")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14",
                        help="a Redis database of its own: it is emptied")
    parser.add_argument("--database", default="motcua_push_bench")
    parser.add_argument("--keep", action="store_true", help="keep the database and work folder")
    return parser.parse_args()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def percentile(values: list[float], fraction: float) -> float:
    return values[min(len(values) - 1, int(len(values) * fraction))]


def summary(name: str, latencies: list[float], expected: int) -> str:
    if not latencies:
        return f"{name}: no push sent of {expected}"
    values = sorted(latencies)
    return (f"{name}: {len(values)}/{expected} pushes, p50 {statistics.median(values) * 1000:.0f} "
            f"ms, p99 {percentile(values, 0.99) * 1000:.0f} ms, max {values[-1] * 1000:.0f} ms")


async def latencies(dsn: str, ids: list[str], seconds: float) -> list[float]:
    conn = await asyncpg.connect(dsn)
    try:
        deadline = time.monotonic() + seconds
        while True:
            rows = await conn.fetch(LATENCY_SQL, [uuid.UUID(i) for i in ids])
            if len(rows) >= len(ids) or time.monotonic() > deadline:
                return [row["took"].total_seconds() for row in rows]
            await asyncio.sleep(0.05)
    finally:
        await conn.close()


async def scenario(base: str, dsn: str, args) -> tuple[list[float], list[float], int, int]:
    limits = httpx.Limits(max_connections=args.concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        citizen = await asyncio.to_thread(_sync_sign_in, base, "citizen-an")
        officer = await asyncio.to_thread(_sync_sign_in, base, "officer-dung")
        (await http.post("/v1/devices", headers=citizen, json={
            "platform": "fcm", "token": secrets.token_urlsafe(40), "app_version": "bench",
            "locale": "vi"})).raise_for_status()
        gate = asyncio.Semaphore(args.concurrency)
        warmup, *singles = await asyncio.gather(*[_submit(http, citizen, gate)
                                                  for _ in range(args.single + 1)])
        burst = await asyncio.gather(*[_submit(http, citizen, gate) for _ in range(args.burst)])
        await _receive(http, officer, warmup, gate)  # first use of every code path: not counted
        await latencies(dsn, [warmup], 15)
        single: list[float] = []
        for dossier_id in singles:
            await _receive(http, officer, dossier_id, gate)
            single += await latencies(dsn, [dossier_id], 15)
        started = time.monotonic()
        await asyncio.gather(*[_receive(http, officer, i, gate) for i in burst])
        answered = time.monotonic() - started
        burst_latencies = await latencies(dsn, burst, 120)
    return single, burst_latencies, len(singles), len(burst), answered


def run_motcua(env: dict[str, str], *command: str) -> None:
    subprocess.run([MOTCUA, *command], env=env, check=True, stdout=subprocess.DEVNULL)


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen([MOTCUA, "worker"], env=env, start_new_session=True,
                            stdout=log.open("ab"), stderr=subprocess.STDOUT)


async def one_mode(mode: str, args, work: Path) -> list[str]:
    dsn = f"{args.pg}/{args.database}"
    await recreate_database(f"{args.pg}/postgres", args.database)
    env = {"APP_ENV": "development", "DATABASE_URL": dsn, "MOTCUA_DATA_DIR": str(work),
           "LOG_LEVEL": "WARNING", "MOTCUA_SIGN_IN_RATE_LIMIT": "100000"}
    if mode == "arq":
        env["REDIS_URL"] = args.redis
        from redis.asyncio import Redis

        redis = Redis.from_url(args.redis)
        await redis.flushdb()
        await redis.aclose()
    else:
        env["REDIS_URL"] = ""  # embedded, whatever the caller's environment says
    full_env = {**os.environ, **env}
    run_motcua(full_env, "migrate")
    run_motcua(full_env, "seed-demo")
    server = Server(1, work / f"server-{mode}.log", env=env)
    worker = None
    lines = []
    try:
        server.start()
        if mode == "arq":
            worker = start_worker(full_env, work / "worker.log")
            await asyncio.sleep(2)  # its start-up sweep runs first
        started = time.monotonic()
        single, burst, n_single, n_burst, answered = await scenario(server.url, dsn, args)
        lines.append(f"## {mode} ({time.monotonic() - started:.0f} s)")
        lines.append(summary("single changes", single, n_single))
        lines.append(summary(f"burst of {n_burst} at {args.concurrency} in flight", burst,
                             n_burst) + f" (the {n_burst} requests answered in {answered:.1f} s)")
        api = children(server.process.pid) or [server.process.pid]
        lines.append("RSS after the burst: API worker "
                     + ", ".join(f"{rss_mb(pid):.0f} MB" for pid in api)
                     + (f"; worker {rss_mb(worker.pid):.0f} MB" if worker else ""))
        if len(single) < n_single or len(burst) < n_burst:
            lines.append("MISSING pushes")
    finally:
        if worker is not None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
        server.stop()
        if not args.keep:
            await drop_database(f"{args.pg}/postgres", args.database)
    return lines


async def main() -> int:
    args = arguments()
    work = Path(tempfile.mkdtemp(prefix="motcua-push-bench-"))
    report = [f"# push latency, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
              f"{os.cpu_count()} cores"]
    for mode in args.modes.split(","):
        print(f"- {mode}", flush=True)
        report += await one_mode(mode, args, work)
    print("\n".join(report))
    return 1 if any("MISSING" in line for line in report) else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
