"""The response deadline, in working days (settings.feedback_response_days; Decree 20/2008/NĐ-CP
Art. 12 gives agencies ten working days for a phản ánh, kiến nghị). Set at startup by
feedback.lifecycle; 10 until then."""

from __future__ import annotations

RESPONSE_DAYS = [10]


def configure(response_days: int) -> None:
    RESPONSE_DAYS[0] = response_days


def response_days() -> int:
    return RESPONSE_DAYS[0]
