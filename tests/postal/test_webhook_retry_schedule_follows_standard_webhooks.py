"""The retry schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after the immediate attempt, each
jittered by at most a fifth, then nothing; a partner's Retry-After (seconds or HTTP date) is
honoured up to a cap."""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime

from postal.webhooks.schedule import (
    MAX_ATTEMPTS,
    RETRY_AFTER_CAP_SECONDS,
    next_delay,
    retry_after_seconds,
)

EXPECTED = [5, 300, 1800, 7200, 18000, 36000, 36000]


def test_delays_follow_the_schedule_with_bounded_jitter_then_stop():
    assert MAX_ATTEMPTS == 8
    for failed, base in enumerate(EXPECTED, start=1):
        delays = {next_delay(failed) for _ in range(50)}
        assert all(base * 0.8 <= d <= base * 1.2 for d in delays)
        assert len(delays) > 1  # jittered, so retries of many messages spread out
    assert next_delay(len(EXPECTED) + 1) is None


def test_retry_after_in_seconds_or_as_a_date_is_honoured_up_to_the_cap():
    now = dt.datetime(2026, 11, 22, 4, 0, tzinfo=dt.UTC)
    assert retry_after_seconds("7", now) == 7
    later = format_datetime(now + dt.timedelta(seconds=90), usegmt=True)
    assert retry_after_seconds(later, now) == 90
    assert retry_after_seconds("999999", now) == RETRY_AFTER_CAP_SECONDS
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None
