"""The production topology in subprocesses, for the fault-injection suite: a fresh PostgreSQL
database, `motcua serve --workers 1` and one `motcua worker` on a private Redis, and a local FCM
that records every push the worker hands it."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import secrets
import signal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
from serve_support import bare_environment, free_port, motcua_command

REDIRECT = "vn.gov.motcua:/oauth2redirect"


class Process:
    """A `motcua` subprocess in its own session, logging to a file."""

    def __init__(self, env: dict[str, str], log: Path, *args: str) -> None:
        self.env, self.log, self.args = env, log, args
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        out = self.log.open("ab")
        self.process = await asyncio.create_subprocess_exec(
            motcua_command(), *self.args, env=self.env, stdout=out, stderr=out,
            start_new_session=True)

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.returncode is None

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)

    async def stop(self) -> None:
        if not self.alive:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(self.process.wait(), 20)
        except TimeoutError:
            os.killpg(self.process.pid, signal.SIGKILL)
            await self.process.wait()


async def run_command(env: dict[str, str], *args: str) -> None:
    process = await asyncio.create_subprocess_exec(
        motcua_command(), *args, env=env, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE)
    _, err = await process.communicate()
    assert process.returncode == 0, err.decode()[-2000:]


def topology_env(tmp_path: Path, database_url: str, redis_url: str, fcm) -> dict[str, str]:
    return bare_environment(
        tmp_path, APP_ENV="development", DATABASE_URL=database_url, REDIS_URL=redis_url,
        FCM_SERVICE_ACCOUNT_FILE=str(fcm.write_service_account(tmp_path)),
        FCM_API_BASE=fcm.url, LOG_LEVEL="WARNING", MOTCUA_SIGN_IN_RATE_LIMIT="10000")


async def start_server(env: dict[str, str], tmp_path: Path) -> tuple[Process, str]:
    port = free_port()
    server = Process(env, tmp_path / "serve.log", "serve", "--no-setup", "--host", "127.0.0.1",
                     "--port", str(port), "--workers", "1")
    await server.start()
    base = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(base_url=base, timeout=2) as http:
        for _ in range(300):
            assert server.alive, (tmp_path / "serve.log").read_text()[-3000:]
            try:
                if (await http.get("/readyz")).status_code == 200:
                    return server, base
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise AssertionError("serve did not become ready")


async def sign_in_answer(http: httpx.AsyncClient, person: str) -> httpx.Response:
    """The development sign-in (code + PKCE): the last answer (the tokens, or the refusal)."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    nonce = secrets.token_urlsafe(16)
    chosen = await http.post("/dev-sso/authorize", data={
        "response_type": "code", "client_id": "motcua-app", "redirect_uri": REDIRECT,
        "code_challenge": challenge.rstrip(b"=").decode(), "code_challenge_method": "S256",
        "state": "s", "nonce": nonce, "person": person})
    if chosen.status_code != 303:
        return chosen
    code = parse_qs(urlsplit(chosen.headers["location"]).query)["code"][0]
    return await http.post("/v1/auth/sso", json={
        "code": code, "code_verifier": verifier, "redirect_uri": REDIRECT, "nonce": nonce})


async def sign_in(http: httpx.AsyncClient, person: str) -> tuple[dict[str, str], str]:
    """Signed in: the bearer header and the refresh token."""
    tokens = await sign_in_answer(http, person)
    assert tokens.status_code == 200, tokens.text
    body = tokens.json()
    return {"Authorization": f"Bearer {body['access_token']}"}, body["refresh_token"]
