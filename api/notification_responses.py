"""Response bodies of notifications. No `from __future__ import annotations` (see
dossier_responses)."""

from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, TypedDict
from uuid import UUID

from notifications.templates import KINDS

if TYPE_CHECKING:  # a Literal built from a runtime tuple is not a type a checker can read
    Kind = str
else:
    Kind = Literal[KINDS]  # every kind that has a template: the document's enum


class Notification(TypedDict):
    id: UUID
    kind: Kind
    title: str  # in the person's language at the time
    body: str
    dossier_id: UUID | None
    data: dict[str, Any] | None
    created_at: datetime
    read: bool
    read_at: datetime | None


class NotificationPage(TypedDict):
    items: list[Notification]
    next_cursor: str | None
    unread_count: int


class ReadAnswer(TypedDict):
    id: UUID
    unread_count: int


class Device(TypedDict):
    """A registered phone (its push token is never shown)."""

    id: UUID
    platform: Literal["fcm", "apns"]
    app_version: str
    locale: Literal["vi", "en"]
    active: bool  # false once the push service said the token is dead
    registered_at: datetime
    updated_at: datetime


class Preference(TypedDict):
    kind: Kind
    muted: bool
    mutable: bool  # legally required notices cannot be muted


class Preferences(TypedDict):
    preferences: list[Preference]
