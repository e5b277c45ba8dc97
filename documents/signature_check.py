"""Checking the PAdES signature inside a result PDF with pyHanko's validator, against the
issuing agency's certificate chain. Pure and blocking: callers run it in a worker thread."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

RESULT_CODE = re.compile(r"[0-9A-Za-z.]+-\d{6,8}-\d{4,7}-KQ\d+")


@dataclass(frozen=True)
class SignatureFacts:
    readable: bool  # a PDF pyHanko could open
    present: bool = False
    claimed_code: str | None = None  # the result code the signature's /Reason names
    intact: bool = False  # the signed bytes are unchanged and the signature verifies
    # Nothing was added after signing but validation data (PAdES-B-LT's DSS revision).
    covers_whole_file: bool = False
    trusted: bool = False  # the signer's chain ends in the expected agency's anchor
    signer: str = ""
    signed_at: datetime | None = None


def claimed_code(data: bytes) -> str | None:
    """The result code a file's last signature claims, without checking anything."""
    facts = check(data, None)
    return facts.claimed_code


def check(data: bytes, chain: list[x509.Certificate] | None) -> SignatureFacts:
    """The facts of the last signature of `data`; trust is judged against `chain` (signing
    certificate first, anchor last) when given."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # any parse failure means the same to the person checking: unreadable
        return SignatureFacts(readable=False)
    if not signatures:
        return SignatureFacts(readable=True)
    embedded = signatures[-1]
    reason = str(embedded.sig_object.get("/Reason", ""))
    found = RESULT_CODE.search(reason)
    code = found.group(0) if found else None
    if chain is None:
        return SignatureFacts(readable=True, present=True, claimed_code=code)
    context = ValidationContext(trust_roots=[chain[-1]], other_certs=chain[:-1],
                                allow_fetching=False)
    try:
        status = validate_pdf_signature(embedded, signer_validation_context=context)
    except Exception:  # a mangled signature dictionary or CMS blob: it does not verify
        return SignatureFacts(readable=True, present=True, claimed_code=code)
    subject = status.signing_cert.subject.native if status.signing_cert else {}
    return SignatureFacts(
        readable=True, present=True, claimed_code=code,
        intact=bool(status.intact and status.valid),
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
            status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
            and status.modification_level in (ModificationLevel.NONE,
                                              ModificationLevel.LTA_UPDATES)),
        trusted=bool(status.trusted) and status.signing_cert.dump() == chain[0].dump(),
        signer=str(subject.get("common_name", "")),
        signed_at=status.signer_reported_dt,
    )
