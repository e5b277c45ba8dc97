"""Charges other domains add to what a citizen pays for a dossier (dossiers/charges.py: postage
chosen with the fee, a fee difference), as payments uses them.

Payments never imports a charging domain: it asks every registered source what is due when a
payment starts, keeps the lines on the attempt (amount, checkout, receipt), and tells the source
what was paid inside the settling transaction. When a charge stops being due (a booking
cancelled or returned, its postage left to be collected on delivery), its domain publishes an
event in that transaction; RECHECK_JOB subscribes to it (payments/jobs.py) and cancels an open
attempt that still includes the charge, so the citizen restarts and is never charged for
something no longer owed."""

from __future__ import annotations

import uuid
from typing import Any

from dossiers import charges

RECHECK_JOB = "payments.recheck_extras"
# The events saying a charge of the dossier (`dossier_id` in the payload) is no longer due.
NO_LONGER_DUE = ("delivery.cancelled", "delivery.returned", "postal.postage_on_delivery")


async def spent(line: dict[str, Any]) -> bool:
    """Whether an extra charge's service was used (a refund of what was not used is owed)."""
    source = charges.source(line.get("charge", ""))
    if source is None or source.spent is None:
        return False
    return await source.spent(line["ref"])


async def due(dossier_id: uuid.UUID) -> list[charges.Charge]:
    owed: list[charges.Charge] = []
    for source in charges.sources():
        owed.extend(await source.due(dossier_id))
    return owed


def extra_lines(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [line for line in lines if line.get("charge")]


async def mark_paid(lines: list[dict[str, Any]], attempt_id: uuid.UUID) -> None:
    for line in extra_lines(lines):
        source = charges.source(line["charge"])
        if source is None:
            raise KeyError(line["charge"])
        await source.paid(line["ref"], attempt_id)
