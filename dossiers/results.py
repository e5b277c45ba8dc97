"""Electronic results (kết quả điện tử): files an officer issues when finishing a dossier,
numbered per dossier as `<dossier code>-KQ<n>`, hashed and stored; only the applicant downloads
them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, cast

import anyio

from auth.principal import Principal
from core import clock
from core.changes import announce
from core.db import after_rollback, transaction
from core.db.compiled import Compiled
from dossiers import result_issuer
from dossiers.access import own_dossier
from dossiers.intake import Content, Received, clean_filename, receive
from dossiers.problems import ActionNotAllowed, ConcurrentChange, NotYourAgency, ResultNotFound
from dossiers.rows import DossierRow, ResultRow
from dossiers.storage import current_storage
from models.catalogue import Service
from models.dossiers import Dossier, DossierResult

# What an electronic result may be: a (digitally signed) PDF, or a scan.
RESULT_TYPES = ("application/pdf", "image/jpeg", "image/png")
RESULT_MAX_BYTES = 50 * 1024 * 1024

PUBLIC_FIELDS = (DossierResult.number, DossierResult.code, DossierResult.kind,
                 DossierResult.filename, DossierResult.content_type, DossierResult.size,
                 DossierResult.sha256, DossierResult.issued_at)


async def store_result_file(content: Content) -> Received:
    """Stream a result file to storage, checked as it arrives (type from its first bytes, at
    most RESULT_MAX_BYTES). Done before the transition's transaction, so no row lock waits
    on an officer's upload; the caller deletes it again if the transition fails."""
    return await receive(content, max_bytes=RESULT_MAX_BYTES, accepted=RESULT_TYPES)


async def forget_result_file(received: Received) -> None:
    with anyio.CancelScope(shield=True):
        await current_storage().delete(received.key)


async def add_electronic_result(dossier_row: DossierRow, filename: str,
                                content: Content | Received, content_type: str | None,
                                officer_principal: Principal, *, number: int | None = None,
                                issued_at: datetime | None = None) -> ResultRow:
    """Store the result file and record it as the dossier's next result; returns the record.

    Works inside the caller's transaction (the officer's "finish" action) or on its own. The file
    is stored before the row is written; if this function fails, or the transaction it joined
    rolls back later, the file is deleted again (core.db.after_rollback), so no stored result is
    left without its row. `content_type` as declared by the client is not trusted: the stored
    type is sniffed.

    `number`: the number the caller already printed on the file (a signed result carries its
    code); if another result took it meanwhile, ConcurrentChange and nothing is kept. The result
    also goes into the applicant's document store (dossiers/result_issuer.py), in the same
    transaction."""
    del content_type  # the bytes decide; the parameter keeps the caller's contract simple
    if (not officer_principal.is_officer
            or officer_principal.agency_id != dossier_row["agency"]):
        raise NotYourAgency()
    if not dossier_row["code"]:
        raise ActionNotAllowed(extra={"state": dossier_row["state"]})
    received = (content if isinstance(content, Received)
                else await store_result_file(content))

    async def forget_file() -> None:
        await current_storage().delete(received.key)

    try:
        async with transaction():
            after_rollback(forget_file)
            numbers = await (DossierResult.select(DossierResult.number)
                             .where(DossierResult.dossier == dossier_row["id"])
                             .output(as_list=True))
            next_number = max(numbers, default=0) + 1
            if number is not None and number != next_number:
                raise ConcurrentChange(extra={"state": dossier_row["state"]})
            number = next_number
            code = f"{dossier_row['code']}-KQ{number}"
            at = issued_at or clock.now()
            inserted = await DossierResult.insert(DossierResult(
                dossier=dossier_row["id"], number=number, code=code, kind="electronic",
                filename=clean_filename(filename), content_type=received.content_type,
                size=received.size, sha256=received.sha256, storage_key=received.key,
                issued_at=at,
            )).returning(DossierResult.id)
            await _keep_in_store(dossier_row, inserted[0]["id"], code, received, filename, at)
            # The national scoring counts dossiers whose result was issued electronically.
            await Dossier.update({Dossier.electronic_result: True}).where(
                Dossier.id == dossier_row["id"])
            await announce("dossier", dossier_row["id"])
    except BaseException:  # also when the transaction could not even begin
        with anyio.CancelScope(shield=True):
            await forget_file()
        raise
    return await result_of(dossier_row["id"], number)


async def _keep_in_store(dossier_row: DossierRow, result_id: uuid.UUID, code: str,
                         received, filename: str, at: datetime) -> None:
    service = await Service.select(Service.name_vi, Service.agency.unit_code,
                                   Service.agency.name_vi.as_alias("agency_name")).where(
        Service.id == dossier_row["service"]).first()
    assert service is not None  # the dossier's service: a foreign key
    await result_issuer.issued(result_issuer.IssuedResult(
        owner=dossier_row["applicant"], dossier_id=dossier_row["id"], result_id=result_id,
        code=code, title=service["name_vi"], issuer_unit_code=service["agency.unit_code"],
        issuer_name=service["agency_name"], filename=clean_filename(filename),
        content_type=received.content_type, size=received.size, sha256=received.sha256,
        storage_key=received.key, issued_at=at))


async def result_of(dossier_id: uuid.UUID, number: int) -> ResultRow:
    row = await DossierResult.select(*PUBLIC_FIELDS).where(
        (DossierResult.dossier == dossier_id) & (DossierResult.number == number)
    ).first()
    if row is None:
        raise ResultNotFound()
    return cast(ResultRow, row)


_LIST = Compiled(lambda dossier_id: DossierResult.select(*PUBLIC_FIELDS).where(
    DossierResult.dossier == dossier_id).order_by(DossierResult.number))


async def list_results(dossier_row: DossierRow) -> list[ResultRow]:
    if not dossier_row["electronic_result"]:
        return []  # set in the transaction that adds a dossier's first result file
    return cast(list[ResultRow], await _LIST.rows(dossier_id=dossier_row["id"]))


async def owned_result(principal: Principal, dossier_id: str | uuid.UUID,
                       number: int) -> dict[str, Any]:
    """The applicant's electronic result n (with its storage key); anyone else: not found."""
    dossier = await own_dossier(principal, dossier_id)
    row = await DossierResult.select().where(
        (DossierResult.dossier == dossier["id"]) & (DossierResult.number == number)
        & (DossierResult.kind == "electronic")
    ).first()
    if row is None:
        raise ResultNotFound()
    return row

