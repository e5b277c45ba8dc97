"""HTTP routes of an officer's work queue: their own agency's dossiers, and the actions on them.
A dossier of another agency does not exist here (404)."""

from __future__ import annotations

import re
from typing import Annotated

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath, FromQuery, QueryParameter

from api.dossier_files import AttachmentList, stored_file
from api.dossier_responses import DossierPage, OfficerDossierDetail
from api.dossier_schemas import ActionRequest
from auth.guards import OFFICER, requires
from core.i18n import negotiate
from core.problems import ValidationFailed
from dossiers import attachments, cursors, listing, officer_actions, views
from dossiers.access import agency_dossier
from dossiers.finishing import ResultFile
from dossiers.results import RESULT_MAX_BYTES
from dossiers.states import STATES

Limit = Annotated[int, QueryParameter(ge=1, le=100, description="Page size (1–100).")]
StateFilter = Annotated[str | None, QueryParameter(name="state", description="Internal state")]
ACTION_HELP = (
    "JSON body `{action, reason, note, missing_slots, payment_channel, result, new_due_date}`. "
    "`refuse` and `stop` need a `reason`; `request_supplement` names `missing_slots`; a `finish` "
    "after the due date needs `new_due_date` (an apology letter is issued). To finish with an "
    "electronic result send multipart/form-data instead: fields `action=finish`, optional `note`"
    " and `new_due_date`, then the `file` part (PDF, JPEG or PNG; the bytes decide)."
)


def _invalid(errors: list[dict[str, str]]) -> ValidationFailed:
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


async def _from_form(request: Request) -> officer_actions.OfficerAction:
    form = await request.form()
    upload = form.get("file")
    if form.get("action") != "finish" or not isinstance(upload, UploadFile):
        raise _invalid([{"pointer": "/file",
                         "detail": "multipart is for action=finish with a file"}])
    new_due = None
    if form.get("new_due_date"):
        new_due = _decode(msgspec.json.encode(
            {"action": "finish", "new_due_date": form["new_due_date"]})).new_due_date
    content = await upload.read()
    return officer_actions.OfficerAction(
        action="finish", note=str(form.get("note") or ""), result_kind="electronic",
        result_file=ResultFile(upload.filename or "", content, upload.content_type),
        new_due_date=new_due)


async def _action_from(request: Request) -> officer_actions.OfficerAction:
    media_type, _ = request.content_type
    if media_type == "multipart/form-data":
        return await _from_form(request)
    data = _decode(await request.body())
    return officer_actions.OfficerAction(
        action=data.action, reason=data.reason, note=data.note, missing_slots=data.missing_slots,
        payment_channel=data.payment_channel,
        result_kind=data.result.kind if data.result else None, new_due_date=data.new_due_date,
        applicant_category=data.applicant_category)


class OfficerDossierController(Controller):
    path = "/v1/officer/dossiers"
    tags = ["officer"]
    opt = requires(OFFICER)

    @get("/", summary="The agency's work queue, by due date")
    async def queue(self, request: Request, state_filter: StateFilter = None,
                    overdue: FromQuery[bool] = False,
                    due_within_days: Annotated[int | None, QueryParameter(ge=0, le=365)] = None,
                    cursor: FromQuery[str | None] = None, limit: Limit = 20) -> DossierPage:
        if state_filter is not None and state_filter not in STATES:
            raise _invalid([{"parameter": "state", "in": "query", "detail": "Unknown state"}])
        try:
            rows, next_cursor = await listing.agency_page(
                request.user, state=state_filter, overdue=overdue, due_within_days=due_within_days,
                cursor=cursor, limit=limit)
        except cursors.BadCursor:
            raise _invalid([{"parameter": "cursor", "in": "query",
                             "detail": "Unknown or damaged cursor"}]) from None
        locale = negotiate(request.headers.get("accept-language"))
        items = await views.summaries(rows, locale)
        for row, item in zip(rows, items, strict=True):
            item["applicant_id"] = row["applicant"]
        return {"items": items, "next_cursor": next_cursor}

    @get("/{dossier_id:str}", summary="One dossier of the agency, with its timeline")
    async def detail(self, request: Request,
                     dossier_id: FromPath[str]) -> OfficerDossierDetail:
        row = await agency_dossier(request.user, dossier_id)
        locale = negotiate(request.headers.get("accept-language"))
        detail = await views.officer_detail(row, locale)
        detail["history"] = await views.history(row, locale, for_officer=True)
        return detail

    @get("/{dossier_id:str}/attachments", summary="The dossier's documents, every round")
    async def list_attachments(self, request: Request,
                               dossier_id: FromPath[str]) -> AttachmentList:
        row = await agency_dossier(request.user, dossier_id)
        return {"items": await attachments.list_attachments(row)}

    @get("/{dossier_id:str}/attachments/{attachment_id:str}",
         summary="Open one of the dossier's documents (recorded in the audit trail)",
         description="The file as the citizen uploaded it; ETag: its SHA-256. Every download is "
                     "recorded with the officer and the time.")
    async def open_attachment(self, request: Request, dossier_id: FromPath[str],
                              attachment_id: FromPath[str]) -> Response:
        row = await agency_dossier(request.user, dossier_id)
        document = await attachments.attachment_of(row, attachment_id)
        await attachments.record_opened(request.user, row, document)
        return await stored_file(request, document, document["filename"] or str(document["id"]))

    @post("/{dossier_id:str}/actions", status_code=200, description=ACTION_HELP,
          request_max_body_size=RESULT_MAX_BYTES + 64 * 1024,
          summary="Act on a dossier: receive, refuse, request a supplement or payment, process, "
                  "finish, stop, hand over, mark paid at the counter")
    async def act(self, request: Request,
                  dossier_id: FromPath[str]) -> Response[OfficerDossierDetail]:
        row = await agency_dossier(request.user, dossier_id)
        action = await _action_from(request)
        row = await officer_actions.act(request.user, row, action)
        locale = negotiate(request.headers.get("accept-language"))
        return Response(content=await views.officer_detail(row, locale))
