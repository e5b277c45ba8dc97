"""Status change → push latency under load, against a running motcua with sandbox push.

A demo citizen registers a phone; N dossiers are submitted; a demo officer then receives all of
them with C requests in flight at once. For every push the sandbox recorded as sent, the latency
is push_delivery.sent_at − the dossier.received timeline row's time (the committed status change).
Reads those two timestamps from the service's database (DATABASE_URL, as the server uses it).

    DATABASE_URL=sqlite:///var/motcua.sqlite3 uv run python scripts/push_latency.py \
        --base http://127.0.0.1:8000 --dossiers 200 --concurrency 32
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import statistics
import time

import httpx

from scripts.demo_journey import SERVICE, sign_in


async def _submit(http: httpx.AsyncClient, citizen: dict, gate: asyncio.Semaphore) -> str:
    async with gate:
        draft = (await http.post("/v1/dossiers", json={"service_code": SERVICE},
                                 headers=citizen)).json()
        path = f"/v1/dossiers/{draft['id']}"
        await http.patch(path, json={"form_data": {
            "loai_trich_luc": "Khai sinh", "ho_ten": "Nguyễn Văn An", "so_ban": 1}},
            headers=citizen)
        done = await http.post(f"{path}/submit", json={"result_delivery": "postal"},
                               headers=citizen)
        done.raise_for_status()
        return draft["id"]


async def _receive(http: httpx.AsyncClient, officer: dict, dossier_id: str,
                   gate: asyncio.Semaphore) -> None:
    async with gate:
        answer = await http.post(f"/v1/officer/dossiers/{dossier_id}/actions",
                                 json={"action": "receive"}, headers=officer)
        answer.raise_for_status()


async def _latencies(dossier_ids: list[str], wait_seconds: float) -> list[float]:
    import uuid

    # The pushes are timed from the database; everything else here is plain HTTP.
    from core.db import close_engine, current_engine, open_engine
    from models.dossiers import DossierEvent
    from models.notifications import PushDelivery

    engine = current_engine()
    await open_engine(engine, pool_size=2)
    try:
        ids = [uuid.UUID(i) for i in dossier_ids]
        deadline = time.monotonic() + wait_seconds
        while True:
            pushes = await PushDelivery.select(
                PushDelivery.sent_at, PushDelivery.notification.dossier_id
            ).where(
                PushDelivery.notification.dossier_id.is_in(ids)
                & (PushDelivery.notification.kind == "received")
                & (PushDelivery.state == "sent")
            )
            if len(pushes) >= len(ids) or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.5)
        events = await DossierEvent.select(DossierEvent.dossier, DossierEvent.at).where(
            DossierEvent.dossier.is_in(ids) & (DossierEvent.event == "dossier.received"))
        changed = {row["dossier"]: row["at"] for row in events}
        return sorted((p["sent_at"] - changed[p["notification.dossier_id"]]).total_seconds()
                      for p in pushes if p["notification.dossier_id"] in changed)
    finally:
        await close_engine(engine)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--dossiers", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    limits = httpx.Limits(max_connections=args.concurrency)
    async with httpx.AsyncClient(base_url=args.base, timeout=60, limits=limits) as http:
        citizen = await asyncio.to_thread(_sync_sign_in, args.base, "citizen-an")
        officer = await asyncio.to_thread(_sync_sign_in, args.base, "officer-dung")
        device = await http.post("/v1/devices", headers=citizen, json={
            "platform": "fcm", "token": secrets.token_urlsafe(40), "app_version": "bench",
            "locale": "vi"})
        device.raise_for_status()
        gate = asyncio.Semaphore(args.concurrency)
        ids = await asyncio.gather(*[_submit(http, citizen, gate) for _ in range(args.dossiers)])
        started = time.monotonic()
        await asyncio.gather(*[_receive(http, officer, i, gate) for i in ids])
        elapsed = time.monotonic() - started
    latencies = await _latencies(ids, wait_seconds=120)
    print(f"{len(ids)} status changes in {elapsed:.1f} s "
          f"({len(ids) / elapsed:.0f}/s, {args.concurrency} in flight); "
          f"{len(latencies)} pushes sent")
    if latencies:
        p50 = statistics.median(latencies)
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        print(f"status change → push: p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
              f"max {latencies[-1] * 1000:.0f} ms")


def _sync_sign_in(base: str, person: str) -> dict[str, str]:
    with httpx.Client(base_url=base, timeout=30) as http:
        return sign_in(http, person)


if __name__ == "__main__":
    asyncio.run(main())
