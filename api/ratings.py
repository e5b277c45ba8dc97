"""HTTP route of rating a dossier: its applicant only (anyone else: 404), once it has a result."""

from __future__ import annotations

from typing import cast

from litestar import Controller, Request, Response, post
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, JSONBody

from api.contract import documented
from api.idempotency import idempotent
from api.rating_schemas import RatingAnswer, RatingRequest
from auth.guards import CITIZEN, requires
from core.i18n import negotiate
from dossiers.problems import DossierNotFound
from ratings import rating


class RatingController(Controller):
    path = "/v1/dossiers"
    tags = ["ratings"]
    opt = requires(CITIZEN)

    @documented(problems=[DossierNotFound, rating.RatingNotOpen, rating.RatingFinal])
    @idempotent
    @post("/{dossier_id:str}/rating", operation_id="rateDossier", status_code=200,
          summary="Rate how the dossier was served (once it has a result)",
          description="One rating per dossier: the first answers 201, a change within the "
                      "change window 200; after the window 409 `rating-final`. Before the "
                      "dossier has a result (status 9 or 10): 409 `rating-not-open`.",
          responses={201: ResponseSpec(RatingAnswer, description="The rating was given")})
    async def rate(self, request: Request, dossier_id: FromPath[str],
                   data: JSONBody[RatingRequest]) -> Response[RatingAnswer]:
        row, created = await rating.rate(request.user, dossier_id, rating.RatingInput(
            level=data.level, criteria=dict(data.criteria), comment=data.comment.strip()))
        answer = cast(RatingAnswer, {  # the domain's dict; the contract tests hold it to the schema
            **rating.shown(row, negotiate(request.headers.get("accept-language"))),
            "dossier_id": str(row["dossier"])})
        return Response(content=answer, status_code=201 if created else 200)


ROUTES = [RatingController]
