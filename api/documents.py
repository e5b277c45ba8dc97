"""HTTP routes of the citizen's document store, reuse of a stored document in a dossier, and
the public check of an electronic result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.openapi.spec import OpenAPIMediaType, Operation, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIType
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from api.contract import documented
from api.document_schemas import (
    DocumentPage,
    KeepRequest,
    ReuseRequest,
    StoredDocument,
    Verification,
)
from api.dossier_files import FILE_BINARY, AttachmentOut, download_name, stored_file
from api.etags import json_with_etag
from api.idempotency import idempotent
from auth.guards import CITIZEN, requires
from core import clock
from core.i18n import negotiate
from core.problems import Problem, ValidationFailed
from documents import reuse, store, verification
from documents.problems import DocumentNotFound, DocumentNotReusable
from dossiers import cursors
from dossiers.access import own_dossier
from dossiers.problems import (
    AttachmentNotFound,
    DossierNotEditable,
    DossierNotFound,
    FileTooLarge,
    FileTypeNotAccepted,
    UnknownDocumentSlot,
)
from dossiers.results import RESULT_MAX_BYTES

Limit = Annotated[int, QueryParameter(ge=1, le=100, description="Page size (1–100).")]
VERIFY_HELP = (
    "Check an electronic result. Either send the file (the PDF as the body, or multipart with a "
    "`file` part), or give `code` (printed on the result) and `sha256` (of the file you hold). "
    "The code alone (the stamp's QR code) answers `issued-here` with the agency, the dossier, "
    "the date and the SHA-256 to compare. "
    "`valid` is true only when the file is the one issued here and the issuing agency's "
    "signature is intact; otherwise `reason` says what is wrong. Anyone may ask; the answer holds "
    "only what is printed on the result."
)


@dataclass
class VerifyOperation(Operation):
    """The file is read from the raw body or a multipart part, so describe both here."""

    def __post_init__(self) -> None:
        binary = Schema(type=OpenAPIType.STRING, format="binary")  # type: ignore[arg-type]
        form = Schema(type=OpenAPIType.OBJECT, required=["file"], properties={"file": binary})
        self.request_body = RequestBody(required=False, content={
            "application/pdf": OpenAPIMediaType(schema=binary),
            "multipart/form-data": OpenAPIMediaType(schema=form)})


def _invalid(name: str, detail: str, where: str = "query") -> Problem:
    return ValidationFailed(extra={"errors": [{"parameter": name, "in": where,
                                               "detail": detail}]})


def _shown(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "kind": row["kind"], "title": row["title"], "code": row["code"],
            "issuer_unit_code": row["issuer_unit_code"], "issuer_name": row["issuer_name"],
            "dossier_id": row["dossier"], "filename": row["filename"],
            "content_type": row["content_type"], "size": row["size"], "sha256": row["sha256"],
            "issued_at": row["issued_at"], "valid_until": row["valid_until"],
            "valid": store.is_valid(row, clock.now())}


class MyDocumentsController(Controller):
    path = "/v1/me/documents"
    tags = ["documents"]
    opt = requires(CITIZEN)

    @documented(etag=True)
    @get("/", operation_id="listMyDocuments", summary="My document store, newest first",
         description="Electronic results issued to me (kind `result`, with their code, issuer, "
                     "date and SHA-256) and documents I kept from my dossiers (kind `kept`); "
                     "`valid` is false once expired or revoked. Cursor pages.")
    async def list_documents(self, request: Request, cursor: FromQuery[str | None] = None,
                             limit: Limit = 20) -> Response[DocumentPage]:
        try:
            after = cursors.decode(cursor) if cursor else None
        except cursors.BadCursor:
            raise _invalid("cursor", "Unknown or damaged cursor") from None
        rows = await store.page(request.user, after, limit)  # type: ignore[arg-type]
        more = len(rows) > limit
        rows = rows[:limit]
        last = rows[-1] if rows else None
        return json_with_etag(request, {
            "items": [_shown(row) for row in rows],
            "next_cursor": cursors.encode(last["added_at"], last["id"]) if more and last else None})

    @documented(problems=[DossierNotFound, AttachmentNotFound])
    @idempotent
    @post("/", status_code=201, operation_id="keepDocument",
          summary="Keep a document of one of my dossiers in my store",
          description="The stored file itself (same SHA-256), kept once: keeping it again "
                      "answers the same document.")
    async def keep(self, request: Request, data: JSONBody[KeepRequest]) -> StoredDocument:
        row = await store.keep_attachment(request.user, str(data["dossier_id"]),
                                          str(data["attachment_id"]))
        return _shown(row)  # type: ignore[return-value]

    @documented(problems=[DocumentNotFound], etag=True)
    @get("/{document_id:str}", operation_id="getMyDocument", summary="One of my documents",
         description="Someone else's document does not exist here (404).")
    async def detail(self, request: Request,
                     document_id: FromPath[str]) -> Response[StoredDocument]:
        return json_with_etag(request, _shown(await store.owned_document(request.user,
                                                                         document_id)))

    @documented(problems=[DocumentNotFound], etag=True, binary=FILE_BINARY)
    @get("/{document_id:str}/file", operation_id="downloadMyDocument",
         summary="Download one of my documents", description="The file; ETag: its SHA-256.")
    async def download(self, request: Request, document_id: FromPath[str]) -> Response:
        row = await store.owned_document(request.user, document_id, with_key=True)
        # Named by the result code (or the document's id), never by an uploader's file name.
        stem = row["code"] or f"giayto-{str(row['id'])[:8]}"
        return await stored_file(request, row, download_name(stem, row))


class ReuseController(Controller):
    path = "/v1/dossiers"
    tags = ["dossiers"]
    opt = requires(CITIZEN)

    @documented(problems=[DossierNotFound, DossierNotEditable, DocumentNotFound,
                          DocumentNotReusable, UnknownDocumentSlot, FileTypeNotAccepted,
                          FileTooLarge])
    @idempotent
    @post("/{dossier_id:str}/attachments/from-store", status_code=201,
          operation_id="reuseStoredDocument",
          summary="Fill a document slot with a document from my store (no upload)",
          description="The attachment is the stored file itself (same SHA-256); the dossier "
                      "is marked as reusing documents and the officer sees where it came from.")
    async def reuse(self, request: Request, dossier_id: FromPath[str],
                    data: JSONBody[ReuseRequest]) -> AttachmentOut:
        dossier = await own_dossier(request.user, dossier_id)
        return await reuse.reuse_document(  # type: ignore[return-value]
            request.user, dossier, data["slot"], str(data["document_id"]))


async def _file_from(request: Request) -> bytes | None:
    media_type, _ = request.content_type
    if media_type == "multipart/form-data":
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise _invalid("file", "Send the result as the `file` part", "form")
        return await upload.read()
    body = await request.body()
    return body or None


class VerifyController(Controller):
    path = "/v1/results"
    tags = ["results"]

    async def _verify(self, request: Request, code: str | None,
                      sha256: str | None) -> Verification:
        locale = negotiate(request.headers.get("accept-language"))
        data = await _file_from(request)
        if data is not None:
            return await verification.verify_file(data, locale)  # type: ignore[return-value]
        if not code:
            raise _invalid("code", "Send the file, or the code printed on the result")
        if sha256 is not None and len(sha256) != 64:
            raise _invalid("sha256", "64 hexadecimal digits")
        return await verification.verify_code(code, sha256, locale)  # type: ignore

    @documented(problems=[])
    @get("/verify", operation_id="verifyResult", summary="Check an electronic result",
         description=VERIFY_HELP, request_max_body_size=RESULT_MAX_BYTES + 64 * 1024,
         operation_class=VerifyOperation)
    async def verify(self, request: Request, code: FromQuery[str | None] = None,
                     sha256: FromQuery[str | None] = None) -> Verification:
        return await self._verify(request, code, sha256)

    @documented(problems=[])
    @post("/verify", status_code=200, operation_id="verifyResultFile",
          summary="Check an electronic result file (for clients that cannot send a GET body)",
          description=VERIFY_HELP, request_max_body_size=RESULT_MAX_BYTES + 64 * 1024,
          operation_class=VerifyOperation)
    async def verify_post(self, request: Request, code: FromQuery[str | None] = None,
                          sha256: FromQuery[str | None] = None) -> Verification:
        return await self._verify(request, code, sha256)


ROUTES = [MyDocumentsController, ReuseController, VerifyController]
