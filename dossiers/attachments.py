"""Documents a citizen attaches to a dossier, one per required-document slot (thành phần hồ sơ).

Files go into a draft (round 0) or, while the agency awaits a supplement, into that supplement
round (round n for the n-th request). A new file in a slot replaces the previous one of the same
round, which stays recorded as superseded. Slot, type and size rules come from the service's
RequiredDocument rows; the type is read from the bytes."""

from __future__ import annotations

import uuid
from typing import Any, cast

import anyio

from auth.principal import Principal
from catalogue.memory import kept
from core import clock
from core.audit import record
from core.changes import announce
from core.db import transaction
from core.db.compiled import Compiled
from dossiers.intake import Content, clean_filename, receive
from dossiers.problems import AttachmentNotFound, DossierNotEditable, UnknownDocumentSlot
from dossiers.rows import AttachmentRow, DossierRow, StoredAttachment
from dossiers.storage import current_storage
from models.catalogue import RequiredDocument
from models.dossiers import Dossier, DossierAttachment

PUBLIC_FIELDS = (DossierAttachment.id, DossierAttachment.slot, DossierAttachment.filename,
                 DossierAttachment.content_type, DossierAttachment.size, DossierAttachment.sha256,
                 DossierAttachment.round, DossierAttachment.uploaded_at,
                 DossierAttachment.superseded)


def upload_round(dossier_row: DossierRow) -> int:
    """The round a new file joins, or DossierNotEditable if the dossier takes no files now."""
    if dossier_row["state"] == "draft":
        return 0
    if dossier_row["state"] == "supplement_requested":
        return dossier_row["supplement_count"]
    raise DossierNotEditable(extra={"state": dossier_row["state"]})


_SLOTS = Compiled(lambda service_id: RequiredDocument.select().where(
    RequiredDocument.service == service_id).order_by(RequiredDocument.position).output(
    load_json=True))
_FILLED = Compiled(lambda dossier_id: DossierAttachment.select(DossierAttachment.slot).where(
    (DossierAttachment.dossier == dossier_id)
    & (DossierAttachment.superseded == False)))  # noqa: E712


async def document_slots(service_id: int) -> dict[str, dict[str, Any]]:
    """Read-only: kept in memory per process (catalogue/memory.py)."""
    async def load() -> dict[str, dict[str, Any]]:
        return {row["slot"]: row for row in await _SLOTS.rows(service_id=service_id)}

    return await kept("slots", service_id, load)


async def largest_upload(dossier_row: DossierRow) -> int:
    """The most bytes any slot of this dossier's service accepts (0 without slots). Checks
    first that the dossier takes files at all, so a refused upload is refused before its body."""
    upload_round(dossier_row)
    slots = await document_slots(dossier_row["service"])
    return max((slot["max_bytes"] for slot in slots.values()), default=0)


async def add_attachment(dossier_row: DossierRow, slot: str, filename: str,
                         content: Content) -> AttachmentRow:
    """Store a file in `slot` of the dossier and record it; returns the attachment as listed."""
    round_ = upload_round(dossier_row)
    document = (await document_slots(dossier_row["service"])).get(slot)
    if document is None:
        raise UnknownDocumentSlot(extra={"slot": slot[:64]})
    received = await receive(content, max_bytes=document["max_bytes"],
                             accepted=document["accepted_types"])
    try:
        async with transaction():
            await claim_dossier(dossier_row)
            await DossierAttachment.update({DossierAttachment.superseded: True}).where(
                (DossierAttachment.dossier == dossier_row["id"])
                & (DossierAttachment.slot == slot)
                & (DossierAttachment.round == round_)
                & (DossierAttachment.superseded == False)  # noqa: E712 - SQL comparison
            )
            row = DossierAttachment(
                dossier=dossier_row["id"], slot=slot, filename=clean_filename(filename),
                content_type=received.content_type, size=received.size,
                sha256=received.sha256, storage_key=received.key, round=round_,
            )
            await row.save()
    except BaseException:
        # The row never became visible; drop the file (an orphan only if this delete fails).
        with anyio.CancelScope(shield=True):
            await current_storage().delete(received.key)
        raise
    shown = await DossierAttachment.select(*PUBLIC_FIELDS).where(
        DossierAttachment.id == row.id).first()
    assert shown is not None  # saved above
    return cast(AttachmentRow, shown)


async def claim_dossier(dossier_row: DossierRow) -> None:
    # Guarded update: if the dossier was submitted (or its supplement round ended) while the
    # file streamed in, the file must not slip into a dossier that is no longer editable.
    changed = await Dossier.update(
        {Dossier.version: Dossier.version + 1, Dossier.updated_at: clock.now()}
    ).where(
        (Dossier.id == dossier_row["id"])
        & (Dossier.state == dossier_row["state"])
        & (Dossier.supplement_count == dossier_row["supplement_count"])
    ).returning(Dossier.id)
    if not changed:
        raise DossierNotEditable()
    await announce("dossier", dossier_row["id"])


async def list_attachments(dossier_row: DossierRow) -> list[AttachmentRow]:
    return cast(list[AttachmentRow], await (DossierAttachment.select(*PUBLIC_FIELDS)
                  .where(DossierAttachment.dossier == dossier_row["id"])
                  .order_by(DossierAttachment.round)
                  .order_by(DossierAttachment.slot)
                  .order_by(DossierAttachment.uploaded_at)))


async def attachment_of(dossier_row: DossierRow,
                        attachment_id: str | uuid.UUID) -> StoredAttachment:
    """One of the dossier's documents, with its storage key; AttachmentNotFound otherwise
    (the caller has already checked who may see the dossier: dossiers.access)."""
    try:
        wanted = uuid.UUID(str(attachment_id))
    except ValueError as exc:
        raise AttachmentNotFound() from exc
    row = await DossierAttachment.select(*PUBLIC_FIELDS, DossierAttachment.storage_key).where(
        (DossierAttachment.id == wanted) & (DossierAttachment.dossier == dossier_row["id"])
    ).first()
    if row is None:
        raise AttachmentNotFound()
    return cast(StoredAttachment, row)


async def record_opened(principal: Principal, dossier_row: DossierRow,
                        row: AttachmentRow) -> None:
    """An officer opened a citizen's document: who, when, which (the audit trail)."""
    await record("dossier.attachment_opened", actor_kind="officer",
                 actor_id=str(principal.person_id), subject_type="dossier",
                 subject_id=str(dossier_row["id"]),
                 detail={"attachment_id": str(row["id"]), "slot": row["slot"],
                         "round": row["round"]})


async def filled_slots(dossier_row: DossierRow) -> set[str]:
    """The slots of the dossier holding a current file."""
    return {row["slot"] for row in await _FILLED.rows(dossier_id=dossier_row["id"])}


async def missing_mandatory_slots(dossier_row: DossierRow,
                                  filled: set[str] | None = None) -> list[str]:
    """Mandatory slots of the dossier's service that hold no current file (checked at submit).
    `filled`: the slots holding one, when the caller has read them already
    (dossiers.access.own_dossier_with_files)."""
    slots = await document_slots(dossier_row["service"])
    if filled is None:
        filled = await filled_slots(dossier_row)
    return [slot for slot, doc in slots.items() if doc["mandatory"] and slot not in filled]
