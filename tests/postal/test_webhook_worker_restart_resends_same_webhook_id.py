"""A worker that dies while the partner is answering leaves the delivery to be re-driven when its
lease runs out: the partner receives the booking again under the SAME webhook-id (so it can drop
the copy), and our side records one delivered message."""

from __future__ import annotations

import asyncio
import datetime as dt

from app.domains import all_job_specs
from jobs import leases
from models.jobs import OutboxEvent
from tests.webhook_helpers import (
    SECRET,
    attempts,
    configure_partner,
    delivery_rows,
    drain,
    message,
    send_booking,
)
from tests.webhook_partner import PartnerServer


async def test_restart_mid_attempt_resends_the_same_webhook_id_and_delivers_once(db):
    partner = PartnerServer(SECRET).start()
    try:
        await configure_partner(partner.url)
        partner.script(("sleep", 1.0))  # holds the first request open while the worker "dies"
        message_id = await send_booking()
        specs = {spec.name: spec for spec in all_job_specs()}

        [row] = await delivery_rows()
        claimed = await leases.claim(row["id"])
        worker = asyncio.create_task(leases.run_claimed(claimed, specs))
        for _ in range(100):
            if partner.received:
                break
            await asyncio.sleep(0.05)
        worker.cancel()  # the process is gone mid-attempt: nothing recorded, row still running
        await asyncio.gather(worker, return_exceptions=True)
        assert (await delivery_rows())[0]["status"] == "running"
        assert await attempts(message_id) == []

        await drain()  # the lease has not run out: nobody else may take the row
        assert len(partner.received) == 1

        expired = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        await OutboxEvent.update({OutboxEvent.locked_until: expired}).where(
            OutboxEvent.id == row["id"])
        await drain(times=2)

        assert len(partner.received) == 2
        assert partner.ids[0] == partner.ids[1] == (await message(message_id))["msg_id"]
        assert partner.bad_signatures == []
        assert (await message(message_id))["state"] == "delivered"
        assert [a["status_code"] for a in await attempts(message_id)] == [200]
        assert [r["status"] for r in await delivery_rows()] == ["done"]
        await drain()
        assert len(partner.received) == 2  # acknowledged: never sent again
    finally:
        partner.stop()
