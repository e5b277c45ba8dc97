"""`motcua serve` with no configuration at all: migrates, seeds demo data, answers /readyz, serves
the OpenAPI document, and stops promptly when asked. In production it refuses development
features before listening."""

import os
import re
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


def _motcua() -> str:
    beside_python = Path(sys.executable).with_name("motcua")
    found = str(beside_python) if beside_python.exists() else shutil.which("motcua")
    assert found, "the motcua command is not installed (run the set-up from the README)"
    return found


def _bare_environment(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(CONFIGURATION)}
    return {**env, "MOTCUA_DATA_DIR": str(data_dir), **extra}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(base: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
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
def _serving(tmp_path: Path, *options: str, stop: signal.Signals = signal.SIGTERM,
             started: list[subprocess.Popen] | None = None):
    """Run `motcua serve` until it answers /readyz; on leaving, stop it and check it stops.
    `started` receives the process."""
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [_motcua(), "serve", "--port", str(port), *options],
            env=_bare_environment(tmp_path / "data"),
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its workers can be killed with it if it hangs
        )
    base = f"http://127.0.0.1:{port}"
    if started is not None:
        started.append(process)
    try:
        _wait_ready(base, process, log)
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


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_with_no_configuration_answers_and_stops(tmp_path, stop):
    with _serving(tmp_path, stop=stop) as base:
        ready = httpx.get(f"{base}/readyz").json()
        assert ready["checks"] == {"database": "ok", "queue": "ok"}
        # The embedded database lives in the data directory, not in the working directory.
        assert (tmp_path / "data" / "motcua.sqlite3").exists()

        document = httpx.get(f"{base}/schema/openapi.json").json()
        assert {"/v1/services", "/v1/auth/sso", "/v1/me"} <= set(document["paths"])
        # Demo data is there on the first start.
        services = httpx.get(f"{base}/v1/services")
        assert services.status_code == 200 and services.json()["items"], services.text


def test_metrics_add_up_across_worker_processes(tmp_path):
    with _serving(tmp_path, "--workers", "2") as base:
        with httpx.Client(base_url=base) as http:  # reused connection: one worker would see all
            for _ in range(3):
                assert http.get("/readyz").status_code == 200
        for _ in range(3):  # a new connection each time, which either worker may take
            assert httpx.get(f"{base}/readyz").status_code == 200
        text = httpx.get(f"{base}/metrics").text
        pattern = r'^motcua_requests_total\{[^}]*path="/readyz"[^}]*status_code="200"[^}]*\} (\S+)'
        counted = re.findall(pattern, text, re.M)
        # The wait for readiness got exactly one 200 from /readyz, then the six above.
        assert counted and sum(float(n) for n in counted) == 7, text
        assert list((tmp_path / "data" / "prometheus").glob("*.db")), "no shared metric files"


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads worker processes from /proc")
def test_a_worker_that_dies_is_replaced_while_the_other_serves(tmp_path):
    started: list[subprocess.Popen] = []
    with _serving(tmp_path, "--workers", "2", started=started) as base:
        log = tmp_path / "serve.log"
        deadline = time.monotonic() + 30  # /readyz answered once one worker was up: both, now
        while log.read_text().count("Started worker-") < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = _children(started[0].pid)
        assert len(workers) == 2, workers
        victim = min(workers)
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert httpx.get(f"{base}/healthz", timeout=5).status_code == 200
            now = _children(started[0].pid)
            if (len(now) == 2 and victim not in now
                    and log.read_text().count("Started worker-") == 3):  # the new one is up
                break
            time.sleep(0.2)
        else:
            pytest.fail(f"no worker took the place of {victim}: {_children(started[0].pid)}\n"
                        f"{log.read_text()}")
        for _ in range(6):  # new connections, which either worker may take
            assert httpx.get(f"{base}/readyz").status_code == 200


def test_production_refuses_to_serve_with_development_features(tmp_path):
    result = subprocess.run(
        [_motcua(), "serve", "--port", str(_free_port())],
        env=_bare_environment(tmp_path, APP_ENV="production", MOTCUA_DEV_SIGN_IN="1"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "APP_ENV=production refuses to start" in result.stderr
    for feature in ("MOTCUA_DEV_SIGN_IN", "SSO_ISSUER", "MOTCUA_TOKEN_KEY_FILE"):
        assert feature in result.stderr
    assert not (tmp_path / "motcua.sqlite3").exists()  # refused before touching anything
