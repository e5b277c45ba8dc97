"""Drafts: the citizen picks a service, then fills its form bit by bit before submitting. A new
draft starts with what the identity already says (dossiers/prefill.py)."""

from __future__ import annotations

import json
from typing import Any

from auth.principal import Principal
from core import clock
from core.changes import announce
from core.db import transaction
from core.problems import ValidationFailed
from dossiers import prefill
from dossiers.context import loaded, service_by_code, service_by_id
from dossiers.fee_category import check_category
from dossiers.forms import check_form, merge_patch
from dossiers.offline import partial_reason
from dossiers.problems import ConcurrentChange, DossierNotEditable, StepNotOnline
from dossiers.rows import DossierRow, dossier_row
from models.dossiers import Dossier


async def create_draft(principal: Principal, service_code: str) -> DossierRow:
    service = await service_by_code(service_code)
    if service is None or not service["active"]:
        raise ValidationFailed(extra={"errors": [
            {"pointer": "/service_code", "detail": "No active service has this code"}]})
    if not service["online_submission"]:
        raise StepNotOnline(extra={"step": "online_submission", **partial_reason(service)})
    at = clock.now()
    form, filled, policy = await prefill.initial_form(principal, service["form_schema"])
    async with transaction():
        inserted = await Dossier.insert(Dossier(
            service=service["id"], agency=service["agency"], applicant=principal.person_id,
            state="draft", created_at=at, updated_at=at,
            form_data=json.dumps(form, ensure_ascii=False),
        )).returning(Dossier.id)
        await prefill.record(inserted[0]["id"], form, filled, policy)
    draft = await Dossier.select().where(Dossier.id == inserted[0]["id"]).first()
    assert draft is not None  # inserted above
    return dossier_row(draft)


async def patch_draft(row: DossierRow, form_patch: dict[str, Any] | None,
                      applicant_category: str | None = None) -> DossierRow:
    """Merge `form_patch` into the draft's form (RFC 7396) after checking the fields it sends;
    set the applicant category when given ("" for none; its proof is checked at submission)."""
    if row["state"] != "draft":
        raise DossierNotEditable(extra={"state": row["state"]})
    service = await service_by_id(row["service"])
    merged = merge_patch(loaded(row["form_data"]) or {}, form_patch or {})
    check_form(service["form_schema"], merged, complete=False)
    category = row["applicant_category"] if applicant_category is None else applicant_category
    check_category(service, category, "/applicant_category")
    async with transaction():
        await prefill.check_locked(row["id"], merged)
        changed = await Dossier.update({
            Dossier.applicant_category: category,
            Dossier.form_data: json.dumps(merged, ensure_ascii=False),
            Dossier.version: Dossier.version + 1, Dossier.updated_at: clock.now(),
        }).where(
            (Dossier.id == row["id"]) & (Dossier.state == "draft")
            & (Dossier.version == row["version"])
        ).returning(Dossier.id)
        if not changed:
            raise ConcurrentChange(extra={"state": row["state"]})
        await announce("dossier", row["id"])
    draft = await Dossier.select().where(Dossier.id == row["id"]).first()
    assert draft is not None  # updated above
    return dossier_row(draft)
