"""Remembered answers to retried requests (Idempotency-Key)."""

from piccolo.columns import BigSerial, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class IdempotencyRecord(Table, tablename="idempotency_record"):
    id = BigSerial(primary_key=True)
    # Scope: who sent it and where, so one client's key never answers another's request.
    scope = Varchar(length=300)
    key = Varchar(length=255)
    request_hash = Varchar(length=64)
    state = Varchar(length=16, default="running")  # running | done
    status_code = Integer(null=True, default=None)
    response_body = Text(default="")
    response_headers = Text(default="{}")
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz(index=True)
