"""Startup: the rating rules learn how long a rating may be changed."""

from __future__ import annotations

from typing import Any

from ratings import rating


async def on_startup(app: Any) -> None:
    rating.configure(app.state.settings.rating_change_days)
