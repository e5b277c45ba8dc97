"""Who applies, as far as fees care: the applicant category (declared with its proof document,
or corrected by an officer at intake) and the identity assurance level the citizen signed in
with (a level-2 VNeID account, from the SSO). Both feed the fee quote (catalogue/fees.py): for a
draft before submission, as the snapshot at submission, and again when an officer corrects
the category — the difference is then charged or refunded (payments/fee_difference.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from auth.principal import Principal
from catalogue import fees
from catalogue.fee_rules import Applicant
from core import clock
from core.problems import ValidationFailed
from dossiers.context import loaded, service_by_id
from dossiers.problems import CategoryProofMissing
from dossiers.rows import DossierRow, ServiceRow
from jobs.publish import publish


def check_category(service: ServiceRow, category: str, pointer: str) -> None:
    """"" (none) or one of the categories the service's fees know."""
    known = {c["code"] for c in service.get("applicant_categories") or []}
    if category and category not in known:
        raise ValidationFailed(extra={"errors": [{
            "pointer": pointer,
            "detail": f"One of: {', '.join(sorted(known))}" if known
            else "This service has no applicant categories"}]})


def proof_slot(service: ServiceRow, category: str) -> str | None:
    for known in service.get("applicant_categories") or []:
        if known["code"] == category:
            return known["proof_slot"]
    return None


def check_proof(service: ServiceRow, category: str, filled: set[str]) -> None:
    """A declared category must come with its proof document."""
    slot = proof_slot(service, category)
    if category and slot and slot not in filled:
        raise CategoryProofMissing(extra={"missing_slots": [slot], "errors": [
            {"pointer": f"/attachments/{slot}", "detail": "Proof of the applicant category"}]})


async def applicant_of(principal: Principal, category: str) -> Applicant:
    return Applicant(category, principal.assurance_level)


async def draft_quote(principal: Principal, row: DossierRow) -> dict[str, Any]:
    """Before submission: what the draft would owe now (online), from its form and category.
    A submitted dossier answers with its snapshot, which is what it owes."""
    if row["state"] != "draft":
        return loaded(row["fee_quote"]) or {}
    service = await service_by_id(row["service"])
    applicant = await applicant_of(principal, row["applicant_category"])
    return await quote_for(row, service, applicant, clock.now())


async def requote(row: DossierRow, service: ServiceRow,
                  category: str) -> dict[str, Any]:
    """The submission's quote again with another category: same moment, channel, form and
    assurance level as the snapshot, so only the category changes the fee."""
    snapshot = loaded(row["fee_quote"]) or {}
    applicant = Applicant(category, snapshot.get("assurance_level"))
    assert row["submitted_at"] is not None  # corrected at receipt: submitted already
    return await quote_for(row, service, applicant, row["submitted_at"])


async def fee_corrected(old: DossierRow, new: DossierRow, event_id: int) -> None:
    """In the correcting transaction: payments charges or refunds the difference
    (payments/fee_difference.py) once the dossier was paid."""
    await publish("dossier.fee_corrected", {
        "dossier_id": str(new["id"]), "fee_total_before": old["fee_total"],
        "fee_total": new["fee_total"], "applicant_category": new["applicant_category"],
    }, event_key=f"fee-corrected:{event_id}")


async def quote_for(row: DossierRow, service: ServiceRow, applicant: Applicant,
                    at: dt.datetime, channel: str = "online") -> dict[str, Any]:
    """The fee of this dossier's form for `applicant` at `at`, beside the counter price."""
    schedule = await fees.load_schedule(service["id"])
    return fees.compared(schedule, channel, at, applicant, loaded(row["form_data"]) or {})
