"""`motcua serve` as a subprocess with no configuration at all, for tests that talk to it over
HTTP: a free port, a bare environment (none of the service's settings), readiness, and a stop
that must be prompt and clean."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

CONFIGURATION = ("APP_ENV", "DATABASE_URL", "REDIS_URL", "SSO_", "STRIPE_", "MOTCUA_", "LOG_")


def motcua_command() -> str:
    beside_python = Path(sys.executable).with_name("motcua")
    found = str(beside_python) if beside_python.exists() else shutil.which("motcua")
    assert found, "the motcua command is not installed (run the set-up from the README)"
    return found


def bare_environment(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(CONFIGURATION)}
    return {**env, "MOTCUA_DATA_DIR": str(data_dir), **extra}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(base: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    pytest.fail(f"/readyz did not answer 200 within {timeout}s:\n{log.read_text()}")


@contextmanager
def serving(tmp_path: Path, *options: str, stop: signal.Signals = signal.SIGTERM,
             started: list[subprocess.Popen] | None = None, env: dict[str, str] | None = None):
    """Run `motcua serve` until it answers /readyz; on leaving, stop it and check it stops.
    `started` receives the process; `env` adds settings (`{port}` in a value is the port)."""
    port = free_port()
    extra = {name: value.replace("{port}", str(port)) for name, value in (env or {}).items()}
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [motcua_command(), "serve", "--port", str(port), *options],
            env=bare_environment(tmp_path / "data", **extra),
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its workers can be killed with it if it hangs
        )
    base = f"http://127.0.0.1:{port}"
    if started is not None:
        started.append(process)
    try:
        wait_ready(base, process, log)
        yield base
    finally:
        process.send_signal(stop)
        try:
            code = process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # no worker left behind, holding a port
            process.wait()
            pytest.fail(f"serve did not stop within 10s of {stop.name}:\n{log.read_text()}")
    assert code in (0, -stop, 128 + stop), log.read_text()
    assert "Traceback" not in log.read_text(), log.read_text()
