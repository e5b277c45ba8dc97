"""Finishing a dossier with its result, and the apology owed when the result is late.

A late result requires a phiếu xin lỗi và hẹn lại ngày trả kết quả: the officer names the new
date, an ApologyLetter row keeps the previous and the new date, and `dossier.apology_issued` goes
out so the citizen is told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from auth.principal import Principal
from core import clock
from core.clock import LOCAL
from core.problems import Problem, ValidationFailed
from dossiers import result_issuer, results, transitions
from dossiers.context import is_full_process, service_by_id
from dossiers.intake import Content
from dossiers.offline import partial_reason
from dossiers.problems import FileTooLarge, StepNotOnline
from dossiers.results import add_electronic_result, forget_result_file, store_result_file
from dossiers.rows import DossierRow, ServiceRow
from dossiers.settlement import require_paid_if_full_process
from dossiers.timing import end_of_local_day
from dossiers.transitions import Actor
from jobs.publish import publish
from models.catalogue import Agency
from models.dossiers import ApologyLetter, DossierResult


@dataclass
class ResultFile:
    filename: str
    content: Content
    content_type: str | None = None


def _invalid(pointer: str, detail: str) -> Problem:
    return ValidationFailed(extra={"errors": [{"pointer": pointer, "detail": detail}]})


def _check_result(row: DossierRow, service: ServiceRow, kind: str,
                  file: ResultFile | None) -> None:
    if kind == "electronic":
        if not service["result_electronic"]:
            raise StepNotOnline(extra={"step": "electronic_result", **partial_reason(service)})
        if file is None:
            raise _invalid("/result/file", "An electronic result needs its file (multipart)")
    elif kind == "paper":
        if row["result_delivery"] == "electronic":
            raise _invalid("/result/kind", "The citizen chose an electronic result")
        if is_full_process(service) and row["result_delivery"] == "in_person":
            raise _invalid("/result/kind", "Full-process results are never collected in person")
    else:
        raise _invalid("/result/kind", "electronic or paper")


async def finish(principal: Principal, row: DossierRow, kind: str, file: ResultFile | None,
                 new_due_date: date | None, note: str) -> DossierRow:
    actor = Actor.of(principal, "officer")
    transitions.check(row, "finish", actor)
    service = await service_by_id(row["service"])
    require_paid_if_full_process(row, service)
    _check_result(row, service, kind, file)
    at = clock.now()
    late = row["due_at"] is not None and at > row["due_at"]
    changes: dict[str, Any] = {"finished_at": at}
    if file is not None and kind == "electronic":
        changes["electronic_result"] = True  # so the row handed back lists its result
    if late:
        if new_due_date is None:
            raise _invalid("/new_due_date", "The result is late: give the new date for it")
        if new_due_date < at.astimezone(LOCAL).date():
            raise _invalid("/new_due_date", "The new date cannot be in the past")
        changes["due_at"] = end_of_local_day(new_due_date)
    signed, stored = None, None
    if file is not None and kind == "electronic":
        # Signed and stored before the transaction: RSA, PDF work and file writes must not hold
        # the database's locks. The stored SHA-256 is that of the signed file.
        signed = await _signed(row, service, file, at)
        stored = await store_result_file(signed["pdf"])

    async def record(new: DossierRow, event_id: int) -> None:
        if signed is not None:
            assert stored is not None  # stored with it above
            await add_electronic_result(new, signed["filename"], stored, "application/pdf",
                                        principal, number=signed["number"], issued_at=at)
        if late:
            await _apologise(new, row["due_at"], changes["due_at"], actor, note, event_id)

    try:
        return await transitions.apply(row, "finish", actor, at=at, note=note, changes=changes,
                                       after=record, detail={"result": kind, "late": late},
                                       service=service)
    except BaseException:
        if stored is not None:  # the transition lost (a race, a refusal): no file without row
            await forget_result_file(stored)
        raise


async def _whole(content: Content) -> bytes:
    """The officer's file in memory (signing needs all of it), refused past the size limit."""
    limit = results.RESULT_MAX_BYTES
    too_large = FileTooLarge(extra={"max_bytes": limit})
    if isinstance(content, (bytes, bytearray, memoryview)):
        if len(content) > limit:
            raise too_large
        return bytes(content)
    parts, size = [], 0
    async for chunk in content:
        size += len(chunk)
        if size > limit:
            raise too_large
        parts.append(bytes(chunk))
    return b"".join(parts)


async def _signed(row: DossierRow, service: ServiceRow, file: ResultFile,
                  at) -> dict[str, Any]:
    """The officer's file stamped and signed by the agency, numbered as the next result."""
    content = await _whole(file.content)
    numbers = await (DossierResult.select(DossierResult.number)
                     .where(DossierResult.dossier == row["id"]).output(as_list=True))
    number = max(numbers, default=0) + 1
    code = f"{row['code']}-KQ{number}"
    agency = await Agency.select(Agency.unit_code, Agency.name_vi, Agency.name_en).where(
        Agency.id == row["agency"]).first()
    assert agency is not None  # the dossier's agency: a foreign key
    result = await result_issuer.sign(content, agency, code, at,
                                      service.get("result_non_pdf") or "wrap")
    name = file.filename if not result.wrapped else f"{code}.pdf"
    return {"pdf": result.pdf, "number": number, "filename": name}


async def _apologise(new: DossierRow, previous, new_due, actor: Actor, note: str,
                     event_id: int) -> None:
    letter = await ApologyLetter.insert(ApologyLetter(
        dossier=new["id"], issued_at=clock.now(), previous_due_at=previous, new_due_at=new_due,
        reason=note, officer_id=actor.id,
    )).returning(ApologyLetter.id)
    await publish("dossier.apology_issued", {
        "dossier_id": str(new["id"]), "code": new["code"], "letter_id": letter[0]["id"],
        "previous_due_at": previous.isoformat(), "new_due_at": new_due.isoformat(),
    }, event_key=str(event_id))
