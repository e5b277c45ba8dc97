"""What refund tests share: a paid dossier, the jobs run to the end, the citizen's view (refund
orders, inbox, payment) and the accountant of the dossier's agency."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from tests.auth_helpers import sign_in
from tests.dossier_factories import JUDICIAL, agency_of

REFUNDED_VI = "đã được hoàn lại"


async def run_jobs(app, seconds: float = 15.0) -> None:
    """Run outbox rows due now (refund orders, notices) until none is pending or running —
    whichever runner, this one or the app's own, picked them up."""
    import datetime as dt

    from models.jobs import OutboxEvent

    deadline = asyncio.get_running_loop().time() + seconds
    while asyncio.get_running_loop().time() < deadline:
        await app.state.jobs.drain_once()
        busy = await OutboxEvent.count().where(
            OutboxEvent.status.is_in(["pending", "running"])
            & (OutboxEvent.available_at <= dt.datetime.now(dt.UTC)))
        if busy == 0:
            return
        await asyncio.sleep(0.05)


async def citizen_view(client: httpx.AsyncClient, citizen: dict[str, str],
                       dossier_id: str, payment_id: str) -> dict[str, Any]:
    refunds = await client.get(f"/v1/dossiers/{dossier_id}/refunds", headers=citizen)
    assert refunds.status_code == 200, refunds.text
    inbox = (await client.get("/v1/notifications", params={"limit": 100},
                              headers=citizen)).json()["items"]
    payment = (await client.get(f"/v1/payments/{payment_id}", headers=citizen)).json()
    receipt = await client.get(f"/v1/payments/{payment_id}/receipt", headers=citizen)
    return {"refunds": refunds.json()["items"], "kinds": [n["kind"] for n in inbox],
            "texts": " ".join(f"{n['title']} {n['body']}" for n in inbox),
            "payment_state": payment["state"],
            "receipt": receipt.json() if receipt.status_code == 200 else None}


async def accountant_headers(client: httpx.AsyncClient, service: str = JUDICIAL) -> dict:
    return await sign_in(client, role="accountant", agency_unit_code=await agency_of(service))


async def act(client: httpx.AsyncClient, accountant: dict[str, str], refund_id: int,
              action: str, **body: str) -> httpx.Response:
    return await client.post(f"/v1/accountant/refunds/{refund_id}/actions",
                             json={"action": action, **body}, headers=accountant)
