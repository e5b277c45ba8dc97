"""When to try again: the Standard Webhooks retry schedule, and a partner's Retry-After."""

from __future__ import annotations

import datetime as dt
import random

from core.http import retry_after_seconds as parse_retry_after

# Delay before attempt n+1 after n failed ones: immediately, then 5 s, 5 min, 30 min, 2 h, 5 h,
# 10 h, 10 h (the Standard Webhooks recommendation) — eight attempts over about 27 hours.
SCHEDULE_SECONDS = (5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600)
MAX_ATTEMPTS = len(SCHEDULE_SECONDS) + 1
JITTER = 0.2  # ±20 %: retries of many messages after one outage spread out
RETRY_AFTER_CAP_SECONDS = 6 * 3600  # a partner cannot park a message for longer than this
PROLONGED_FAILURE = dt.timedelta(hours=24)  # an endpoint failing this long is disabled


def next_delay(failed_attempts: int) -> float | None:
    """Seconds to wait after `failed_attempts` failures in a row; None once the schedule ran out."""
    if failed_attempts < 1 or failed_attempts > len(SCHEDULE_SECONDS):
        return None
    base = SCHEDULE_SECONDS[failed_attempts - 1]
    return base * random.uniform(1 - JITTER, 1 + JITTER)


def retry_after_seconds(value: str | None, now: dt.datetime) -> float | None:
    """A partner's Retry-After, capped at RETRY_AFTER_CAP_SECONDS."""
    return parse_retry_after(value, now, cap=RETRY_AFTER_CAP_SECONDS)