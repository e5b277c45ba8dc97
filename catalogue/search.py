"""Diacritics-insensitive search.

Citizens type on phones, often without Vietnamese accents: "giay phep lai xe" must find
"Giấy phép lái xe". Both the stored `search_text` and the query are folded the same way."""

from __future__ import annotations

import re

from core.text import fold

__all__ = ["fold", "query_words", "service_search_text"]

_WORD = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*")


def query_words(query: str | None) -> list[str]:
    """The folded words of a query; each must occur in a service's search text.

    Only letters, digits and inner dots survive (procedure codes such as 1.001193), so a word
    can never carry a LIKE wildcard."""
    if not query:
        return []
    return _WORD.findall(fold(query))


def service_search_text(name_vi: str, name_en: str, procedure_code: str, code: str) -> str:
    """What a service is found by: its names in both languages and its codes."""
    return " ".join(fold(part) for part in (name_vi, name_en, procedure_code, code) if part)
