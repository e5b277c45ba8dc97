"""Submissions read the service, its documents and its fees from memory (with Redis), yet a
catalogue change applies to the very next submission: the write announces it, here from this
process and from another one."""

from __future__ import annotations

import asyncio
import copy
import json
from pathlib import Path

import pytest
from cache_support import OtherProcess, bus_connected, with_caches

from catalogue.store import save_service
from models.catalogue import Agency, FeeLine, Field
from tests.auth_helpers import client_with
from tests.dossier_factories import JUDICIAL, citizen_headers, submitted_dossier

DEMO = Path(__file__).resolve().parents[2] / "catalogue" / "demo_services.json"
SERVICES = json.loads(DEMO.read_text(encoding="utf-8"))["services"]


async def judicial_service_with_fee(amount: int) -> None:
    service = copy.deepcopy(next(s for s in SERVICES if s["code"] == JUDICIAL))
    service["fees"][0]["base_amount"] = amount
    agency = await Agency.select(Agency.id).where(Agency.unit_code == service["agency"]).first()
    field = await Field.select(Field.id).where(Field.code == service["field"]).first()
    await save_service(service, agency["id"], field["id"])


async def test_a_new_fee_is_quoted_at_the_next_submission(db, settings, redis_url):
    async with client_with(with_caches(settings, redis_url)) as client:
        await bus_connected()
        citizen = await citizen_headers(client)
        before = await submitted_dossier(client, citizen, JUDICIAL)
        assert before["fee_due"] == 200_000
        await judicial_service_with_fee(250_000)
        after = await submitted_dossier(client, citizen, JUDICIAL)
        assert after["fee_due"] == 250_000


@pytest.mark.usefixtures("db")
async def test_a_fee_changed_by_another_process_is_quoted_once_announced(settings, redis_url):
    async with client_with(with_caches(settings, redis_url)) as client, \
            OtherProcess(redis_url) as operator:
        await bus_connected()
        citizen = await citizen_headers(client)
        assert (await submitted_dossier(client, citizen, JUDICIAL))["fee_due"] == 200_000
        # The other process's write: the row, then its announcement on the channel.
        await FeeLine.update({FeeLine.base_amount: 300_000}).where(
            (FeeLine.code == "phi_lltp") & (FeeLine.applicant_category == ""))
        assert (await submitted_dossier(client, citizen, JUDICIAL))["fee_due"] == 200_000  # kept
        await operator.announce("catalogue", "fee_line")
        for _ in range(50):  # the announcement travels through Redis
            await asyncio.sleep(0.05)
            answer = await submitted_dossier(client, citizen, JUDICIAL)
            if answer["fee_due"] == 300_000:
                break
        assert answer["fee_due"] == 300_000
