"""Startup: the feedback rules learn the response deadline."""

from __future__ import annotations

from typing import Any

from feedback import settings


async def on_startup(app: Any) -> None:
    settings.configure(app.state.settings.feedback_response_days,
                       app.state.settings.feedback_close_days)
