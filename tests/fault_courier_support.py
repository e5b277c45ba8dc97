"""The postal partner in the fault-injection suite: a courier's local HTTP server (it verifies
every request's Standard Webhooks signature), dossiers whose paper result goes back by post, and
the check that every booking.requested / booking.cancelled webhook reached the courier.

Delivery is at least once on the wire under ONE webhook-id per message (postal/webhooks; the API
document says partners dedupe by it), so the check dedupes by id — and allows a second copy only
of a message whose delivery row was run again (the killed worker was sending it)."""

from __future__ import annotations

from collections import Counter

import asyncpg
import httpx
from fault_support import run_command
from webhook_partner import PartnerServer

from postal.webhooks.endpoints import new_secret

SERVICE = "HN.HT.003"  # death registration: no fee, postal return allowed, officer-dung's agency
FORM = {"nguoi_chet_ho_ten": "Lê Văn Tư", "nguoi_chet_so_dinh_danh": "001045000123",
        "ngay_chet": "2026-11-30", "noi_chet": "Hà Nội", "nguyen_nhan": "Tuổi già"}
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
ADDRESS = {"street": "12 Hàng Bài", "commune_code": "00070", "province_code": "01"}
MESSAGES_SQL = """
SELECT m.msg_id, m.event_type, m.state, e.attempts AS runs FROM webhook_message m
JOIN outbox_event e ON e.dedup_key = 'webhook:' || m.id WHERE m.partner = 'vnpost'
"""


async def courier(env: dict[str, str]) -> PartnerServer:
    """The courier's server, configured as the `vnpost` endpoint (the partner production uses)."""
    secret = new_secret()
    server = PartnerServer(secret).start()
    await run_command(env, "partner", "add", "vnpost", "--url", server.url,
                      "--signing-secret", secret)
    return server


async def postal_dossier(http: httpx.AsyncClient, citizen: dict, officer: dict,
                         database_url: str) -> str:
    """A dossier in processing with a postal return booked with vnpost: the officer's "finish"
    then sends booking.requested, and a later "hand_over" (collected at the counter after all)
    booking.cancelled."""
    draft = (await http.post("/v1/dossiers", json={"service_code": SERVICE},
                             headers=citizen)).json()
    path = f"/v1/dossiers/{draft['id']}"
    assert (await http.patch(path, json={"form_data": FORM}, headers=citizen)).status_code == 200
    attached = await http.post(f"{path}/attachments", headers=citizen, data={"slot": "giay_bao_tu"},
                               files={"file": ("giay-bao-tu.pdf", PDF, "application/pdf")})
    assert attached.status_code == 201, attached.text
    assert (await http.post(f"{path}/submit", json={}, headers=citizen)).status_code == 200
    for action in ("receive", "process"):
        acted = await act(http, officer, draft["id"], action)
        assert acted.status_code == 200, acted.text
    booked = await http.post(f"{path}/delivery", headers=citizen, json={
        "recipient_name": "Trần Thị Bình", "phone": "0903111222", "address": ADDRESS,
        "postage_payment": "on_delivery"})
    assert booked.status_code == 201, booked.text
    # Development routes new bookings to the sandbox partner, which sends no webhooks.
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute("UPDATE delivery_booking SET partner = 'vnpost' WHERE id = $1::uuid",
                           booked.json()["id"])
    finally:
        await conn.close()
    return draft["id"]


def act(http: httpx.AsyncClient, officer: dict, dossier_id: str, action: str, **body):
    return http.post(f"/v1/officer/dossiers/{dossier_id}/actions",
                     json={"action": action, **body}, headers=officer)


def finish(http: httpx.AsyncClient, officer: dict, dossier_id: str):
    return act(http, officer, dossier_id, "finish", result={"kind": "paper"})


async def messages(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    return await conn.fetch(MESSAGES_SQL)


def arrived(server: PartnerServer, rows: list) -> bool:
    return {row["msg_id"] for row in rows} <= set(server.ids)


def webhook_failures(server: PartnerServer, rows: list, requested: int,
                     cancelled: int) -> list[str]:
    """What went wrong with the courier's webhooks (empty: each arrived, signed, by its id)."""
    found = []
    kinds = Counter(row["event_type"] for row in rows)
    if kinds != {"booking.requested": requested, "booking.cancelled": cancelled}:
        found.append(f"messages recorded: {dict(kinds)}")
    found += [f"{row['msg_id']} {row['state']}" for row in rows if row["state"] != "delivered"]
    if server.bad_signatures:
        found.append(f"{len(server.bad_signatures)} requests with a bad signature")
    received = Counter(server.ids)
    by_id = {row["msg_id"]: row for row in rows}
    found += [f"{msg_id} never arrived" for msg_id in by_id if msg_id not in received]
    found += [f"{msg_id} is no message of ours" for msg_id in received if msg_id not in by_id]
    found += [f"{msg_id} arrived {count} times, its delivery run once"
              for msg_id, count in received.items()
              if count > 1 and msg_id in by_id and by_id[msg_id]["runs"] < 2]
    types = {entry.webhook_id: entry.body["type"] for entry in server.received if entry.body}
    found += [f"{msg_id} arrived as {types.get(msg_id)}" for msg_id, row in by_id.items()
              if msg_id in types and types[msg_id] != row["event_type"]]
    return found
