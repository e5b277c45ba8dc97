"""Publishing domain events to the jobs that consume them.

A state change calls `publish` inside its transaction; each job whose spec subscribes to the topic
gets its own outbox row, so one slow or failing consumer (a push service, a postal partner, the
national portal) never holds up or loses another's copy."""

from __future__ import annotations

from typing import Any

from jobs.outbox import Job, enqueue_all


def subscribers(topic: str) -> list[str]:
    from core.domains import all_job_specs

    return [spec.name for spec in all_job_specs() if spec.subscribes_to(topic)]


async def publish(topic: str, payload: dict[str, Any], *, event_key: str) -> list[int]:
    """Write `topic` for every subscriber (one statement). `event_key` identifies this
    occurrence (e.g. the timeline row id): publishing the same occurrence twice adds nothing."""
    jobs = [Job(job, {"topic": topic, **payload}, f"{topic}:{event_key}:{job}")
            for job in subscribers(topic)]
    if not jobs:
        return []
    return [event_id for event_id in await enqueue_all(jobs) if event_id is not None]
