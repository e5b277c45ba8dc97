"""Answers of the document store and the result check. No `from __future__ import annotations`
here: Python 3.11 would then ignore NotRequired inside these TypedDicts."""

from datetime import datetime
from typing import NotRequired, TypedDict
from uuid import UUID


class StoredDocument(TypedDict):
    id: UUID
    kind: str  # result (issued to the citizen) | kept (kept from one of their dossiers)
    title: str
    code: str | None  # the result code, <dossier code>-KQ<n>
    issuer_unit_code: str
    issuer_name: str
    dossier_id: UUID | None
    filename: str
    content_type: str
    size: int
    sha256: str
    issued_at: datetime
    valid_until: datetime | None
    valid: bool  # neither expired nor revoked


class DocumentPage(TypedDict):
    items: list[StoredDocument]
    next_cursor: str | None


class KeepRequest(TypedDict):
    dossier_id: UUID
    attachment_id: UUID


class ReuseRequest(TypedDict):
    slot: str
    document_id: UUID


class AgencyRef(TypedDict):
    unit_code: str
    name_vi: str
    name_en: str


class SignatureState(TypedDict):
    present: bool
    intact: bool  # the signed bytes are unchanged and the signature verifies
    trusted: bool  # made with the issuing agency's certificate
    covers_whole_file: bool
    signer: NotRequired[str]
    signed_at: NotRequired[datetime]


class Verification(TypedDict):
    valid: bool
    issued_here: bool
    reason: str  # ok | issued-here | not-issued-here | hash-mismatch | modified-after-signing…
    message: str
    signature: SignatureState
    result_code: NotRequired[str]
    dossier_code: NotRequired[str]
    issued_at: NotRequired[datetime]
    sha256: NotRequired[str]  # of the file as issued
    agency: NotRequired[AgencyRef]


class IdentityPrefill(TypedDict):
    fields: list[str]  # form fields filled from the identity
    policy: str  # refuse (changes refused) | flag (changes accepted, shown to the officer)
    changed: list[str]  # identity fields the citizen changed (policy flag)


class ReusedDocument(TypedDict):
    slot: str
    attachment_id: UUID
    reused_at: datetime
    document_kind: str  # result | kept
    result_code: str | None
    issuer_name: str
    sha256: str
