"""HTTP routes of an officer's work queue: their own agency's dossiers, and the actions on them.
A dossier of another agency does not exist here (404)."""

from __future__ import annotations

import re
from typing import Annotated, Any, cast

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from api.contract import documented
from api.dossier_files import (
    FILE_BINARY,
    MULTIPART_OVERHEAD,
    AttachmentList,
    attachment_name,
    capped,
    stored_file,
)
from api.dossier_responses import DossierPage, OfficerDossierDetail
from api.dossier_schemas import ActionRequest, CounterDossierRequest
from api.errors import PayloadTooLarge, UnsupportedMediaType
from api.etags import json_with_etag
from api.idempotency import idempotent
from api.multipart_stream import MultipartStream
from api.officer_docs import ACTION_BODY, ACTION_HELP, RESULT_BODY, RESULT_HELP
from auth.guards import OFFICER, requires
from auth.id_number import InvalidIdNumber
from core.i18n import negotiate
from core.problems import Problem, ValidationFailed
from documents.problems import ResultNotPdf, ResultUnreadable, SigningUnavailable
from documents.reuse import reused_in
from dossiers import attachments, counter, cursors, listing, officer_actions, views
from dossiers.access import agency_dossier
from dossiers.finishing import ResultFile
from dossiers.problems import (
    ActionNotAllowed,
    AttachmentNotFound,
    ConcurrentChange,
    DossierNotFound,
    FeeNotPaidOnline,
    FileTooLarge,
    FileTypeNotAccepted,
    NotYourAgency,
    OnlineOnly,
    StepNotOnline,
)
from dossiers.results import RESULT_MAX_BYTES
from dossiers.rows import DossierRow
from dossiers.states import STATES

Limit = Annotated[int, QueryParameter(ge=1, le=100, description="Page size (1–100).")]
StateFilter = Annotated[str | None, QueryParameter(name="state", description="Internal state")]
Search = Annotated[str | None, QueryParameter(
    name="q", max_length=100,
    description="Part of a dossier code or of the applicant's name (without regard to case "
                "or diacritics)")]
IncludeClosed = Annotated[bool, QueryParameter(
    description="Also list dossiers that are closed (refused, withdrawn, stopped, returned); "
                "by default only open ones. A `state` filter lists that state either way.")]


def _invalid(errors: list[dict[str, str]]) -> Problem:
    return ValidationFailed(extra={"errors": errors})


def _decode(body: bytes) -> ActionRequest:
    try:
        return msgspec.json.decode(body or b"{}", type=ActionRequest)
    except msgspec.ValidationError as exc:
        found = re.search(r"at `\$(.*)`$", str(exc))
        path = found.group(1) if found else ""
        pointer = re.sub(r"\[(\d+)\]", r"/\1", path).replace(".", "/")
        raise _invalid([{"pointer": pointer, "detail": str(exc).split(" - at ")[0]}]) from None
    except msgspec.DecodeError:
        raise _invalid([{"pointer": "", "detail": "The body is not valid JSON"}]) from None


FORM_FIELDS = {"action": 16, "note": 4000, "new_due_date": 32}  # the longest each may be


async def _from_form(request: Request, options: dict[str, str],
                     implied: bool = False) -> officer_actions.OfficerAction:
    """The multipart form of `finish`, read as it arrives: the fields, then the result file,
    whose bytes go on to storage chunk by chunk (never whole in memory), held to the same
    limit as they stream as a body without Content-Length. `implied`: the route itself means
    finish (`/result`), so the form needs no `action` field."""
    limit = RESULT_MAX_BYTES + MULTIPART_OVERHEAD
    if (request.content_length or 0) > limit:  # refused before a byte of the body is read
        raise FileTooLarge(extra={"max_bytes": RESULT_MAX_BYTES})
    if not options.get("boundary"):
        raise UnsupportedMediaType(detail="Send multipart/form-data with a boundary")
    fields: dict[str, str] = {"action": "finish"} if implied else {}
    async for part in MultipartStream(capped(request.stream(), limit), options["boundary"]):
        if part.name == "file" and part.filename is not None:
            if fields.get("action") != "finish":
                break
            new_due = None
            if fields.get("new_due_date"):
                new_due = _decode(msgspec.json.encode(
                    {"action": "finish", "new_due_date": fields["new_due_date"]})).new_due_date
            return officer_actions.OfficerAction(
                action="finish", note=fields.get("note", ""), result_kind="electronic",
                result_file=ResultFile(part.filename, part.chunks(), part.content_type),
                new_due_date=new_due)
        if part.name in FORM_FIELDS and part.filename is None:
            value = await part.text(max_bytes=FORM_FIELDS[part.name])
            if value is None:
                raise _invalid([{"pointer": f"/{part.name}", "detail": "Too long"}])
            fields[part.name] = value
    raise _invalid([{"pointer": "/file",
                     "detail": "multipart is for action=finish, its fields, then the file"}])


JSON_MAX_BYTES = 64 * 1024


async def _json_body(request: Request) -> bytes:
    """The JSON form's body, at most JSON_MAX_BYTES (the route takes large multipart bodies,
    so its own limit is off)."""
    if (request.content_length or 0) > JSON_MAX_BYTES:
        raise PayloadTooLarge()
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > JSON_MAX_BYTES:
            raise PayloadTooLarge()
    return bytes(body)


async def _action_from(request: Request) -> officer_actions.OfficerAction:
    media_type, options = request.content_type
    if media_type == "multipart/form-data":
        return await _from_form(request, options)
    data = _decode(await _json_body(request))
    return officer_actions.OfficerAction(
        action=data.action, reason=data.reason, note=data.note, missing_slots=data.missing_slots,
        payment_channel=data.payment_channel,
        result_kind=data.result.kind if data.result else None, new_due_date=data.new_due_date,
        applicant_category=data.applicant_category)


async def _officer_detail(row: DossierRow, locale: str) -> dict[str, Any]:
    """The dossier as its agency sees it (dossiers/views.py) and, for digitisation, the documents
    taken from the citizen's store instead of a new upload (documents/reuse.py)."""
    detail = await views.officer_detail(row, locale)
    detail["reused"] = await reused_in(row["id"]) if row["reused_documents"] else []
    return detail


class OfficerDossierController(Controller):
    path = "/v1/officer/dossiers"
    tags = ["officer"]
    opt = requires(OFFICER)

    @documented(problems=[], etag=True)
    @get("/", operation_id="listAgencyQueue", summary="The agency's work queue, by due date",
         description="Open dossiers of the officer's agency by due date (those not received "
                     "yet last), with the applicant's name and contact and the ID number "
                     "masked. `q` searches codes and applicants' names.")
    async def queue(self, request: Request, state_filter: StateFilter = None,
                    overdue: FromQuery[bool] = False,
                    due_within_days: Annotated[int | None, QueryParameter(ge=0, le=365)] = None,
                    search: Search = None, include_closed: IncludeClosed = False,
                    cursor: FromQuery[str | None] = None,
                    limit: Limit = 20) -> Response[DossierPage]:
        """Dossiers of the officer's own agency, soonest due first: filter by `state`, `overdue`,
        `due_within_days`; each item names the applicant."""
        if state_filter is not None and state_filter not in STATES:
            raise _invalid([{"parameter": "state", "in": "query", "detail": "Unknown state"}])
        try:
            rows, next_cursor = await listing.agency_page(
                request.user, state=state_filter, overdue=overdue, due_within_days=due_within_days,
                cursor=cursor, limit=limit, search=search, include_closed=include_closed)
        except cursors.BadCursor:
            raise _invalid([{"parameter": "cursor", "in": "query",
                             "detail": "Unknown or damaged cursor"}]) from None
        locale = negotiate(request.headers.get("accept-language"))
        page = {"items": await views.queue_items(rows, locale), "next_cursor": next_cursor}
        return json_with_etag(request, page, locale, private=True)

    @documented(problems=[NotYourAgency, InvalidIdNumber])
    @idempotent
    @post("/", operation_id="registerCounterDossier", status_code=201,
          summary="Register a dossier received at the counter or by post",
          description="The officer's agency must be competent for the service. The citizen is "
                      "named by their ID number: the dossier appears in their app when they "
                      "sign in. The dossier is submitted and received at once; one received "
                      "after 15:00 is forwarded to be processed the next working morning, "
                      "where its clock starts (Decree 309/2026).")
    async def register(self, request: Request,
                       data: JSONBody[CounterDossierRequest]) -> Response[OfficerDossierDetail]:
        row = await counter.register(request.user, counter.CounterIntake(
            service_code=data.service_code, channel=data.channel,
            id_number=data.applicant.id_number, full_name=data.applicant.full_name,
            phone=data.applicant.phone, email=data.applicant.email, form_data=data.form_data,
            result_delivery=data.result_delivery, note=data.note))
        locale = negotiate(request.headers.get("accept-language"))
        # The domain builds this dict; the contract tests hold it to the schema.
        detail = cast(OfficerDossierDetail, await _officer_detail(row, locale))
        return Response(content=detail, status_code=201)

    @documented(problems=[DossierNotFound])
    @get("/{dossier_id:str}", operation_id="getAgencyDossier",
         summary="One dossier of the agency, with its timeline")
    async def detail(self, request: Request,
                     dossier_id: FromPath[str]) -> OfficerDossierDetail:
        """As the citizen sees it, plus the applicant, the original due date and the whole timeline
        with the officers who acted."""
        row = await agency_dossier(request.user, dossier_id)
        locale = negotiate(request.headers.get("accept-language"))
        detail = await _officer_detail(row, locale)
        detail["history"] = await views.history(row, locale, for_officer=True)
        return cast(OfficerDossierDetail, detail)

    @documented(problems=[DossierNotFound])
    @get("/{dossier_id:str}/attachments", operation_id="listAgencyAttachments",
         summary="The dossier's documents, every round")
    async def list_attachments(self, request: Request,
                               dossier_id: FromPath[str]) -> AttachmentList:
        """Every uploaded document, superseded rounds included."""
        row = await agency_dossier(request.user, dossier_id)
        return cast(AttachmentList, {"items": await attachments.list_attachments(row)})

    @documented(problems=[DossierNotFound, AttachmentNotFound], etag=True, binary=FILE_BINARY)
    @get("/{dossier_id:str}/attachments/{attachment_id:str}", operation_id="openAgencyAttachment",
         summary="Open one of the dossier's documents (recorded in the audit trail)",
         description="The file as the citizen uploaded it; ETag: its SHA-256. Every download is "
                     "recorded with the officer and the time.")
    async def open_attachment(self, request: Request, dossier_id: FromPath[str],
                              attachment_id: FromPath[str]) -> Response:
        row = await agency_dossier(request.user, dossier_id)
        document = await attachments.attachment_of(row, attachment_id)
        await attachments.record_opened(request.user, row, document)
        return await stored_file(request, document, attachment_name(row, document))

    @documented(problems=[DossierNotFound, ActionNotAllowed, ConcurrentChange, StepNotOnline,
                          FeeNotPaidOnline, OnlineOnly, FileTooLarge, FileTypeNotAccepted,
                          PayloadTooLarge, ResultNotPdf, ResultUnreadable, SigningUnavailable],
                request_body=ACTION_BODY, schemas=[ActionRequest])
    @post("/{dossier_id:str}/actions", operation_id="actOnDossier",
          status_code=200, description=ACTION_HELP,
          request_max_body_size=None,  # a JSON body is small; a result file streams (capped)
          summary="Act on a dossier: receive, refuse, request a supplement or payment, process, "
                  "finish, stop, hand over, mark paid at the counter")
    async def act(self, request: Request,
                  dossier_id: FromPath[str]) -> Response[OfficerDossierDetail]:
        row = await agency_dossier(request.user, dossier_id)
        action = await _action_from(request)
        row = await officer_actions.act(request.user, row, action)
        locale = negotiate(request.headers.get("accept-language"))
        return Response(content=cast(OfficerDossierDetail, await _officer_detail(row, locale)))

    @documented(problems=[DossierNotFound, ActionNotAllowed, ConcurrentChange, StepNotOnline,
                          FeeNotPaidOnline, FileTooLarge, FileTypeNotAccepted,
                          UnsupportedMediaType, ResultNotPdf, ResultUnreadable,
                          SigningUnavailable],
                request_body=RESULT_BODY)
    @post("/{dossier_id:str}/result", operation_id="finishWithResult",
          status_code=200, description=RESULT_HELP,
          request_max_body_size=None,  # the result file streams (capped)
          summary="Finish with an electronic result: upload the signed file")
    async def finish_with_result(self, request: Request,
                                 dossier_id: FromPath[str]) -> Response[OfficerDossierDetail]:
        row = await agency_dossier(request.user, dossier_id)
        media_type, options = request.content_type
        if media_type != "multipart/form-data":
            raise UnsupportedMediaType(detail="Send multipart/form-data")
        action = await _from_form(request, options, implied=True)
        row = await officer_actions.act(request.user, row, action)
        locale = negotiate(request.headers.get("accept-language"))
        return Response(content=cast(OfficerDossierDetail, await _officer_detail(row, locale)))
