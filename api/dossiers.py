"""HTTP routes of a citizen's own dossiers: drafts, submission, reading, withdrawal, answering a
supplement request. Someone else's dossier does not exist here (404), whoever asks."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any, cast

from litestar import Controller, Request, Response, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from api.catalogue_schemas import FeeQuote
from api.contract import documented
from api.dossier_files import DossierFilesController
from api.dossier_responses import DossierDetail, DossierPage, History, SubmissionAnswer
from api.dossier_schemas import (
    DraftPatch,
    NewDossier,
    SubmitRequest,
    SupplementAnswer,
    WithdrawRequest,
)
from api.etags import json_with_etag, own_record
from api.idempotency import idempotent
from api.officer import OfficerDossierController
from auth.guards import CITIZEN, requires
from core.i18n import negotiate
from core.problems import NotFound, ValidationFailed
from dossiers import citizen_actions, cursors, drafts, fee_category, listing, submission, views
from dossiers.access import own_dossier, own_dossier_with_files
from dossiers.problems import (
    ActionNotAllowed,
    CategoryProofMissing,
    ConcurrentChange,
    DocumentsMissing,
    DossierNotEditable,
    DossierNotFound,
    IdentityFieldLocked,
    StepNotOnline,
)
from dossiers.states import STATES

Limit = Annotated[int, QueryParameter(ge=1, le=100, description="Page size (1–100).")]
StateFilter = Annotated[str | None, QueryParameter(name="state", description="Internal state")]
BAD_CURSOR = {"parameter": "cursor", "in": "query", "detail": "Unknown or damaged cursor"}


def locale_of(request: Request) -> str:
    return negotiate(request.headers.get("accept-language"))


def check_state(state: str | None) -> None:
    if state is not None and state not in STATES:
        raise ValidationFailed(extra={"errors": [
            {"parameter": "state", "in": "query",
             "detail": f"One of {', '.join(sorted(STATES))}"}]})


def _companions_tag(detail: dict[str, Any]) -> str:
    payment, delivery = detail.get("payment"), detail.get("delivery")
    if payment is None and delivery is None:
        return ""
    seen = repr((payment, delivery)).encode()
    return "-" + hashlib.blake2b(seen, digest_size=8).hexdigest()


async def detail_response(request: Request, detail: dict[str, Any], locale: str,
                          status_code: int = 200) -> Response[Any]:
    """The detail as DossierDetail, or 304 with no body."""
    # Tagged by version and locale, plus the time-dependent flags, which change without a write,
    # the rating, which is written beside the dossier (ratings/rating.py), and the payment and
    # delivery shown with it, which change without the dossier's version.
    rated = detail.get("rating")
    rating = f'-r{rated["updated_at"].timestamp():.6f}' if rated else ""
    etag = (f'"{detail["id"]}-{detail["version"]}-{locale}-'
            f'{int(detail["overdue"])}{int(detail["due_soon"])}{rating}'
            f'{_companions_tag(detail)}"')
    return own_record(request, detail, etag, locale, status_code)


class CitizenDossierController(Controller):
    path = "/v1/dossiers"
    tags = ["dossiers"]
    opt = requires(CITIZEN)

    @documented(problems=[NotFound, StepNotOnline])
    @post("/", operation_id="createDossier", summary="Create a draft for a service")
    async def create(self, request: Request, data: JSONBody[NewDossier]) -> Response[DossierDetail]:
        """A draft of the service (`service_code`, from GET /v1/services) with the form pre-filled
        from the signed-in identity where the form asks for it (`identity_prefill`: the fields
        filled, and whether changing them is refused or flagged, from the service's `x-prefill`).
        A partial service that cannot be submitted online is 409 `step-not-offered-online` with
        the published reason."""
        row = await drafts.create_draft(request.user, data.service_code)
        locale = locale_of(request)
        return await detail_response(request, await views.detail(row, locale), locale,
                                     status_code=201)

    @documented(problems=[DossierNotFound, DossierNotEditable, ConcurrentChange,
                          IdentityFieldLocked])
    @patch("/{dossier_id:str}", operation_id="editDraft",
           summary="Edit a draft's form (JSON Merge Patch of form_data)")
    async def edit(self, request: Request, dossier_id: FromPath[str],
                   data: JSONBody[DraftPatch]) -> Response[DossierDetail]:
        """`form_data` is applied as a JSON Merge Patch (RFC 7396): a key set to null is removed.
        Only a draft (or a dossier awaiting a supplement) can be edited. A field filled from the
        identity (`identity_prefill.fields`) cannot be changed where the service locks it (422
        `identity-field-locked`); where it flags, the change is listed in
        `identity_prefill.changed` for the officer."""
        row = await drafts.patch_draft(await own_dossier(request.user, dossier_id), data.form_data,
                                       data.applicant_category)
        locale = locale_of(request)
        return await detail_response(request, await views.detail(row, locale), locale)

    @documented(problems=[DossierNotFound, ActionNotAllowed, ConcurrentChange, DocumentsMissing,
                          DossierNotEditable, CategoryProofMissing])
    @idempotent
    @post("/{dossier_id:str}/submit", operation_id="submitDossier", status_code=200,
          summary="Validate and submit: the dossier code, the fee due and the next step")
    async def submit(self, request: Request, dossier_id: FromPath[str],
                     data: JSONBody[SubmitRequest | None] = None) -> SubmissionAnswer:
        """Checks the form against the service's schema and the mandatory documents (422 `documents-
        missing` lists them), takes the dossier code `<unit>-<YYMMDD>-<nnnn>`, quotes the fee and
        says what comes next. Send `Idempotency-Key` so that a retry after a lost answer gets the
        same code."""
        row, filled = await own_dossier_with_files(request.user, dossier_id)
        row, service = await submission.submit(
            request.user, row, data.result_delivery if data else None, filled,
            applicant_category=data.applicant_category if data else None,
            channel=data.channel if data else "app")
        return cast(SubmissionAnswer, views.submission_answer(row, service, locale_of(request)))

    @documented(problems=[DossierNotFound])
    @get("/{dossier_id:str}/fee-quote", operation_id="quoteDraftFee",
         summary="The fee this draft would owe if submitted now: each line with its legal basis "
                 "and reason, and the counter price beside the online one")
    async def fee_quote(self, request: Request, dossier_id: FromPath[str]) -> FeeQuote:
        """A submitted dossier answers with the quote kept at submission."""
        row = await own_dossier(request.user, dossier_id)
        return await fee_category.draft_quote(request.user, row)  # type: ignore[return-value]

    @documented(etag=True)
    @get("/", operation_id="listMyDossiers", summary="Own dossiers, newest first")
    async def list_own(self, request: Request, state_filter: StateFilter = None,
                       cursor: FromQuery[str | None] = None,
                       limit: Limit = 20) -> Response[DossierPage]:
        """Newest first, by cursor (`next_cursor` → `cursor`). `state` filters by internal state."""
        check_state(state_filter)
        try:
            rows, next_cursor = await listing.citizen_page(request.user, state=state_filter,
                                                           cursor=cursor, limit=limit)
        except cursors.BadCursor:
            raise ValidationFailed(extra={"errors": [BAD_CURSOR]}) from None
        locale = locale_of(request)
        page = {"items": await views.summaries(rows, locale), "next_cursor": next_cursor}
        return json_with_etag(request, page, locale, private=True)

    @documented(problems=[DossierNotFound], etag=True)
    @get("/{dossier_id:str}", operation_id="getDossier",
         summary="One own dossier: status, due date, what to do next")
    async def detail(self, request: Request,
                     dossier_id: FromPath[str]) -> Response[DossierDetail]:
        """Status in the national scale (1–10) and in words, due date, overdue flags, the fee, the
        offline steps of a partial service, results, and `expected_action`: the one thing the
        citizen should do now. ETag: send If-None-Match to get 304."""
        locale = locale_of(request)
        return await detail_response(
            request, await views.citizen_detail(request.user, dossier_id, locale), locale)

    @documented(problems=[DossierNotFound])
    @get("/{dossier_id:str}/history", operation_id="getDossierHistory",
         summary="The timeline, oldest first")
    async def history(self, request: Request, dossier_id: FromPath[str]) -> History:
        """Every transition with its time, actor kind, note and the status shown."""
        row = await own_dossier(request.user, dossier_id)
        items = await views.history(row, locale_of(request), for_officer=False)
        # The domain builds this dict; the contract tests hold it to the schema.
        return cast(History, {"items": items})

    @documented(problems=[DossierNotFound, ActionNotAllowed, ConcurrentChange])
    @post("/{dossier_id:str}/withdraw", operation_id="withdrawDossier", status_code=200,
          summary="Withdraw the dossier (until a result exists)")
    async def withdraw(self, request: Request, dossier_id: FromPath[str],
                       data: JSONBody[WithdrawRequest | None] = None) -> Response[DossierDetail]:
        """Possible until a result exists (national status 7)."""
        row = await own_dossier(request.user, dossier_id)
        row = await citizen_actions.withdraw(request.user, row, data.reason if data else "")
        locale = locale_of(request)
        return await detail_response(request, await views.detail(row, locale), locale)

    @documented(problems=[DossierNotFound, ActionNotAllowed, ConcurrentChange, DocumentsMissing])
    @post("/{dossier_id:str}/supplement", operation_id="answerSupplement", status_code=200,
          summary="Answer a supplement request once the requested documents are uploaded")
    async def supplement(self, request: Request, dossier_id: FromPath[str],
                         data: JSONBody[SupplementAnswer | None] = None) -> Response[DossierDetail]:
        """After uploading the requested documents into their slots: the dossier goes back to
        processing and the deadline clock restarts."""
        row = await own_dossier(request.user, dossier_id)
        row = await citizen_actions.supplement(request.user, row, data.note if data else "")
        locale = locale_of(request)
        return await detail_response(request, await views.detail(row, locale), locale)


ROUTES = [CitizenDossierController, DossierFilesController, OfficerDossierController]
