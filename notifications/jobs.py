"""The notification jobs: the event consumer, the push job and the hourly reminder sweep."""

from __future__ import annotations

from jobs.spec import JobSpec, PeriodicSpec
from notifications import consumer, reminders, sending
from notifications.inbox import PUSH_JOB

CONSUMER_JOB = "notifications.consume"

JOBS = [
    JobSpec(CONSUMER_JOB, consumer.handle, topics=("dossier.*", "payment.*", "delivery.*"),
            urgent=True),
    JobSpec(PUSH_JOB, sending.handle, retry=sending.RETRY, timeout_seconds=30.0, urgent=True),
]


async def _reminders() -> None:
    await reminders.send_due_reminders()


PERIODIC = [PeriodicSpec("notifications.reminders", _reminders, every_seconds=3600.0)]
