"""Operator paths for outbound partner webhooks: endpoint health, undelivered messages with their
attempt log, replay of one message or a range, and re-enabling a disabled endpoint."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, cast

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody, QueryParameter

from api.contract import documented
from api.ops_responses import EndpointEnabled, Queued, WebhookEndpointList, WebhookMessageList
from auth.guards import ADMIN, requires
from postal.webhooks import replay, views
from postal.webhooks.problems import (
    ReplayRangeInvalid,
    WebhookMessageNotFound,
    WebhookPartnerNotFound,
)


class ReplayRange(msgspec.Struct, forbid_unknown_fields=True):
    partner: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    since: dt.datetime
    until: dt.datetime


class WebhookOpsController(Controller):
    path = "/v1/ops/webhooks"
    tags = ["ops", "postal"]
    opt = requires(ADMIN)

    @get("/endpoints", operation_id="listWebhookEndpoints",
         summary="Partner endpoints: enabled or disabled, failing since, last attempt")
    async def endpoints(self) -> WebhookEndpointList:
        """Each partner's endpoint: enabled or disabled (and why), failing since, undelivered
        count, last attempt."""
        # The domain builds this dict; the contract tests hold it to the schema.
        return cast(WebhookEndpointList, {"items": await views.endpoints()})

    @get("/messages", operation_id="listWebhookMessages",
         summary="Webhook messages, undelivered first, with their attempts")
    async def messages(
        self,
        partner: Annotated[str | None, QueryParameter(max_length=40)] = None,
        wanted_state: Annotated[str | None, QueryParameter(
            name="state", pattern="^(pending|failed|dead|delivered)$")] = None,
    ) -> WebhookMessageList:
        """Up to 100, undelivered first (pending, failed, dead), newest first within each, with
        their attempt logs. Payloads are not shown (they carry a recipient's address)."""
        return cast(WebhookMessageList, {"items": await views.messages(partner, wanted_state)})

    @documented(problems=[WebhookMessageNotFound])
    @post("/messages/{message_id:int}/replay", operation_id="replayWebhookMessage", status_code=202,
          summary="Send a message again (same webhook-id, a new delivery round)")
    async def replay_one(self, request: Request, message_id: FromPath[int]) -> Queued:
        """Same webhook-id and body, a new round of attempts; recorded in the audit trail."""
        await replay.replay_one(message_id, str(request.user.person_id))
        return {"queued": [message_id]}

    @documented(problems=[ReplayRangeInvalid, WebhookPartnerNotFound])
    @post("/replay", operation_id="replayWebhookRange",
          status_code=202, summary="Send again every message of a partner in a range")
    async def replay_range(self, request: Request, data: JSONBody[ReplayRange]) -> Queued:
        """Every message to `partner` created in [since, until)."""
        ids = await replay.replay_range(data.partner, data.since, data.until,
                                        str(request.user.person_id))
        return {"queued": ids}

    @documented(problems=[WebhookPartnerNotFound])
    @post("/endpoints/{partner:str}/enable", operation_id="enableWebhookEndpoint", status_code=200,
          summary="Enable a disabled endpoint and queue the messages that waited for it")
    async def enable(self, request: Request, partner: FromPath[str]) -> EndpointEnabled:
        """After the partner fixed its side: delivery resumes, in order."""
        count = await replay.enable(partner, str(request.user.person_id))
        return {"partner": partner, "status": "enabled", "requeued": count}


ROUTES = [WebhookOpsController]
