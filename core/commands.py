"""What a `motcua` command needs to do its work: the configured database opened for it, and a
domain's refusal shown as a command-line error."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import click

from core.changes import BUS
from core.db import close_engine, current_engine, open_engine
from core.problems import Problem
from core.settings import load_settings

T = TypeVar("T")


def run_with_engine(work: Callable[[], Awaitable[T]]) -> T:
    """Open the configured database, run `work`, and always close it (aiosqlite's threads
    would otherwise keep the process alive). What `work` changes is announced to the running
    API processes (core/changes.py), so their caches forget it."""

    async def main() -> T:
        engine = current_engine()
        await open_engine(engine, pool_size=2)
        await BUS.start(load_settings().redis_url, subscribe=False)
        try:
            return await work()
        finally:
            await BUS.stop()
            await close_engine(engine)

    return asyncio.run(main())


def run_or_refuse(work: Callable[[], Awaitable[T]]) -> T:
    """`run_with_engine`, a Problem becoming the command's error message (English)."""
    try:
        return run_with_engine(work)
    except Problem as problem:
        detail = problem.detail.get("en") if isinstance(problem.detail, dict) else problem.detail
        raise click.ClickException(detail or problem.titles["en"]) from problem
