"""A local postal partner for webhook tests: a real HTTP server on 127.0.0.1 (a free port, in a
thread) that verifies EVERY request's Standard Webhooks signature with the `standardwebhooks`
package and answers from a script:

    partner = PartnerServer(secret)
    partner.script(500, 200)                       # statuses, in order; then 200 for ever
    partner.script((429, {"Retry-After": "7"}), ("sleep", 2.0), 410)

`partner.received` lists every request (webhook-id, verified, parsed body); `bad_signatures`
those that failed verification."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook, WebhookVerificationError


@dataclass
class Received:
    webhook_id: str
    verified: bool
    body: dict | None
    error: str = ""


@dataclass
class PartnerServer:
    secret: str
    received: list[Received] = field(default_factory=list)
    _script: list = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> PartnerServer:
        partner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                partner._record(dict(self.headers.items()), body)
                step = partner._next()
                if isinstance(step, tuple) and step[0] == "sleep":
                    time.sleep(step[1])  # longer than the sender's timeout
                    step = 200
                status, headers = step if isinstance(step, tuple) else (step, {})
                payload = b'{"ok":true,"note":"call 0912345678 for help"}'
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                try:
                    self.wfile.write(payload)
                except OSError:
                    pass  # the sender gave up waiting

            def log_message(self, *_args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def script(self, *steps) -> None:
        with self._lock:
            self._script = list(steps)

    def _next(self):
        with self._lock:
            return self._script.pop(0) if self._script else 200

    def _record(self, headers: dict[str, str], body: bytes) -> None:
        lowered = {k.lower(): v for k, v in headers.items()}
        try:
            Webhook(self.secret).verify(body, lowered, json_parse=False)
            entry = Received(lowered.get("webhook-id", ""), True, json.loads(body))
        except (WebhookVerificationError, ValueError) as exc:
            entry = Received(lowered.get("webhook-id", ""), False, None, str(exc))
        with self._lock:
            self.received.append(entry)

    @property
    def bad_signatures(self) -> list[Received]:
        return [entry for entry in self.received if not entry.verified]

    @property
    def ids(self) -> list[str]:
        return [entry.webhook_id for entry in self.received]
