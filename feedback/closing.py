"""Answered feedback the citizen leaves alone closes by itself after settings.feedback_close_days:
the agency's queue and the citizen's list should not carry settled matters for ever. Run hourly
(feedback/jobs.py); each closing is the `close` edge taken by the system, guarded like any other,
so a citizen closing it at the same moment leaves one closing."""

from __future__ import annotations

import logging
from datetime import timedelta

from core import clock
from feedback import transitions
from feedback.problems import FeedbackChanged
from feedback.settings import close_days
from models.feedback import Feedback

log = logging.getLogger("motcua.feedback")

BATCH = 500
ACTOR = "feedback.close_answered"


async def close_answered() -> int:
    """Close what was answered more than close_days ago; returns how many were closed."""
    now = clock.now()
    rows = await Feedback.select().where(
        (Feedback.state == "answered")
        & (Feedback.answered_at < now - timedelta(days=close_days()))
    ).order_by(Feedback.answered_at).limit(BATCH)
    closed = 0
    for row in rows:
        try:
            await transitions.apply(row, "close", "system", ACTOR, now,
                                    {Feedback.closed_at: now})
        except FeedbackChanged:
            continue  # the citizen closed it meanwhile
        closed += 1
    if closed:
        log.info("closed %d answered feedback items nobody came back to", closed)
    return closed
