"""The response deadline, in working days (settings.feedback_response_days; Decree 20/2008/NĐ-CP
Art. 12 gives agencies ten working days for a phản ánh, kiến nghị), and how many days an answer
waits for the citizen before the feedback closes by itself (settings.feedback_close_days). Set
at startup by feedback.lifecycle; 10 and 30 until then."""

from __future__ import annotations

RESPONSE_DAYS = [10]
CLOSE_DAYS = [30]


def configure(response_days: int, close_days: int = 30) -> None:
    RESPONSE_DAYS[0] = response_days
    CLOSE_DAYS[0] = close_days


def close_days() -> int:
    return CLOSE_DAYS[0]


def response_days() -> int:
    return RESPONSE_DAYS[0]
