"""What a citizen may pay for a dossier beside its fee: charges other domains add (postage chosen
with the fee, postal/charges.py; a fee difference after a corrected category,
payments/fee_difference.py).

The dossier is where payments and postal meet: a charging domain registers a source here, and
payments asks every source what is due when a payment starts, keeps the lines on the attempt,
and tells the source what was paid inside the settling transaction (payments/extras.py). Neither
imports the other. A charge that stops being due is announced by its domain as an outbox event
payments subscribes to (payments/jobs.py)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Charge:
    kind: str  # the registered source, e.g. "postage"
    ref: str  # what it pays for (a booking id): the source's own key
    amount: int  # whole đồng
    name_vi: str
    name_en: str

    def line(self) -> dict[str, Any]:
        """A line as fee lines are shown, tagged with its source and key."""
        return {"code": self.kind, "name_vi": self.name_vi, "name_en": self.name_en,
                "amount": self.amount, "charge": self.kind, "ref": self.ref}


DueFn = Callable[[uuid.UUID], Awaitable[list[Charge]]]
PaidFn = Callable[[str, uuid.UUID], Awaitable[None]]  # (ref, attempt id), in the settling tx
SpentFn = Callable[[str], Awaitable[bool]]  # (ref): was the paid service used (postage: sent)?


@dataclass(frozen=True)
class ChargeSource:
    due: DueFn
    paid: PaidFn
    spent: SpentFn | None = None


_sources: dict[str, ChargeSource] = {}


def register(kind: str, *, due: DueFn, paid: PaidFn, spent: SpentFn | None = None) -> None:
    _sources[kind] = ChargeSource(due, paid, spent)


def source(kind: str) -> ChargeSource | None:
    return _sources.get(kind)


def sources() -> list[ChargeSource]:
    return list(_sources.values())
