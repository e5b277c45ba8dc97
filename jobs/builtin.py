"""Jobs the platform itself provides: finished outbox rows and expired idempotency records
(core.idempotency) are purged."""

from __future__ import annotations

import datetime as dt

from core import clock
from core.idempotency import purge_expired
from jobs.spec import PeriodicSpec
from models.jobs import OutboxEvent

KEEP_DONE_DAYS = 7  # finished rows are evidence for a while; `dead` rows stay until someone acts


async def purge_finished_outbox() -> None:
    cutoff = clock.now() - dt.timedelta(days=KEEP_DONE_DAYS)
    await OutboxEvent.delete().where(
        (OutboxEvent.status == "done") & (OutboxEvent.finished_at < cutoff)
    )


JOBS: list = []
PERIODIC: list = [
    PeriodicSpec("outbox.purge_finished", purge_finished_outbox, every_seconds=3600),
    PeriodicSpec("idempotency.purge_expired", purge_expired, every_seconds=3600),
]
