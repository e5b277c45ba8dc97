"""The `national_sync.push` job: one outbox row per dossier status event, retried until the portal
accepts (up to about a year at hourly retries), except a record the portal refuses for good."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from jobs.spec import GiveUp, JobSpec, RetryLater, RetryPolicy
from national_sync import ordering
from national_sync.record import NationalRecord, build_record
from national_sync.target import SendResult, current_target

log = logging.getLogger("motcua.national_sync")

UNTIL_ACCEPTED = RetryPolicy(max_attempts=10_000, base_seconds=5.0, max_delay_seconds=3600.0)


class PortalUnavailable(RuntimeError):
    """Retry with the job's backoff: the portal did not say when to come back."""


async def push(payload: dict[str, Any]) -> None:
    dossier_id = payload.get("dossier_id")
    if not dossier_id:
        raise GiveUp("event names no dossier")
    async with ordering.sending(dossier_id) as state:
        record = await build_record(dossier_id)
        if record is None or record.sequence <= state["last_sequence"]:
            return  # a draft, gone, or the portal already has this version or a newer one
        record = dataclasses.replace(record, updating=state["last_sequence"] > 0)
        result = await current_target().send(record)
        await settle(record, result)


async def settle(record: NationalRecord, result: SendResult) -> None:
    # Messages name the dossier code and version only: they end up in logs and the outbox row.
    what = f"dossier {record.code} v{record.sequence}"
    if result.outcome == "accepted":
        await ordering.mark_accepted(record)
        log.info("national portal accepted %s (status %s)", what, record.status_code)
    elif result.outcome == "retry":
        if result.retry_after is not None:
            raise RetryLater(result.retry_after, f"{what}: {result.detail}")
        raise PortalUnavailable(f"{what}: {result.detail}")
    else:
        await ordering.record_rejection(record, result.http_status or 0, result.detail)
        raise GiveUp(f"national portal rejected {what} with HTTP {result.http_status}")


JOBS = [
    JobSpec("national_sync.push", push, retry=UNTIL_ACCEPTED, timeout_seconds=60.0,
            topics=("dossier.*",)),
]
