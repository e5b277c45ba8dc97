"""HTTP routes of feedback and complaints (phản ánh, kiến nghị): a citizen's own (anyone else's
does not exist: 404), and the agency's queue for its officers (another agency's: 404)."""

from __future__ import annotations

from typing import Annotated, Any, cast

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from api.contract import documented
from api.etags import json_with_etag, own_record
from api.feedback_schemas import AnswerRequest, FeedbackPage, FeedbackRequest, FeedbackView
from api.idempotency import idempotent
from auth.guards import CITIZEN, OFFICER, requires
from core import clock
from core.i18n import negotiate
from core.problems import ValidationFailed
from dossiers import cursors
from dossiers.problems import DossierNotFound
from feedback import citizen, officer, views
from feedback.problems import FeedbackActionNotAllowed, FeedbackChanged, FeedbackNotFound
from feedback.states import STATES

Limit = Annotated[int, QueryParameter(ge=1, le=100, description="Page size (1–100).")]
BAD_CURSOR = {"parameter": "cursor", "in": "query", "detail": "Unknown or damaged cursor"}


def _locale(request: Request) -> str:
    return negotiate(request.headers.get("accept-language"))


def _shown(request: Request, row, *, for_officer: bool = False) -> FeedbackView:
    shown = views.render(row, _locale(request), clock.now(), for_officer=for_officer)
    # The domain builds this dict; the contract tests hold it to the schema.
    return cast(FeedbackView, shown)


def _one(request: Request, shown: FeedbackView, status_code: int = 200) -> Response[Any]:
    """The feedback, or 304 with no body."""
    locale = _locale(request)
    etag = f'"{shown["id"]}-{shown["version"]}-{locale}-{int(shown["overdue"])}"'
    return own_record(request, shown, etag, locale, status_code)


class FeedbackController(Controller):
    path = "/v1/feedback"
    tags = ["feedback"]
    opt = requires(CITIZEN)

    @documented(problems=[DossierNotFound])
    @idempotent
    @post("/", operation_id="sendFeedback", status_code=201,
          summary="Send feedback or a complaint about a dossier of yours or a service",
          description="The competent agency must answer by `due_at` (working days).")
    async def send(self, request: Request,
                   data: JSONBody[FeedbackRequest]) -> Response[FeedbackView]:
        row = await citizen.send(request.user, citizen.NewFeedback(
            kind=data.kind, subject=data.subject, body=data.body, dossier_id=data.dossier_id,
            service_code=data.service_code))
        return _one(request, _shown(request, row), status_code=201)

    @documented(etag=True)
    @get("/", operation_id="listMyFeedback", summary="Own feedback, newest first")
    async def list_own(self, request: Request, cursor: FromQuery[str | None] = None,
                       limit: Limit = 20) -> Response[FeedbackPage]:
        """By cursor; each item carries its state, deadline and the agency's answer."""
        try:
            rows, next_cursor = await citizen.page(request.user, cursor, limit)
        except cursors.BadCursor:
            raise ValidationFailed(extra={"errors": [BAD_CURSOR]}) from None
        page = {"items": [_shown(request, row) for row in rows], "next_cursor": next_cursor}
        return json_with_etag(request, page, _locale(request), private=True)

    @documented(problems=[FeedbackNotFound], etag=True)
    @get("/{feedback_id:str}", operation_id="getMyFeedback",
         summary="One own feedback, with the agency's answer")
    async def detail(self, request: Request,
                     feedback_id: FromPath[str]) -> Response[FeedbackView]:
        """Someone else's feedback does not exist here (404). ETag: If-None-Match gives 304."""
        return _one(request, _shown(request, await citizen.own(request.user, feedback_id)))

    @documented(problems=[FeedbackNotFound, FeedbackActionNotAllowed, FeedbackChanged])
    @post("/{feedback_id:str}/close", operation_id="closeMyFeedback", status_code=200,
          summary="Close answered feedback (the answer settles it)")
    async def close(self, request: Request, feedback_id: FromPath[str]) -> FeedbackView:
        """Once answered; before that, 409 `feedback-action-not-allowed`."""
        return _shown(request, await citizen.close(request.user, feedback_id))


class OfficerFeedbackController(Controller):
    path = "/v1/officer/feedback"
    tags = ["officer"]
    opt = requires(OFFICER)

    @documented(etag=True)
    @get("/", operation_id="listAgencyFeedback",
         summary="The agency's feedback queue, by response deadline (overdue first)")
    async def queue(self, request: Request,
                    state_filter: Annotated[str | None, QueryParameter(
                        name="state", description="received, answering, answered or closed; "
                                                  "default: the open ones")] = None,
                    overdue: FromQuery[bool] = False, cursor: FromQuery[str | None] = None,
                    limit: Limit = 20) -> Response[FeedbackPage]:
        """Feedback about the agency's dossiers and services, soonest response deadline
        first; `overdue` keeps only the late ones."""
        if state_filter is not None and state_filter not in STATES:
            raise ValidationFailed(extra={"errors": [
                {"parameter": "state", "in": "query", "detail": "Unknown state"}]})
        try:
            rows, next_cursor = await officer.queue(request.user, state=state_filter,
                                                    overdue=overdue, cursor=cursor, limit=limit)
        except cursors.BadCursor:
            raise ValidationFailed(extra={"errors": [BAD_CURSOR]}) from None
        page = {"items": [_shown(request, row, for_officer=True) for row in rows],
                "next_cursor": next_cursor}
        return json_with_etag(request, page, _locale(request), private=True)

    @documented(problems=[FeedbackNotFound])
    @get("/{feedback_id:str}", operation_id="getAgencyFeedback",
         summary="One feedback of the agency, with its sender's contact")
    async def detail(self, request: Request, feedback_id: FromPath[str]) -> FeedbackView:
        """Another agency's feedback does not exist here (404)."""
        return _shown(request, await officer.of_agency(request.user, feedback_id),
                      for_officer=True)

    @documented(problems=[FeedbackNotFound, FeedbackActionNotAllowed, FeedbackChanged])
    @post("/{feedback_id:str}/take", operation_id="takeFeedback", status_code=200,
          summary="Start answering: the feedback is being answered by this officer")
    async def take(self, request: Request, feedback_id: FromPath[str]) -> FeedbackView:
        """Two officers taking it at once: one wins, the other gets 409."""
        return _shown(request, await officer.take(request.user, feedback_id), for_officer=True)

    @documented(problems=[FeedbackNotFound, FeedbackActionNotAllowed, FeedbackChanged])
    @idempotent
    @post("/{feedback_id:str}/answer", operation_id="answerFeedback", status_code=200,
          summary="Answer the feedback; the citizen is notified (push and inbox)")
    async def answer(self, request: Request, feedback_id: FromPath[str],
                     data: JSONBody[AnswerRequest]) -> FeedbackView:
        """The answer is the agency's; the citizen is told at once (push and inbox)."""
        return _shown(request, await officer.answer(request.user, feedback_id, data.answer),
                      for_officer=True)


ROUTES = [FeedbackController, OfficerFeedbackController]
