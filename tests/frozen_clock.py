"""The one way a test moves time: `freeze(monkeypatch, moment)` makes `core.clock.now()` read
`moment` (aware) everywhere — deadlines, sessions, the outbox — until the test ends. Call it
again to move on."""

from __future__ import annotations

from datetime import datetime

from core import clock


def freeze(monkeypatch, moment: datetime) -> None:
    if moment.tzinfo is None:
        raise ValueError("freeze() takes an aware moment")
    monkeypatch.setattr(clock, "_reading", lambda: moment)
