"""Parts of a dossier's detail that domains building on dossiers own (the applicant's rating:
ratings/). Such a domain registers its part here when it is imported (ratings/__init__.py), the
way charging domains register in dossiers/charges.py, so the dossier lifecycle never imports it.

A part is read with the rest of the detail and kept with it in memory (dossiers/views.py
DETAILS): its domain announces "dossier" whenever it writes what the part reads."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from dossiers.rows import DossierRow

LoadFn = Callable[[DossierRow], Awaitable[Any]]  # the dossier's row → what to show, or None
ShowFn = Callable[[Any, str], Any]  # (what was loaded, locale) → the detail's field


@dataclass(frozen=True)
class DetailPart:
    name: str  # the detail's field, null while `load` finds nothing
    load: LoadFn
    show: ShowFn


_parts: dict[str, DetailPart] = {}


def register(name: str, *, load: LoadFn, show: ShowFn) -> None:
    _parts[name] = DetailPart(name, load, show)


def parts() -> list[DetailPart]:
    return list(_parts.values())


async def load_all(row: DossierRow) -> dict[str, Any]:
    return {part.name: await part.load(row) for part in parts()}


def show_all(loaded: dict[str, Any], locale: str) -> dict[str, Any]:
    return {part.name: None if loaded.get(part.name) is None
            else part.show(loaded[part.name], locale) for part in parts()}
