"""localstripe, a stateful fake Stripe server, run as a separate process for the card tests.

localstripe is GPL: it is never imported. It lives in its own virtual environment
(.venv-localstripe, created here on first use with `python -m venv` + pip) and runs as
`localstripe --from-scratch --port N`. If it cannot be installed the card platform tests skip,
except under CI=true where that fails the run.

Use the fixture `localstripe` by importing its function into the test module:

    from tests.localstripe_support import localstripe_server  # noqa: F401"""

from __future__ import annotations

import fcntl
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("MOTCUA_LOCALSTRIPE_VENV", ROOT / ".venv-localstripe"))
SECRET_KEY = "sk_test_motcua"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def unavailable(what: str, error: Exception) -> None:
    message = f"{what} is not available: {type(error).__name__}: {error}"
    if IN_CI:
        pytest.fail(f"{message} (CI=true: a missing service is a failure)", pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _installed() -> Path:
    """The localstripe executable, installing it into its own venv if needed."""
    executable = VENV / "bin" / "localstripe"
    VENV.parent.mkdir(parents=True, exist_ok=True)
    with open(VENV.parent / ".venv-localstripe.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel test processes install once
        if not executable.exists():
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True,
                           timeout=120, capture_output=True)
            subprocess.run([str(VENV / "bin" / "python"), "-m", "pip", "install", "-q",
                            "localstripe"], check=True, timeout=300, capture_output=True)
    return executable


@dataclass
class LocalStripe:
    base_url: str
    log: Path
    api_key: str = SECRET_KEY

    def logged(self, text: str) -> int:
        """How many lines of localstripe's output contain `text` (it logs each webhook
        delivery with the answer it got)."""
        return sum(text in line for line in self.log.read_text(errors="replace").splitlines())

    def wait_logged(self, text: str, more_than: int, seconds: float = 15) -> None:
        deadline = time.monotonic() + seconds
        while self.logged(text) <= more_than:
            assert time.monotonic() < deadline, f"localstripe never logged {text!r}"
            time.sleep(0.1)

    def http(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=10,
                            headers={"Authorization": f"Bearer {self.api_key}"})

    def register_webhook(self, name: str, url: str, secret: str) -> None:
        with self.http() as http:
            http.post(f"/_config/webhooks/{name}",
                      data={"url": url, "secret": secret}).raise_for_status()

    def card(self, number: str = "4242424242424242") -> str:
        """A card PaymentMethod id (4242…: accepted; 4000000000000341: declined)."""
        with self.http() as http:
            answer = http.post("/v1/payment_methods", data={
                "type": "card", "card[number]": number, "card[exp_month]": "12",
                "card[exp_year]": "2030", "card[cvc]": "123"})
            answer.raise_for_status()
            return answer.json()["id"]

    def pay(self, intent_id: str, number: str = "4242424242424242") -> dict[str, Any]:
        """What the app does with the client secret: attach a card and confirm. localstripe
        refuses `payment_method` on confirm, so the card is attached by an update first."""
        method = self.card(number)
        with self.http() as http:
            http.post(f"/v1/payment_intents/{intent_id}",
                      data={"payment_method": method}).raise_for_status()
            answer = http.post(f"/v1/payment_intents/{intent_id}/confirm")
            return answer.json()

    def intent(self, intent_id: str) -> dict[str, Any]:
        with self.http() as http:
            answer = http.get(f"/v1/payment_intents/{intent_id}")
            answer.raise_for_status()
            return answer.json()

    def flush(self) -> None:
        with self.http() as http:
            http.delete("/_config/data").raise_for_status()


def _wait_until_up(base_url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"localstripe exited: {log.read_text()[-2000:]}")
        try:
            httpx.get(f"{base_url}/v1/balance", timeout=1,
                      headers={"Authorization": f"Bearer {SECRET_KEY}"})
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("localstripe did not start within 30 s")


@pytest.fixture(scope="session", name="localstripe")
def localstripe_server(tmp_path_factory) -> Iterator[LocalStripe]:
    try:
        executable = _installed()
    except (OSError, subprocess.SubprocessError) as exc:
        unavailable("localstripe (pip install into .venv-localstripe)", exc)
    port = free_port()
    workdir = tmp_path_factory.mktemp("localstripe")
    log = workdir / "localstripe.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([str(executable), "--from-scratch", "--port", str(port)],
                                   cwd=workdir, stdout=out, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, process, log)
    except RuntimeError as exc:
        process.kill()
        process.wait(10)
        unavailable("localstripe", exc)
    try:
        yield LocalStripe(base_url, log)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
