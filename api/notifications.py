"""HTTP routes of notifications: a citizen's push devices, inbox and notification preferences."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal, cast

import msgspec
from litestar import Controller, Request, Response, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody, Parameter

from api.contract import documented
from api.etags import json_with_etag
from api.notification_responses import Device, NotificationPage, Preferences, ReadAnswer
from auth.guards import CITIZEN, requires
from core.problems import NotFound
from notifications import devices, inbox_read, preferences


class RegisterDevice(msgspec.Struct, forbid_unknown_fields=True):
    platform: Literal["fcm", "apns"]
    token: Annotated[str, msgspec.Meta(min_length=8, max_length=4096)]
    app_version: Annotated[str, msgspec.Meta(max_length=32)] = ""
    locale: Literal["vi", "en"] = "vi"


class PreferenceChange(msgspec.Struct, forbid_unknown_fields=True):
    kind: Annotated[str, msgspec.Meta(max_length=40)]
    muted: bool


class PreferencesUpdate(msgspec.Struct, forbid_unknown_fields=True):
    preferences: Annotated[list[PreferenceChange], msgspec.Meta(max_length=100)]


class NotificationController(Controller):
    tags = ["notifications"]
    opt = requires(CITIZEN)
    security = [{"bearer": []}]

    @documented(responses={"200": {
        "description": "This token was registered already; brought up to date",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Device"}}}}})
    @post("/v1/devices", operation_id="registerDevice", status_code=201,
          summary="Register (or re-register) this phone's push token")
    async def register(self, request: Request,
                       data: JSONBody[RegisterDevice]) -> Response[Device]:
        """201 for a new token; 200 when this token was registered already (its owner,
        version and language are brought up to date). The token itself is never shown."""
        row, created = await devices.register(request.user.person_id, data.platform, data.token,
                                              data.app_version, data.locale)
        return Response(devices.view(row),  # type: ignore[arg-type]
                        status_code=201 if created else 200)

    @documented(problems=[NotFound])
    @delete("/v1/devices/{device_id:uuid}", operation_id="unregisterDevice", status_code=204,
            summary="Unregister one of my phones")
    async def unregister(self, request: Request, device_id: FromPath[uuid.UUID]) -> None:
        """Pushes to it stop. Someone else's device is 404."""
        await devices.remove(request.user.person_id, device_id)

    @documented(etag=True)
    @get("/v1/notifications", operation_id="listNotifications",
         summary="My inbox, newest event first, with the unread count")
    async def inbox(
        self, request: Request, cursor: FromQuery[str | None] = None,
        limit: FromQuery[Annotated[int, Parameter(ge=1, le=100)]] = 20,
    ) -> Response[NotificationPage]:
        """Newest first, by cursor; `unread_count` for the badge."""
        page = await inbox_read.page(request.user.person_id, cursor, limit)
        return json_with_etag(request, page, private=True)

    @documented(problems=[NotFound])
    @post("/v1/notifications/{notification_id:uuid}/read", operation_id="markNotificationRead",
          status_code=200,
          summary="Mark one notification read")
    async def read(self, request: Request,
                   notification_id: FromPath[uuid.UUID]) -> ReadAnswer:
        """Idempotent; answers the new unread count."""
        return await inbox_read.mark_read(  # type: ignore[return-value]
            request.user.person_id, notification_id)

    @get("/v1/me/notification-preferences", operation_id="getNotificationPreferences",
         summary="Every notification kind, whether I muted it, and whether it may be muted")
    async def preferences(self, request: Request) -> Preferences:
        """Every kind; `mutable` false for legally required notices (e.g. a supplement request
        or an apology letter)."""
        listing = await preferences.listing(request.user.person_id)
        # The domain builds this dict; the contract tests hold it to the schema.
        return cast(Preferences, {"preferences": listing})

    @put("/v1/me/notification-preferences", operation_id="updateNotificationPreferences",
         summary="Mute or unmute kinds (legally required notices cannot be muted: 422)")
    async def update_preferences(self, request: Request,
                                 data: JSONBody[PreferencesUpdate]) -> Preferences:
        """All changes or none: an unknown kind or muting a required one is 422 with a
        pointer to the item."""
        changes = [(change.kind, change.muted) for change in data.preferences]
        updated = await preferences.update(request.user.person_id, changes)
        return cast(Preferences, {"preferences": updated})


ROUTES = [NotificationController]
