"""The one wall clock. Deadlines, expiries, leases and timestamps all read `now()`, so a test
moves every one of them at once (tests/frozen_clock.py) instead of sleeping or patching each
module. Durations measured inside one process (caches, timeouts) keep `time.monotonic`, and the
epoch seconds of signed tokens keep `time.time`, because the other side (pyjwt, a partner)
checks them against its own clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

# Viet Nam's legal time (UTC+7, no daylight saving): working days, office hours, receipts.
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")

# Set only by tests/frozen_clock.py. Read on every call, so a module that imported `now` by
# name is moved too.
_reading: Callable[[], datetime] | None = None


def now() -> datetime:
    """The current moment, aware (in UTC unless a test froze it at a moment of its own)."""
    return datetime.now(UTC) if _reading is None else _reading()


def today() -> date:
    """Today's date in Viet Nam."""
    return now().astimezone(LOCAL).date()
