"""Small HTTP facts shared by every outbound client (payment platforms, push services, postal
partners, the national portal)."""

from __future__ import annotations

import datetime as dt
from email.utils import parsedate_to_datetime

from core import clock


def retry_after_seconds(value: str | None, now: dt.datetime | None = None,
                        cap: float = 3600.0) -> float | None:
    """Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3), between 0 and `cap`;
    None when absent or unreadable. A service asking for longer than `cap` is tried again then
    anyway: the job's own schedule takes over."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        seconds = (when - (now or clock.now())).total_seconds()
    return min(max(seconds, 0.0), cap)
