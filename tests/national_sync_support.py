"""Helpers for the national sync tests: a fake national portal over real HTTP, dossier rows
inserted directly, events published as a transition would, and running the sync job's rows."""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from catalogue.seed import seed_demo
from core.db import transaction
from dossiers.states import NATIONAL_STATUS
from jobs import leases
from jobs.publish import publish
from models.catalogue import Service
from models.dossiers import Dossier
from models.jobs import OutboxEvent
from national_sync.jobs import JOBS
from tests.auth_helpers import create_person

UTC = dt.UTC
SPECS = {spec.name: spec for spec in JOBS}
JOB = "national_sync.push"
SERVICE_CODE = "HN.HT.001"  # demo birth registration
APPLICANT_ID_NUMBER = "001203004567"


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: str = '{"error_code": "0"}'
    hold: threading.Event | None = None  # answer only once this is set


class FakePortal:
    """A local HTTP server that records each request and answers from a script (then 200)."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.script: list[Reply] = []
        self.arrived = threading.Event()
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                portal.requests.append({"path": self.path, "headers": dict(self.headers),
                                        "json": json.loads(body)})
                portal.arrived.set()
                reply = portal.script.pop(0) if portal.script else Reply()
                if reply.hold is not None:
                    reply.hold.wait(10)
                data = reply.body.encode()
                self.send_response(reply.status)
                for name, value in {"Content-Type": "application/json", **reply.headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/dongbo"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakePortal:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def records(self) -> list[dict[str, Any]]:
        return [request["json"]["data"][0] for request in self.requests]


async def make_dossier(state: str = "received", *, code: str = "000.00.01.H22-260302-0001",
                       **columns: Any) -> dict[str, Any]:
    """A dossier of a demo service in `state`, inserted as the lifecycle would have left it."""
    if await Service.count() == 0:
        await seed_demo()
    service = await Service.select(Service.id, Service.agency).where(
        Service.code == SERVICE_CODE).first()
    applicant = await create_person(full_name="Trần Thị Bình", id_number=APPLICANT_ID_NUMBER)
    values = {
        "submitted_at": dt.datetime(2026, 3, 1, 16, 45, tzinfo=UTC),
        "received_at": dt.datetime(2026, 3, 2, 1, 30, tzinfo=UTC),
        "due_at": dt.datetime(2026, 3, 6, 10, 0, tzinfo=UTC),
        **columns,
    }
    dossier = Dossier(service=service["id"], agency=service["agency"], applicant=applicant,
                      state=state, status_code=NATIONAL_STATUS[state], code=code, **values)
    await dossier.save()
    return await Dossier.select().where(Dossier.id == dossier.id).first()


async def change(dossier: dict[str, Any], state: str, **columns: Any) -> dict[str, Any]:
    """Move the dossier to `state` (bumping its version) and publish the event, in one
    transaction, as dossiers.transitions does."""
    async with transaction():
        await Dossier.update({
            Dossier.state: state, Dossier.status_code: NATIONAL_STATUS[state],
            Dossier.version: Dossier.version + 1,
            **{getattr(Dossier, name): value for name, value in columns.items()},
        }).where(Dossier.id == dossier["id"])
        await announce(dossier["id"], state, key=f"{state}-{dossier['version'] + 1}")
    return await Dossier.select().where(Dossier.id == dossier["id"]).first()


async def announce(dossier_id: Any, state: str, *, key: str) -> int:
    """Publish `dossier.<state>` for the dossier; returns the sync job's outbox row id."""
    async def write() -> list[int]:
        return await publish(f"dossier.{state}", {"dossier_id": str(dossier_id),
                                                  "to_state": state}, event_key=key)

    from core.db import in_transaction

    if in_transaction():
        await write()
    else:
        async with transaction():
            await write()
    row = await OutboxEvent.select(OutboxEvent.id).where(
        (OutboxEvent.job == JOB) & (OutboxEvent.dedup_key == f"dossier.{state}:{key}:{JOB}")
    ).first()
    return row["id"]


async def run_row(event_id: int) -> leases.Outcome | None:
    """Claim and run one sync row now, as a runner would; None if it is not due."""
    claimed = await leases.claim(event_id)
    if claimed is None:
        return None
    return await leases.run_claimed(claimed, SPECS)


async def row(event_id: int) -> dict[str, Any]:
    return await OutboxEvent.select().where(OutboxEvent.id == event_id).first()


async def make_due(event_id: int) -> None:
    past = dt.datetime.now(UTC) - dt.timedelta(seconds=1)
    await OutboxEvent.update({OutboxEvent.available_at: past}).where(OutboxEvent.id == event_id)


async def until(predicate, seconds: float = 15.0) -> None:
    """Wait until `predicate()` (a plain or an async function) is true."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not await _value(predicate()):
        assert asyncio.get_running_loop().time() < deadline, "condition not reached in time"
        await asyncio.sleep(0.05)


async def _value(result: Any) -> Any:
    return await result if inspect.isawaitable(result) else result
