"""Outbound webhooks to postal partners: where each partner is reached, every message we owe it,
and every attempt to deliver one."""

from piccolo.columns import JSONB, BigSerial, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class WebhookEndpoint(Table, tablename="webhook_endpoint"):
    """A partner's configuration. `signing_secret` signs what we send (whsec_…); `inbound_secret`
    verifies the partner's callbacks to us; the API key (stored hashed) authenticates the
    partner's own listing of its bookings."""

    id = BigSerial(primary_key=True)
    partner = Varchar(length=40, unique=True)
    url = Varchar(length=500, default="")
    signing_secret = Varchar(length=120)
    inbound_secret = Varchar(length=120)
    api_key_hash = Varchar(length=64, default="", index=True)
    enabled = Varchar(length=1, default="y")  # "y" | "n" (one representation on both databases)
    disabled_reason = Varchar(length=200, default="")
    disabled_at = Timestamptz(null=True, default=None)
    failing_since = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class WebhookMessage(Table, tablename="webhook_message"):
    """One event owed to a partner. `msg_id` is the `webhook-id` of every attempt, so the partner
    can drop redeliveries."""

    id = BigSerial(primary_key=True)
    msg_id = Varchar(length=60, unique=True)
    # The sender's key for this occurrence: sending the same occurrence twice records nothing.
    dedup_key = Varchar(length=200, unique=True)
    partner = Varchar(length=40, index=True)
    event_type = Varchar(length=80)
    payload = JSONB(default="{}")
    state = Varchar(length=12, default="pending", index=True)  # pending|delivered|failed|dead
    attempts = Integer(default=0)  # every attempt ever
    round_attempts = Integer(default=0)  # attempts since the message was (re)queued: the schedule
    next_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    delivered_at = Timestamptz(null=True, default=None)
    replays = Integer(default=0)  # operator replays so far; each gets its own outbox dedup key


class WebhookAttempt(Table, tablename="webhook_attempt"):
    id = BigSerial(primary_key=True)
    message = ForeignKey(references=WebhookMessage, index=True)
    at = Timestamptz(default=TimestamptzNow())
    status_code = Integer(null=True, default=None)
    error = Varchar(length=200, default="")  # transport failure (timeout, refused), no status
    latency_ms = Integer(default=0)
    response_excerpt = Text(default="")  # ≤ 500 chars, personal data scrubbed
