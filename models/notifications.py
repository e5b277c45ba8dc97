"""Notifications: the citizen's phones (push devices), their inbox, what they muted, each push to
each device, and the reminders already sent.

Uniqueness that spans several values is kept in one unique key column (`token_key`, `event_key`,
`dedup_key`, `reminder_key`), so the database — not a prior SELECT — decides between two writers."""

from piccolo.columns import (
    JSONB,
    UUID,
    BigSerial,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.defaults.uuid import UUID4
from piccolo.table import Table

from models.auth import Person


class Device(Table, tablename="push_device"):
    id = UUID(primary_key=True, default=UUID4())
    person = ForeignKey(references=Person, index=True)
    platform = Varchar(length=8)  # fcm | apns
    token = Text()  # a credential for that phone: never logged, never returned by the API
    # sha256 of "<platform>:<token>": one row per token and platform, whoever owns it now.
    token_key = Varchar(length=64, unique=True)
    app_version = Varchar(length=32, default="")
    locale = Varchar(length=5, default="vi")
    active = Boolean(default=True, index=True)
    deactivated_at = Timestamptz(null=True, default=None)
    deactivated_reason = Varchar(length=32, default="")  # unregistered | removed
    registered_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class Notification(Table, tablename="notification"):
    """The inbox. Title and body are rendered once, in the person's language at creation."""

    id = UUID(primary_key=True, default=UUID4())
    person = ForeignKey(references=Person, index=True)
    # "<event occurrence>:<person>": a redelivered event adds no second entry.
    event_key = Varchar(length=300, unique=True)
    kind = Varchar(length=40)
    title = Varchar(length=200)
    body = Text()
    dossier_id = UUID(null=True, default=None, index=True)
    data = JSONB(default="{}")  # ids only
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    read_at = Timestamptz(null=True, default=None)


class NotificationPreference(Table, tablename="notification_preference"):
    person = ForeignKey(references=Person, index=True)
    # "<person>:<kind>"
    pref_key = Varchar(length=100, unique=True)
    kind = Varchar(length=40)
    muted = Boolean(default=False)


class PushDelivery(Table, tablename="push_delivery"):
    id = UUID(primary_key=True, default=UUID4())
    notification = ForeignKey(references=Notification, index=True)
    device = ForeignKey(references=Device, index=True)
    dedup_key = Varchar(length=340, unique=True)  # "<event occurrence>:<device>"
    state = Varchar(length=16, default="queued", index=True)  # queued | sent | dropped
    # Rendered in the device's own language (a person's phones may differ).
    title = Varchar(length=200, default="")
    body = Text(default="")
    attempts = Integer(default=0)
    last_error = Varchar(length=64, default="")  # the provider's error code, never the token
    provider = Varchar(length=20, default="")
    queued_at = Timestamptz(default=TimestamptzNow())
    sent_at = Timestamptz(null=True, default=None)


class ReminderSent(Table, tablename="reminder_sent"):
    """At most one reminder per pending action per day: the unique key decides."""

    id = BigSerial(primary_key=True)
    person = ForeignKey(references=Person, index=True)
    action_key = Varchar(length=120)  # e.g. "supplement:<dossier id>:<requested at>"
    day = Date()  # Vietnam calendar day
    reminder_key = Varchar(length=200, unique=True)  # "<action key>:<day>"
    sent_at = Timestamptz(default=TimestamptzNow())
