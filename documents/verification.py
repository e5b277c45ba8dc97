"""Anyone's check of an electronic result (GET /v1/results/verify): was it issued here, by
which agency, for which dossier, when, and is the agency's signature intact?

The answer says only what is printed on the result itself (codes, agency, date) — never the
citizen's name or anything else of the dossier. Reasons are stable words a client can switch on;
`valid` is true only when the file is exactly the one issued here and its signature is intact
and made with the issuing agency's certificate."""

from __future__ import annotations

import hashlib
from typing import Any

import anyio

from documents.issuing import settings
from documents.signature_check import SignatureFacts, check
from documents.signer import AgencyIdentity, SignerUnavailable
from documents.signer_registry import signer_for
from dossiers.storage import StoredFileMissing, current_storage, read_all
from models.dossiers import DossierResult

MESSAGES = {
    "issued-here": ("Kết quả có mã này do cơ quan nêu trên cấp; hãy so mã SHA-256 với tệp bạn có.",
                    "A result with this code was issued by the agency named; compare its "
                    "SHA-256 with the file you hold."),
    "ok": ("Kết quả do cơ quan nêu trên cấp; chữ ký số còn nguyên vẹn.",
           "Issued by the agency named; the digital signature is intact."),
    "not-issued-here": ("Không có kết quả nào như vậy được cấp tại đây.",
                        "No such result was issued here."),
    "hash-mismatch": ("Tệp khác với kết quả đã cấp (mã băm SHA-256 không khớp).",
                      "The file differs from the result issued (its SHA-256 does not match)."),
    "modified-after-signing": ("Tệp đã bị sửa sau khi ký: chữ ký số không còn khớp nội dung.",
                               "The file was changed after signing: the signature no longer "
                               "matches its content."),
    "content-added-after-signing": ("Có nội dung được thêm vào sau khi ký.",
                                    "Content was added to the file after it was signed."),
    "untrusted-signer": ("Chữ ký không phải của cơ quan cấp kết quả.",
                         "The signature is not the issuing agency's."),
    "no-signature": ("Tệp không có chữ ký số.", "The file carries no digital signature."),
    "not-a-pdf": ("Không đọc được tệp PDF.", "The file is not a readable PDF."),
}

_RESULT_COLUMNS = (
    DossierResult.code, DossierResult.sha256, DossierResult.issued_at, DossierResult.storage_key,
    DossierResult.dossier.code.as_alias("dossier_code"),
    # Piccolo types a join's second hop as a plain Column, which names no further column.
    DossierResult.dossier.agency.unit_code.as_alias("unit_code"),  # pyright: ignore[reportAttributeAccessIssue]
    DossierResult.dossier.agency.name_vi.as_alias("name_vi"),  # pyright: ignore[reportAttributeAccessIssue]
    DossierResult.dossier.agency.name_en.as_alias("name_en"),  # pyright: ignore[reportAttributeAccessIssue]
)


async def _result_where(condition) -> dict[str, Any] | None:
    return await DossierResult.select(*_RESULT_COLUMNS).where(
        condition & (DossierResult.kind == "electronic")).first()


def _chain(row: dict[str, Any]):
    agency = AgencyIdentity(row["unit_code"], row["name_vi"], row["name_en"])
    try:
        return signer_for(settings()).chain(agency)
    except SignerUnavailable:
        return None


def _reason(issued: dict[str, Any] | None, same_file: bool, facts: SignatureFacts) -> str:
    if not facts.readable:
        return "not-a-pdf"
    if issued is None:
        return "not-issued-here"
    if not facts.present:
        return "no-signature"
    if not facts.intact:
        return "modified-after-signing"
    if not facts.trusted:
        return "untrusted-signer"
    if not facts.covers_whole_file:
        return "content-added-after-signing"
    return "ok" if same_file else "hash-mismatch"


def _answer(issued: dict[str, Any] | None, reason: str, facts: SignatureFacts,
            locale: str) -> dict[str, Any]:
    vi, en = MESSAGES[reason]
    answer: dict[str, Any] = {
        "valid": reason in ("ok", "issued-here"), "issued_here": issued is not None,
        "reason": reason,
        "message": en if locale == "en" else vi,
        "signature": {"present": facts.present, "intact": facts.intact,
                      "trusted": facts.trusted, "covers_whole_file": facts.covers_whole_file},
    }
    if facts.signer:
        answer["signature"]["signer"] = facts.signer
    if facts.signed_at:
        answer["signature"]["signed_at"] = facts.signed_at
    if issued is not None:
        answer.update(result_code=issued["code"], dossier_code=issued["dossier_code"],
                      issued_at=issued["issued_at"], sha256=issued["sha256"],
                      agency={"unit_code": issued["unit_code"], "name_vi": issued["name_vi"],
                              "name_en": issued["name_en"]})
    return answer


async def verify_file(data: bytes, locale: str = "vi") -> dict[str, Any]:
    """Check a file someone holds."""
    digest = hashlib.sha256(data).hexdigest()
    issued = await _result_where(DossierResult.sha256 == digest)
    same_file = issued is not None
    if issued is None:  # a changed file: find what it claims to be, to say what is wrong
        code = (await anyio.to_thread.run_sync(check, data, None)).claimed_code
        issued = await _result_where(DossierResult.code == code) if code else None
    chain = _chain(issued) if issued is not None else None
    facts = await anyio.to_thread.run_sync(check, data, chain)
    return _answer(issued, _reason(issued, same_file, facts), facts, locale)


async def verify_code(code: str, sha256: str | None, locale: str = "vi") -> dict[str, Any]:
    """Check a result by the code printed on it and the hash of the file someone holds. With
    the code alone (the stamp's QR code), say whether and by whom it was issued, and the hash
    to compare: `valid` then vouches for the issued file, not for a copy nobody showed."""
    issued = await _result_where(DossierResult.code == code)
    if issued is None:
        return _answer(None, "not-issued-here", SignatureFacts(readable=True), locale)
    try:
        stored = await read_all(current_storage(), issued["storage_key"])
    except StoredFileMissing:
        stored = b""
    facts = await anyio.to_thread.run_sync(check, stored, _chain(issued))
    same_file = sha256 is None or sha256.strip().lower() == issued["sha256"]
    reason = _reason(issued, same_file, facts)
    if sha256 is None and reason == "ok":
        reason = "issued-here"
    return _answer(issued, reason, facts, locale)
