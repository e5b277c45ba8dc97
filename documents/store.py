"""The citizen's document store: what is in it, and how things get there.

Issued results go in by themselves, in the transaction that records the result; a citizen may
also keep a document of one of their own dossiers. Only the owner sees a document: for anyone
else it does not exist (404), as with dossiers."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from auth.principal import Principal
from core.audit import record
from core.db import transaction
from documents.problems import DocumentNotFound
from dossiers.access import own_dossier
from dossiers.attachments import attachment_of
from dossiers.result_issuer import IssuedResult
from dossiers.rows import DossierRow, StoredAttachment
from models.documents import CitizenDocument

PUBLIC_FIELDS = (
    CitizenDocument.id, CitizenDocument.kind, CitizenDocument.title, CitizenDocument.code,
    CitizenDocument.issuer_unit_code, CitizenDocument.issuer_name, CitizenDocument.dossier,
    CitizenDocument.filename, CitizenDocument.content_type, CitizenDocument.size,
    CitizenDocument.sha256, CitizenDocument.issued_at, CitizenDocument.valid_until,
    CitizenDocument.revoked_at, CitizenDocument.added_at,
)


def is_valid(row: dict[str, Any], at: datetime) -> bool:
    return row["revoked_at"] is None and (row["valid_until"] is None or row["valid_until"] > at)


async def add_issued_result(result: IssuedResult) -> None:
    """Put an issued electronic result into its owner's store (inside the caller's transaction:
    dossiers/result_issuer.py)."""
    await CitizenDocument.insert(CitizenDocument(
        owner=result.owner, kind="result", title=result.title, code=result.code,
        issuer_unit_code=result.issuer_unit_code, issuer_name=result.issuer_name,
        dossier=result.dossier_id, source_id=result.result_id, filename=result.filename,
        content_type=result.content_type, size=result.size, sha256=result.sha256,
        storage_key=result.storage_key, issued_at=result.issued_at,
    ))


async def page(principal: Principal, after: tuple[datetime, uuid.UUID] | None,
               limit: int) -> list[dict[str, Any]]:
    """The owner's documents, newest first; `limit + 1` rows tell the caller there is more."""
    mine = CitizenDocument.owner == principal.person_id
    if after is not None:
        mine &= (CitizenDocument.added_at < after[0]) | (
            (CitizenDocument.added_at == after[0]) & (CitizenDocument.id < after[1]))
    return await (CitizenDocument.select(*PUBLIC_FIELDS).where(mine)
                  .order_by(CitizenDocument.added_at, ascending=False)
                  .order_by(CitizenDocument.id, ascending=False).limit(limit + 1))


async def owned_document(principal: Principal, document_id: str | uuid.UUID,
                         *, with_key: bool = False) -> dict[str, Any]:
    try:
        wanted = uuid.UUID(str(document_id))
    except ValueError:
        raise DocumentNotFound() from None
    columns = (*PUBLIC_FIELDS, CitizenDocument.storage_key) if with_key else PUBLIC_FIELDS
    row = await CitizenDocument.select(*columns).where(
        (CitizenDocument.id == wanted) & (CitizenDocument.owner == principal.person_id)).first()
    if row is None:
        raise DocumentNotFound()
    return row


async def keep_attachment(principal: Principal, dossier_id: str,
                          attachment_id: str) -> dict[str, Any]:
    """Keep a document of one of the citizen's own dossiers in their store (once: keeping it
    again answers the same document)."""
    dossier = await own_dossier(principal, dossier_id)
    attachment = await attachment_of(dossier, attachment_id)
    existing = await CitizenDocument.select(CitizenDocument.id).where(
        (CitizenDocument.owner == principal.person_id)
        & (CitizenDocument.source_id == attachment["id"])).first()
    if existing is None:
        async with transaction():
            existing = await _keep(principal, dossier, attachment)
    return await owned_document(principal, existing["id"])


async def _keep(principal: Principal, dossier: DossierRow,
                attachment: StoredAttachment) -> dict[str, Any]:
    # source_id is unique: of two keeps at once, the second inserts nothing and reads the first.
    inserted = await CitizenDocument.insert(CitizenDocument(
        owner=principal.person_id, kind="kept", title=attachment["slot"],
        dossier=dossier["id"], source_id=attachment["id"], filename=attachment["filename"],
        content_type=attachment["content_type"], size=attachment["size"],
        sha256=attachment["sha256"], storage_key=attachment["storage_key"],
        issued_at=attachment["uploaded_at"],
    )).on_conflict(target=CitizenDocument.source_id, action="DO NOTHING").returning(
        CitizenDocument.id)
    if not inserted:
        kept = await CitizenDocument.select(CitizenDocument.id).where(
            CitizenDocument.source_id == attachment["id"]).first()
        assert kept is not None  # the insert conflicted with it
        return kept
    await record("documents.kept", actor_kind="citizen", actor_id=str(principal.person_id),
                 subject_type="citizen_document", subject_id=str(inserted[0]["id"]),
                 detail={"dossier_id": str(dossier["id"]), "attachment_id": str(attachment["id"])})
    return inserted[0]
