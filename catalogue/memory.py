"""Catalogue rows kept in each API process's memory (core/cache.py).

Every submission reads its service, its document slots and its fee schedule; the catalogue
changes a few times a year, and every change goes through catalogue/store.py, which announces
it: each process then forgets everything kept here (fees included, so a new fee applies to the
next submission on every process)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from core.cache import RowCache

CATALOGUE = RowCache("catalogue", size=10_000, whole=True)


async def kept(what: str, key: Any, load: Callable[[], Awaitable[Any]]) -> Any:
    """`load()`'s answer for (`what`, `key`), from memory when this process has it. Callers
    treat the answer as read-only: it is shared by every request of the process."""
    return await CATALOGUE.get_or_load(f"{what}:{key}", load)
