"""Helpers for the push resilience tests: a Redis server of the test's own (so stopping it leaves
the shared one alone) and an arq worker restarted by a supervisor, as a process manager would."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
import redis.asyncio as aioredis
from live_support import WAIT_SECONDS, free_port

from app.domains import all_job_specs
from core.db import current_engine
from jobs.supervisor import supervise

log = logging.getLogger("tests.resilience")


def redis_port() -> int:
    """A free port, from MOTCUA_FAULT_REDIS_PORTS ("6390-6399") when set (machines where
    several people test at once give each a range), else any free one."""
    wanted = os.environ.get("MOTCUA_FAULT_REDIS_PORTS", "")
    if "-" in wanted:
        low, high = (int(part) for part in wanted.split("-", 1))
        for port in range(low, high + 1):
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    return free_port()


class OwnRedis:
    """A redis-server on a free port, without persistence, that a test may stop and start."""

    def __init__(self, workdir: Path) -> None:
        if shutil.which("redis-server") is None:
            pytest.skip("redis-server is not installed")
        self.port = redis_port()
        self.workdir = workdir
        self.process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            "redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(self.workdir),
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        client = aioredis.Redis.from_url(self.url)
        try:
            async with asyncio.timeout(WAIT_SECONDS):
                while True:
                    try:
                        if await client.ping():
                            return
                    except OSError:
                        pass
                    except aioredis.ConnectionError:
                        pass
                    await asyncio.sleep(0.05)
        finally:
            await client.aclose()

    def freeze(self) -> None:
        """SIGSTOP: the server keeps its connections open and answers nothing."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGCONT)

    async def stop(self) -> None:
        if self.process is not None:
            self.thaw()
            self.process.terminate()
            await asyncio.wait_for(self.process.wait(), WAIT_SECONDS)
            self.process = None


@asynccontextmanager
async def own_redis(workdir: Path) -> AsyncIterator[OwnRedis]:
    server = OwnRedis(workdir)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@asynccontextmanager
async def supervised_worker(settings, specs=None) -> AsyncIterator[None]:
    """`motcua worker` on the test's loop and database: arq workers restarted by the supervisor
    of jobs.supervisor when Redis fails, the outbox run from the database meanwhile."""
    stop = asyncio.Event()
    specs = all_job_specs() if specs is None else specs
    task = asyncio.create_task(supervise(settings, stop, specs=specs, periodic=[],
                                         engine=current_engine()))
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
