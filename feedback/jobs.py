"""The feedback job: the citizen hears that the agency answered (inbox and push, through the
notifications domain). The notice names the service and a reference, never the text: a phone's
lock screen is no place for what the citizen or the officer wrote."""

from __future__ import annotations

import logging
from typing import Any

from feedback import closing
from jobs.spec import JobSpec, PeriodicSpec
from models.feedback import Feedback
from notifications.consumer import occurred_at, occurrence_of
from notifications.inbox import notify

log = logging.getLogger("motcua.feedback")

NOTIFY_JOB = "feedback.notify"


def reference(row: dict[str, Any]) -> str:
    """How a notice names the feedback: the dossier's code if it is about one, else the first
    characters of its id (the app shows the whole feedback when the notice is opened)."""
    return row["dossier.code"] or f"PA-{str(row['id'])[:8].upper()}"


async def notify_answered(payload: dict[str, Any]) -> None:
    row = await Feedback.select(
        Feedback.id, Feedback.person, Feedback.dossier, Feedback.dossier.code,
        Feedback.service.name_vi, Feedback.service.name_en,
    ).where(Feedback.id == payload["feedback_id"]).first()
    if row is None:
        log.warning("feedback %s is gone; nobody to notify", payload["feedback_id"])
        return
    values = {"code": reference(row),
              "service": {"vi": row["service.name_vi"] or "", "en": row["service.name_en"] or ""}}
    await notify(row["person"], "feedback_answered", values, occurrence=occurrence_of(payload),
                 dossier_id=row["dossier"], data={"feedback_id": str(row["id"])},
                 at=occurred_at(payload))


async def _close_answered() -> None:
    await closing.close_answered()


JOBS = [JobSpec(NOTIFY_JOB, notify_answered, topics=("feedback.answered",))]
PERIODIC = [PeriodicSpec("feedback.close_answered", _close_answered, every_seconds=3600.0)]
