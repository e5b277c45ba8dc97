"""One sender per dossier at a time: a live sender keeps the dossier however long it sends, as
its short lease (national_sync.ordering, 15 s) is renewed; a sender that dies stops renewing, so
the dossier is free again one short lease later, not after a whole job timeout."""

import asyncio

import pytest

from jobs.spec import RetryLater
from national_sync import ordering
from tests.national_sync_support import make_dossier


async def test_a_live_sender_keeps_the_dossier_past_its_lease(db, monkeypatch):
    monkeypatch.setattr(ordering, "LEASE_SECONDS", 0.8)
    monkeypatch.setattr(ordering, "RENEW_SECONDS", 0.2)
    dossier_id = str((await make_dossier("received"))["id"])
    async with ordering.sending(dossier_id):
        await asyncio.sleep(2.0)  # two and a half leases
        with pytest.raises(RetryLater):
            async with ordering.sending(dossier_id):
                pass
    async with ordering.sending(dossier_id):  # given back at the end
        pass

