"""A fee paid online while the dossier is not waiting for it flags the dossier without a
transition (dossiers/settlement.py, record_fee_paid); the payment's `payment.succeeded` event
brings the rollups along, so the online-payment indicator counts it at once."""

from __future__ import annotations

import uuid

from core.db import transaction
from dossiers.settlement import record_fee_paid
from dossiers.transitions import Actor
from models.stats import StatsDay
from payments.events import announce
from stats import rollup
from stats.recount import verify
from tests.stats_support import catalogue, dossier, run_stats_jobs


async def test_payment_event_updates_the_paid_online_count(db):
    ids = await catalogue()
    made = await dossier(ids, "A-FULL", fee_total=20000)
    await rollup.refresh(made)
    assert await StatsDay.select(StatsDay.paid_online).output(as_list=True) == [0]
    attempt = {"id": uuid.uuid4(), "dossier": made, "method": "card", "amount": 20000,
               "state": "succeeded", "version": 2}
    async with transaction():  # as payments/settle.py settles it
        await record_fee_paid(made, actor=Actor("system", "payments"))
        await announce("payment.succeeded", attempt)
    await run_stats_jobs()
    row = await StatsDay.select().first()
    assert (row["paid_online"], row["fee_amount_online"], row["fee_bearing"]) == (1, 20000, 1)
    assert (await verify()).drift == []
