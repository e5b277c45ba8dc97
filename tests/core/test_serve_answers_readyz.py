"""`motcua serve` with no configuration at all: migrates, seeds demo data, answers /readyz, serves
the OpenAPI document, and stops promptly when asked. In production it refuses development
features before listening."""

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.serve_support import bare_environment, free_port, motcua_command, serving


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_with_no_configuration_answers_and_stops(tmp_path, stop):
    with serving(tmp_path, stop=stop) as base:
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
    with serving(tmp_path, "--workers", "2") as base:
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
    with serving(tmp_path, "--workers", "2", started=started) as base:
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
        [motcua_command(), "serve", "--port", str(free_port())],
        env=bare_environment(tmp_path, APP_ENV="production", MOTCUA_DEV_SIGN_IN="1"),
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
