"""Charges other domains add to what a citizen pays for a dossier (today: postage, which
postal/charges.py registers when the citizen chose to pay it with the fee).

The coupling runs one way: payments never imports a charging domain. A domain registers a source
here (`register`); payments asks every source what is due when a payment starts, keeps the lines
on the attempt (amount, checkout, receipt), and tells the source what was paid inside the
settling transaction. When a charge stops being due (a booking cancelled), the domain calls
`withdrawn` in its own transaction: a job then cancels an open attempt that still includes it, so
the citizen restarts and is never charged for something no longer owed."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from jobs.outbox import enqueue

RECHECK_JOB = "payments.recheck_extras"


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
class Source:
    due: DueFn
    paid: PaidFn
    spent: SpentFn | None = None


_sources: dict[str, Source] = {}


def register(kind: str, *, due: DueFn, paid: PaidFn, spent: SpentFn | None = None) -> None:
    _sources[kind] = Source(due, paid, spent)


async def spent(line: dict[str, Any]) -> bool:
    """Whether an extra charge's service was used (a refund of what was not used is owed)."""
    source = _sources.get(line.get("charge", ""))
    if source is None or source.spent is None:
        return False
    return await source.spent(line["ref"])


async def due(dossier_id: uuid.UUID) -> list[Charge]:
    charges: list[Charge] = []
    for source in _sources.values():
        charges.extend(await source.due(dossier_id))
    return charges


def extra_lines(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [line for line in lines if line.get("charge")]


async def mark_paid(lines: list[dict[str, Any]], attempt_id: uuid.UUID) -> None:
    for line in extra_lines(lines):
        await _sources[line["charge"]].paid(line["ref"], attempt_id)


async def withdrawn(dossier_id: uuid.UUID) -> None:
    """A charge of `dossier_id` is no longer due; call inside the transaction that says so."""
    await enqueue(RECHECK_JOB, {"dossier_id": str(dossier_id)},
                  dedup_key=f"payments-recheck:{dossier_id}:{uuid.uuid4().hex}")
