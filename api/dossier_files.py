"""HTTP routes for dossier files: the citizen's attachments and the electronic results.

Only the dossier's applicant gets anything here; for anyone else the dossier does not exist
(404), whatever their role."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict, cast
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.openapi.spec import OpenAPIMediaType, Operation, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIType
from litestar.params import FromPath
from litestar.response import Stream

from api.contract import documented
from api.errors import UnsupportedMediaType
from api.etags import none_match
from api.multipart_stream import MultipartStream
from auth.guards import SIGNED_IN, requires
from core.problems import Problem, ValidationFailed
from dossiers import attachments, results
from dossiers.access import own_dossier
from dossiers.problems import (
    AttachmentNotFound,
    DossierNotEditable,
    DossierNotFound,
    FileTooLarge,
    FileTypeNotAccepted,
    ResultNotFound,
    UnknownDocumentSlot,
)
from dossiers.results import RESULT_TYPES
from dossiers.rows import AttachmentRow, DossierRow
from dossiers.sniffing import EXTENSIONS, OCTET_STREAM
from dossiers.storage import open_stored

# What a stored file may be served as: its type as sniffed from its bytes.
FILE_BINARY = {media: "" for media in (*EXTENSIONS, OCTET_STREAM)}
# Room for the boundaries, the part headers and the `slot` field around the file itself.
MULTIPART_OVERHEAD = 16 * 1024
UPLOAD_HELP = (
    "multipart/form-data with two fields, in this order: `slot` (a required-document slot of "
    "the service) and `file`. The file's type is read from its bytes, not from its name or "
    "declared type. Too large: 413 `file-too-large`; type not accepted by the slot: 415 "
    "`file-type-not-accepted`; unknown slot: 422 `unknown-document-slot`; dossier neither a "
    "draft nor awaiting a supplement: 409 `dossier-not-editable`."
)


@dataclass
class UploadOperation(Operation):
    """The body is read as a stream, not through a `data` parameter, so describe it here."""

    def __post_init__(self) -> None:
        form = Schema(type=OpenAPIType.OBJECT, required=["slot", "file"], properties={
            "slot": Schema(type=OpenAPIType.STRING, max_length=64),
            "file": Schema(type=OpenAPIType.STRING, format="binary"),  # type: ignore[arg-type]
        })
        self.request_body = RequestBody(
            required=True, content={"multipart/form-data": OpenAPIMediaType(schema=form)})


class AttachmentOut(TypedDict):
    id: UUID
    slot: str
    filename: str
    content_type: str
    size: int
    sha256: str
    round: int
    uploaded_at: datetime
    superseded: bool


class AttachmentList(TypedDict):
    items: list[AttachmentOut]


def _form_error(field: str, detail: str) -> Problem:
    return ValidationFailed(extra={"errors": [{"parameter": field, "in": "form",
                                               "detail": detail}]})


async def capped(source: AsyncIterator[bytes], limit: int) -> AsyncIterator[bytes]:
    # Bodies sent without Content-Length (chunked) are held to the same limit as they stream.
    total = 0
    async for chunk in source:
        total += len(chunk)
        if total > limit:
            raise FileTooLarge(extra={"max_bytes": limit - MULTIPART_OVERHEAD})
        yield chunk


class DossierFilesController(Controller):
    path = "/v1/dossiers"
    tags = ["dossiers"]
    opt = requires(SIGNED_IN)

    @documented(problems=[DossierNotFound, DossierNotEditable, FileTooLarge, FileTypeNotAccepted,
                          UnknownDocumentSlot, UnsupportedMediaType])
    @post("/{dossier_id:str}/attachments", operation_id="uploadAttachment",
          status_code=201, request_max_body_size=None,
          operation_class=UploadOperation, description=UPLOAD_HELP,
          summary="Upload a document into a required-document slot")
    async def upload(self, request: Request, dossier_id: FromPath[str]) -> AttachmentOut:
        dossier = await own_dossier(request.user, dossier_id)
        limit = await attachments.largest_upload(dossier) + MULTIPART_OVERHEAD
        if (request.content_length or 0) > limit:  # refused before a byte of the body is read
            raise FileTooLarge(extra={"max_bytes": limit - MULTIPART_OVERHEAD})
        media_type, options = request.content_type
        if media_type != "multipart/form-data" or not options.get("boundary"):
            raise UnsupportedMediaType(detail="Send multipart/form-data")
        slot: str | None = None
        async for part in MultipartStream(capped(request.stream(), limit), options["boundary"]):
            if part.name == "slot" and part.filename is None:
                slot = await part.text(max_bytes=64)
                if slot is None:
                    raise UnknownDocumentSlot()
            elif part.name == "file":
                if slot is None:
                    raise _form_error("slot", "Send the slot field before the file")
                added = await attachments.add_attachment(dossier, slot, part.filename or "",
                                                         part.chunks())
                # The domain builds this dict; the contract tests hold it to the schema.
                return cast(AttachmentOut, added)
        raise _form_error("file", "A file is required")

    @documented(problems=[DossierNotFound])
    @get("/{dossier_id:str}/attachments", operation_id="listAttachments",
         summary="The dossier's documents, every round")
    async def list_attachments(self, request: Request,
                               dossier_id: FromPath[str]) -> AttachmentList:
        """Every uploaded document with its slot, sniffed type, size, SHA-256 and round;
        `superseded` marks one replaced by a later upload into the same slot."""
        dossier = await own_dossier(request.user, dossier_id)
        return cast(AttachmentList, {"items": await attachments.list_attachments(dossier)})

    @documented(problems=[DossierNotFound, AttachmentNotFound], etag=True, binary=FILE_BINARY)
    @get("/{dossier_id:str}/attachments/{attachment_id:str}", operation_id="downloadAttachment",
         summary="Download one of the dossier's documents",
         description="The file as uploaded (its type sniffed from the bytes); ETag: its SHA-256.")
    async def download_attachment(self, request: Request, dossier_id: FromPath[str],
                                  attachment_id: FromPath[str]) -> Response:
        dossier = await own_dossier(request.user, dossier_id)
        row = await attachments.attachment_of(dossier, attachment_id)
        return await stored_file(request, row, attachment_name(dossier, row))

    @documented(problems=[DossierNotFound, ResultNotFound], etag=True,
                binary={media: "" for media in RESULT_TYPES})
    @get("/{dossier_id:str}/results/{number:int}", operation_id="downloadResult",
         summary="Download an electronic result",
         description="The file as issued; its ETag is its SHA-256.")
    async def download_result(self, request: Request, dossier_id: FromPath[str],
                              number: FromPath[int]) -> Response:
        result = await results.owned_result(request.user, dossier_id, number)
        return await stored_file(request, result, download_name(result["code"], result))


def download_name(stem: str, row: Mapping[str, Any]) -> str:
    """A download's file name: ours (a code) and the extension of the type its bytes showed.
    Never the uploader's name: `poly.html` holding a PDF must not be saved as .html."""
    safe = "".join(c if c.isascii() and (c.isalnum() or c in ".-_") else "_" for c in stem)
    return safe + EXTENSIONS.get(row["content_type"], ".bin")


def attachment_name(dossier: DossierRow, row: AttachmentRow) -> str:
    """`<dossier code>-<slot>-<n>`, n = 1 for the submission, 2 for the first supplement, …
    (a draft has no code yet: `hoso-<first 8 of its id>`)."""
    code = dossier["code"] or f"hoso-{str(dossier['id'])[:8]}"
    return download_name(f"{code}-{row['slot']}-{row['round'] + 1}", row)


async def stored_file(request: Request, row: Mapping[str, Any], filename: str) -> Response:
    """A stored file (`row` with sha256, size and content_type) as a download: tagged with its
    SHA-256, 304 when the client holds it, never kept by shared caches."""
    headers = {"ETag": f'"{row["sha256"]}"', "Cache-Control": "private, no-cache"}
    if none_match(request.headers.get("if-none-match"), headers["ETag"]):
        return Response(content=b"", status_code=304, headers=headers)
    # RFC 6266; `filename` is ours (download_name): plain ASCII, nothing to quote.
    headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    headers["Content-Length"] = str(row["size"])
    return Stream(await open_stored(row), media_type=row["content_type"], headers=headers)


ROUTES = [DossierFilesController]
