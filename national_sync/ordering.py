"""Keeping a dossier's records in order at the portal.

Workers run a dossier's status events concurrently and in any order. Two rules keep the portal
from ending on a stale status: one sender at a time per dossier (a lease on its state row, which
expires if the holder dies), and a record is sent only if its sequence (the dossier version) is
above the last one the portal accepted. The record is built after the lease is taken, so the
sender always holds the newest truth; a job that waited finds it already sent and stops."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from core import clock
from jobs.spec import RetryLater
from models.national_sync import NationalSyncRejection, NationalSyncState
from national_sync.record import NationalRecord

# Short, and renewed every RENEW_SECONDS while the sender lives: a sender killed with SIGKILL holds
# the dossier for seconds, not for a whole job timeout. Should renewals fail (the database away)
# and another sender take over, the sequence rule below still keeps the portal from going back.
LEASE_SECONDS = 15.0
RENEW_SECONDS = 5.0
BUSY_RETRY_SECONDS = 3.0

log = logging.getLogger("motcua.national_sync")


@asynccontextmanager
async def sending(dossier_id: str) -> AsyncIterator[dict[str, Any]]:
    """Hold the dossier's send lease; yields its state row. Raises RetryLater while another
    sender holds it."""
    await NationalSyncState.insert(NationalSyncState(dossier=dossier_id)).on_conflict(
        target=NationalSyncState.dossier, action="DO NOTHING")
    token, t = uuid.uuid4().hex, clock.now()
    taken = await NationalSyncState.update({
        NationalSyncState.lease_token: token,
        NationalSyncState.lease_until: t + dt.timedelta(seconds=LEASE_SECONDS),
    }).where(
        (NationalSyncState.dossier == dossier_id)
        & (NationalSyncState.lease_until.is_null() | (NationalSyncState.lease_until < t))
    ).returning(*NationalSyncState.all_columns())
    if not taken:
        raise RetryLater(BUSY_RETRY_SECONDS, "another worker is sending this dossier")
    renewing = asyncio.create_task(_renew(dossier_id, token), name="national-sync-lease")
    try:
        yield taken[0]
    finally:
        renewing.cancel()
        await asyncio.gather(renewing, return_exceptions=True)
        await NationalSyncState.update({
            NationalSyncState.lease_token: "", NationalSyncState.lease_until: None,
        }).where((NationalSyncState.dossier == dossier_id)
                 & (NationalSyncState.lease_token == token))


async def _renew(dossier_id: str, token: str) -> None:
    while True:
        await asyncio.sleep(RENEW_SECONDS)
        try:
            await NationalSyncState.update({
                NationalSyncState.lease_until: clock.now() + dt.timedelta(seconds=LEASE_SECONDS),
            }).where((NationalSyncState.dossier == dossier_id)
                     & (NationalSyncState.lease_token == token))
        except Exception as exc:  # noqa: BLE001 - the next renewal tries again
            log.warning("renewing the send lease of a dossier failed: %s", type(exc).__name__)


async def mark_accepted(record: NationalRecord) -> None:
    # Guarded as well, in case a lease ever expired under a slow sender: never move backwards.
    await NationalSyncState.update({
        NationalSyncState.last_sequence: record.sequence,
        NationalSyncState.last_status_code: record.status_code,
        NationalSyncState.accepted_at: clock.now(),
    }).where((NationalSyncState.dossier == record.dossier_id)
             & (NationalSyncState.last_sequence < record.sequence))


async def record_rejection(record: NationalRecord, http_status: int, reason: str) -> None:
    await NationalSyncRejection.insert(NationalSyncRejection(
        dossier=record.dossier_id, dossier_code=record.code, sequence=record.sequence,
        http_status=http_status, reason=reason[:2000],
    ))
