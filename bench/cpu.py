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
