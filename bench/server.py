"""The service under test: `motcua serve --no-setup --workers N` (granian) in a subprocess, with
production settings (APP_ENV=production passes its start-up checks)."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_signing_key(path: Path) -> None:
    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())
    path.write_bytes(pem)
    path.chmod(0o600)


def production_env(database_url: str, redis_url: str, data_dir: Path) -> dict[str, str]:
    """What production needs, for this machine. Two values name services the benchmark never
    calls (no sign-in through SSO happens, no worker sends national records); see README."""
    key = data_dir / "token-signing-key.pem"
    if not key.exists():
        write_signing_key(key)
    claims_key = data_dir / "claims.key"
    if not claims_key.exists():
        claims_key.write_bytes(Fernet.generate_key())
        claims_key.chmod(0o600)
    # The benchmark issues no result, so the agencies' signing directory may stay empty.
    signing_dir = data_dir / "signing"
    signing_dir.mkdir(exist_ok=True)
    return {
        "APP_ENV": "production",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "MOTCUA_DATA_DIR": str(data_dir),
        "MOTCUA_TOKEN_KEY_FILE": str(key),
        "MOTCUA_CLAIMS_KEY_FILE": str(claims_key),
        "MOTCUA_SIGNING_DIR": str(signing_dir),
        # The address tokens name as their issuer; the benchmark's clients never check it.
        "MOTCUA_PUBLIC_URL": "http://127.0.0.1",
        "SSO_ISSUER": "https://sso.bench.invalid",
        "SSO_CLIENT_SECRET": "bench-not-used",
        "NATIONAL_SYNC_URL": "http://127.0.0.1:9/national-sync-not-used",
        "BANK_NOTICE_SECRET": secrets.token_hex(32),
        "LOG_LEVEL": "WARNING",
    }


class Server:
    def __init__(self, workers: int, log_path: Path, env: dict[str, str] | None = None,
                 port: int | None = None) -> None:
        """`env`: settings on top of production_env() (which run.py put in os.environ);
        `port`: a fixed one, else any free port."""
        self.workers = workers
        self.port = port or free_port()
        self.log_path = log_path
        self.env = env or {}
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> None:
        env = {**os.environ, **self.env}  # run.py put production_env() there
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)  # serve sets its own for several workers
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("motcua")), "serve", "--no-setup",
             "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(self.workers)],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"server exited ({self.process.returncode}); see {self.log_path}")
            try:
                if httpx.get(self.url + "/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"server not ready after {timeout}s; see {self.log_path}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # Its own session: the signal reaches granian's workers and nothing else.
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)
