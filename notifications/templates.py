"""Rendering a notification's title and body from the templates kept as data (templates.json).

Values are formatted here, once: amounts in đồng with Vietnamese digit grouping, dates as
dd/mm/yyyy in Vietnam time. A free-text value (an officer's reason) is scrubbed of ID numbers
and phone numbers before it reaches a phone's lock screen."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from core.clock import LOCAL
from core.logs import scrub

LOCALES = ("vi", "en")
TEMPLATES: dict[str, dict[str, dict[str, str]]] = json.loads(
    (Path(__file__).parent / "templates.json").read_text(encoding="utf-8"))
KINDS = tuple(TEMPLATES)


def money(amount: int) -> str:
    """12000 → "12.000 ₫" (Vietnamese groups thousands with dots)."""
    return f"{amount:,}".replace(",", ".") + " ₫"


def day(moment: datetime | str | None) -> str:
    """An instant as its dd/mm/yyyy date in Vietnam."""
    if moment is None:
        return "—"
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(LOCAL).strftime("%d/%m/%Y")


def reason(text: str, limit: int = 300) -> str:
    return scrub(" ".join(text.split()))[:limit]


class _Blank(dict):
    """Missing values render as empty rather than failing a push for want of a detail."""

    def __missing__(self, key: str) -> str:
        return ""


def render(kind: str, locale: str, values: dict[str, Any]) -> tuple[str, str]:
    texts = TEMPLATES[kind].get(locale) or TEMPLATES[kind]["vi"]
    params = _Blank(values)
    return texts["title"].format_map(params), texts["body"].format_map(params)
