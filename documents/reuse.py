"""Reuse ("provide information only once", Decree 45/2020 Art. 14(3)): a document from the
citizen's store fills a slot of a later dossier with one reference instead of an upload. The
attachment is the stored file itself — same bytes, same SHA-256 — and the link is recorded, so
the officer sees the document was reused and the dossier's `reused_documents` flag (read by the
digitisation indicator) is set, all in one transaction."""

from __future__ import annotations

from typing import Any

from auth.principal import Principal
from core import clock
from core.audit import record
from core.changes import announce
from core.db import transaction
from documents.problems import DocumentNotReusable
from documents.store import is_valid, owned_document
from dossiers.attachments import PUBLIC_FIELDS, claim_dossier, document_slots, upload_round
from dossiers.problems import FileTooLarge, FileTypeNotAccepted, UnknownDocumentSlot
from dossiers.rows import DossierRow
from models.documents import DocumentReuse
from models.dossiers import Dossier, DossierAttachment


async def reuse_document(principal: Principal, dossier_row: DossierRow, slot: str,
                         document_id: str) -> dict[str, Any]:
    """Place the citizen's document into `slot`; returns the attachment as listed."""
    round_ = upload_round(dossier_row)
    rules = (await document_slots(dossier_row["service"])).get(slot)
    if rules is None:
        raise UnknownDocumentSlot(extra={"slot": slot[:64]})
    document = await owned_document(principal, document_id, with_key=True)
    if not is_valid(document, clock.now()):
        raise DocumentNotReusable(extra={"reason": "expired-or-revoked"})
    if document["content_type"] not in rules["accepted_types"]:
        raise FileTypeNotAccepted(extra={"detected": document["content_type"],
                                         "accepted": sorted(rules["accepted_types"])})
    if document["size"] > rules["max_bytes"]:
        raise FileTooLarge(extra={"max_bytes": rules["max_bytes"]})
    async with transaction():
        await claim_dossier(dossier_row)
        await DossierAttachment.update({DossierAttachment.superseded: True}).where(
            (DossierAttachment.dossier == dossier_row["id"]) & (DossierAttachment.slot == slot)
            & (DossierAttachment.round == round_)
            & (DossierAttachment.superseded == False))  # noqa: E712 - SQL comparison
        attachment = DossierAttachment(
            dossier=dossier_row["id"], slot=slot,
            filename=document["filename"] or f"{document['code'] or document['id']}.pdf",
            content_type=document["content_type"], size=document["size"],
            sha256=document["sha256"], storage_key=document["storage_key"], round=round_)
        await attachment.save()
        await DocumentReuse.insert(DocumentReuse(
            document=document["id"], dossier=dossier_row["id"], attachment_id=attachment.id,
            slot=slot))
        await Dossier.update({Dossier.reused_documents: True}).where(
            Dossier.id == dossier_row["id"])
        await record("dossier.document_reused", actor_kind="citizen",
                     actor_id=str(principal.person_id), subject_type="dossier",
                     subject_id=str(dossier_row["id"]),
                     detail={"document_id": str(document["id"]), "slot": slot,
                             "attachment_id": str(attachment.id)})
        await announce("dossier", dossier_row["id"])
    row = await DossierAttachment.select(*PUBLIC_FIELDS).where(
        DossierAttachment.id == attachment.id).first()
    assert row is not None  # written above
    return row


async def reused_in(dossier_id) -> list[dict[str, Any]]:
    """What of a dossier came from the citizen's store: for the officer."""
    rows = await DocumentReuse.select(
        DocumentReuse.slot, DocumentReuse.attachment_id, DocumentReuse.at,
        DocumentReuse.document.kind.as_alias("kind"), DocumentReuse.document.code.as_alias("code"),
        DocumentReuse.document.issuer_name.as_alias("issuer_name"),
        DocumentReuse.document.sha256.as_alias("sha256"),
    ).where(DocumentReuse.dossier == dossier_id).order_by(DocumentReuse.at)
    return [{"slot": r["slot"], "attachment_id": r["attachment_id"], "reused_at": r["at"],
             "document_kind": r["kind"], "result_code": r["code"],
             "issuer_name": r["issuer_name"], "sha256": r["sha256"]} for r in rows]


