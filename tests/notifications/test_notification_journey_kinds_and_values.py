"""Fee requests, late-result apologies and postal steps become notices that say what matters: the
amount in đồng, the new date in Vietnam time, where the result is — for the dossier's owner."""

import pytest

from notifications import consumer
from tests.dossier_factories import (
    JUDICIAL,
    act,
    citizen_headers,
    officer_headers,
    submitted_dossier,
)
from tests.notification_support import applicant, inbox_rows, pushes, register, settle

pytestmark = pytest.mark.usefixtures("clean_push_sandbox")


async def test_fee_request_names_the_amount_in_dong(client):
    citizen = await citizen_headers(client)
    phone = await register(client, citizen)
    dossier = await submitted_dossier(client, citizen, JUDICIAL)
    officer = await officer_headers(client, JUDICIAL)
    assert (await act(client, officer, dossier["id"], "receive")).status_code == 200
    asked = await act(client, officer, dossier["id"], "request_payment")
    assert asked.status_code == 200, asked.text
    await settle(client)
    fee = next(p.message for p in pushes(phone["id"]) if p.message.kind == "payment_requested")
    assert "200.000 ₫" in fee.body and dossier["code"] in fee.title


async def test_apology_and_postal_steps_reach_the_inbox(client):
    citizen = await citizen_headers(client)
    dossier = await submitted_dossier(client, citizen, JUDICIAL)
    # 19:00 UTC on 2 December is 3 December in Vietnam.
    await consumer.handle({"topic": "dossier.apology_issued", "dossier_id": dossier["id"],
                           "code": dossier["code"], "letter_id": 1,
                           "new_due_at": "2026-12-02T19:00:00+00:00"})
    for topic in ("delivery.booked", "delivery.in_transit", "delivery.attempt_failed",
                  "delivery.delivered", "delivery.picked_up"):
        await consumer.handle({"topic": topic, "dossier_id": dossier["id"], "booking_id": "b1",
                               "state": topic.split(".")[1]})
    rows = {row["kind"]: row for row in await inbox_rows(await applicant(dossier["id"]))}
    assert "03/12/2026" in rows["apology"]["body"]
    assert {"delivery_booked", "delivery_out", "delivery_attempt_failed",
            "delivery_delivered"} <= set(rows)
    assert not any(kind.startswith("picked") for kind in rows)  # not every step is news
