"""Submitting a draft: full validation, the dossier code, the fee snapshot and what happens next.

The fee is quoted for the online channel at the moment of submission (windows read in Vietnam
time) from the form (copies, pages), the applicant category declared with its proof and the
assurance level the citizen signed in with, and kept as quoted — each line with its legal basis
and reason — so a later change of the fee schedule never changes what this citizen owes."""

from __future__ import annotations

from auth.principal import Principal
from core import clock
from dossiers import transitions
from dossiers.attachments import document_slots, filled_slots, missing_mandatory_slots
from dossiers.codes import NextCode
from dossiers.context import is_full_process, loaded, service_by_id
from dossiers.fee_category import applicant_of, check_category, check_proof, quote_for
from dossiers.forms import check_form
from dossiers.offline import choose_delivery, offline_steps
from dossiers.problems import DocumentsMissing
from dossiers.rows import DossierRow, ServiceRow
from dossiers.transitions import Actor


async def submit(principal: Principal, row: DossierRow, result_delivery: str | None,
                 filled: set[str] | None = None, applicant_category: str | None = None,
                 channel: str = "app") -> tuple[DossierRow, ServiceRow]:
    """Submit the draft; returns the submitted dossier and its service (dossiers.context).
    `filled`: the slots holding a current file, if read with the draft
    (dossiers.access.own_dossier_with_files). `channel`: `app` or `portal`, the client the
    citizen submitted from (both national submission channel 2, online)."""
    actor = Actor.of(principal, "citizen")
    transitions.check(row, "submit", actor)
    service = await service_by_id(row["service"])
    check_form(service["form_schema"], loaded(row["form_data"]) or {}, complete=True)
    category = row["applicant_category"] if applicant_category is None else applicant_category
    check_category(service, category, "/applicant_category")
    if filled is None:
        filled = await filled_slots(row)
    missing = await missing_mandatory_slots(row, filled)
    if missing:
        raise DocumentsMissing(extra={"missing_slots": missing, "errors": [
            {"pointer": f"/attachments/{slot}", "detail": "A document is required"}
            for slot in missing]})
    check_proof(service, category, filled)
    delivery = choose_delivery(service, result_delivery)
    at = clock.now()
    quote = await quote_for(row, service, await applicant_of(principal, category), at)
    documents = [] if is_full_process(service) else list(
        (await document_slots(service["id"])).values())
    steps = offline_steps(service, documents, quote["total"], delivery)

    # The number is taken after every check, by a statement that commits at once: submissions
    # to one agency queue on its counter row only for that statement (dossiers/codes.py).
    code = NextCode(service["agency_unit_code"], at)
    submitted = await transitions.apply(
        row, "submit", actor, at=at, service=service,
        detail={"fee_total": quote["total"], "result_delivery": delivery},
        changes={"code": code, "submitted_at": at, "submission_channel": 2,
                 "channel": channel, "result_delivery": delivery, "fee_quote": quote,
                 "fee_total": quote["total"], "applicant_category": category,
                 "offline_steps": steps},
    )
    return submitted, service
