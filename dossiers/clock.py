"""The dossier domain's clock. Deadlines hang on "now", so tests replace this one function
(monkeypatch `dossiers.clock.now`) to receive a dossier on a fixed date instead of sleeping."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def now() -> datetime:
    return datetime.now(UTC)
