"""Where the cores go: CPU seconds of the server's processes, of the PostgreSQL backends serving
the bench database, and of wrk, per measured run — read from /proc (Linux).

With client and server on the same two cores, requests/s alone cannot tell a slow endpoint
from a starved one; CPU milliseconds per request can."""

from __future__ import annotations

import os
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: str) -> tuple[int, float] | None:
    """(session id, CPU seconds) of a process, or None if it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw.rsplit(")", 1)[1].split()  # the name in parentheses may hold spaces
    return int(fields[3]), (int(fields[11]) + int(fields[12])) / TICK


def session_cpu(session: int) -> float:
    """CPU seconds of every live process in `session` (the server and its workers)."""
    total = 0.0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            found = _stat(entry)
            if found and found[0] == session:
                total += found[1]
    return total


def pids_cpu(pids: list[int]) -> dict[int, float]:
    found = {}
    for pid in pids:
        stat = _stat(str(pid))
        if stat:
            found[pid] = stat[1]
    return found


def children_cpu() -> float:
    """CPU seconds of this process's finished children (wrk runs)."""
    usage = os.times()
    return usage.children_user + usage.children_system


async def backend_pids(conn) -> list[int]:
    """The PostgreSQL backends serving `conn`'s database, other than `conn` itself."""
    rows = await conn.fetch("SELECT pid FROM pg_stat_activity WHERE datname = "
                            "current_database() AND pid <> pg_backend_pid()")
    return [r["pid"] for r in rows]


def spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds between two pids_cpu() readings (a process new since counts from zero)."""
    return sum(t - before.get(pid, 0.0) for pid, t in after.items())
