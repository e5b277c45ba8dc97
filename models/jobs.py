"""The outbox: work and events written in the same transaction as the state change they announce.

It is the source of truth for background work; Redis (arq) only wakes a worker."""

from piccolo.columns import JSONB, BigSerial, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class OutboxEvent(Table, tablename="outbox_event"):
    id = BigSerial(primary_key=True)
    job = Varchar(length=64, index=True)  # the registered job that handles it
    payload = JSONB(default="{}")
    # Same key, same job: written once (a retried request or a replayed event adds nothing).
    dedup_key = Varchar(length=200, null=True, default=None, unique=True)
    status = Varchar(length=16, default="pending", index=True)  # pending | running | done | dead
    attempts = Integer(default=0)
    available_at = Timestamptz(default=TimestamptzNow(), index=True)
    locked_until = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    finished_at = Timestamptz(null=True, default=None)
    last_error = Text(default="")
