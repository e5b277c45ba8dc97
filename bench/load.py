"""Load with wrk (client and server share this machine's cores) and what its report says."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

LUA = Path(__file__).parent / "lua"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


@dataclass(frozen=True)
class Measured:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    not_2xx: int  # "Non-2xx or 3xx responses"
    socket_errors: int

    @property
    def clean(self) -> bool:
        return self.not_2xx == 0 and self.socket_errors == 0


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse(output: str) -> Measured:
    def find(pattern: str, default: str | None = None) -> str:
        match = re.search(pattern, output)
        if match is None:
            if default is None:
                raise ValueError(f"wrk output lacks {pattern!r}:\n{output}")
            return default
        return match.group(1)

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       output)
    return Measured(
        requests_per_second=float(find(r"Requests/sec:\s+([\d.]+)")),
        p50_ms=_ms(find(r"\n\s+50%\s+(\S+)")),
        p99_ms=_ms(find(r"\n\s+99%\s+(\S+)")),
        requests=int(find(r"(\d+) requests in")),
        not_2xx=int(find(r"Non-2xx or 3xx responses: (\d+)", "0")),
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


def wrk(url: str, *, script: str, requests_file: Path, seconds: float, connections: int,
        threads: int) -> tuple[Measured, str]:
    """One wrk run; `requests_file` lists what the Lua script sends."""
    duration = f"{max(1, round(seconds))}s"  # wrk takes whole seconds
    command = ["wrk", "--latency", f"-t{threads}", f"-c{connections}", f"-d{duration}",
               "--timeout", "10s", "-s", str(LUA / script), url, "--", str(threads)]
    env = {**os.environ, "BENCH_REQUESTS": str(requests_file)}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout}{done.stderr}")
    return parse(done.stdout), done.stdout
