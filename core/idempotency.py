"""Idempotency keys: a retried request gets the first answer instead of doing the work twice.

A phone on a flaky network cannot tell "the request never arrived" from "the answer got lost", so
it retries state-changing POSTs with the same `Idempotency-Key`. One record per (scope, key), where
the scope names who asked and which route they called (one client's key never answers another's
request):

- the first request *claims* the key by INSERT on the unique (scope, key) index: the database, not
  a check-then-act in Python, decides who was first, across workers and processes;
- a retry with the same body gets the stored answer; with another body, `idempotency-key-reused`;
  while the first is still running, `idempotency-request-in-progress`;
- a claim left `running` by a process that died holds the key only for `LEASE`; the next request
  takes it over with an update guarded by the claim's state and age, so only one of several
  racing retries wins. The claim's time is its token (SQLite reuses deleted row ids, so the id
  alone is not): the abandoned request, should it wake up, can no longer store or release anything;
- only answers that are final are stored. A 5xx, or a "try again" 4xx (408, 409, 429), releases
  the key so the client's retry runs the request again.

Records expire after `KEEP`; `purge_expired` runs hourly."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from core import clock
from core.db.compiled import Compiled, compiled_insert
from core.problems import define
from models.idempotency import IdempotencyRecord

LEASE = dt.timedelta(seconds=60)
KEEP = dt.timedelta(hours=24)
MAX_KEY_LENGTH = 255
# Headers a replay must repeat to be the same answer (Content-Language: problem titles vary by it).
STORED_HEADERS = ("content-type", "content-language", "location", "etag")
_BASE64 = "_body_base64"  # marks a body that was not UTF-8; never a real header name
_TRY_AGAIN = {408, 409, 429}

InvalidIdempotencyKey = define(
    "invalid-idempotency-key", 400,
    "Idempotency-Key không hợp lệ (1–255 ký tự ASCII nhìn thấy được)",
    "Invalid Idempotency-Key (1–255 visible ASCII characters)",
)
IdempotencyKeyReused = define(
    "idempotency-key-reused", 422,
    "Idempotency-Key này đã được dùng cho một yêu cầu khác",
    "This Idempotency-Key was already used for a different request",
)
IdempotencyRequestInProgress = define(
    "idempotency-request-in-progress", 409,
    "Yêu cầu có cùng Idempotency-Key đang được xử lý, vui lòng thử lại sau giây lát",
    "A request with this Idempotency-Key is still being processed; retry shortly",
)


def parse_key(raw: str) -> str:
    """The key as sent, bare or quoted (`"abc"` is `abc`, as with a structured-field string)."""
    key = raw.strip()
    if len(key) >= 2 and key[0] == key[-1] == '"':
        key = key[1:-1]
    if not 1 <= len(key) <= MAX_KEY_LENGTH or not all("!" <= ch <= "~" for ch in key):
        raise InvalidIdempotencyKey()
    return key


def request_hash(body: bytes, content_type: str = "") -> str:
    """SHA-256 of the body. A client that re-serialises the same data on retry must still match:
    JSON is hashed canonically (sorted keys, no insignificant whitespace), and a multipart upload
    without its boundary, which clients draw at random for every request they build."""
    media, _, params = content_type.partition(";")
    media = media.strip().lower()
    if media == "multipart/form-data":
        boundary = _param(params, "boundary")
        if boundary:
            neutral = body.replace(b"--" + boundary.encode("latin-1"), b"--<boundary>")
            return hashlib.sha256(b"multipart\n" + neutral).hexdigest()
    if body and (media == "application/json" or media.endswith("+json")):
        try:
            data = json.loads(body)
        except ValueError:
            pass  # not valid JSON: the handler will refuse it; hash the bytes
        else:
            canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            return hashlib.sha256(b"json\n" + canonical.encode()).hexdigest()
    return hashlib.sha256(b"raw\n" + body).hexdigest()


def _param(params: str, name: str) -> str:
    for item in params.split(";"):
        key, _, value = item.partition("=")
        if key.strip().lower() == name:
            return value.strip().strip('"')
    return ""


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names


@dataclass(frozen=True)
class Claim:
    """The right to run the request and store its answer while the record still shows this claim."""

    record_id: int
    claimed_at: dt.datetime

    @property
    def is_current(self):
        return ((IdempotencyRecord.id == self.record_id) & (IdempotencyRecord.state == "running")
                & (IdempotencyRecord.created_at == self.claimed_at))


# Every Idempotency-Key request runs these: compiled once (core/db/compiled.py).
_CLAIM = compiled_insert(IdempotencyRecord, returning=(IdempotencyRecord.id,), on_conflict=True)
_FIND = Compiled(lambda scope, key: IdempotencyRecord.select().where(
    (IdempotencyRecord.scope == scope) & (IdempotencyRecord.key == key)).limit(1))
_COMPLETE = Compiled(lambda status_code, response_body, response_headers, record_id, claimed_at:
                     IdempotencyRecord.update({
                         IdempotencyRecord.state: "done",
                         IdempotencyRecord.status_code: status_code,
                         IdempotencyRecord.response_body: response_body,
                         IdempotencyRecord.response_headers: response_headers,
                     }).where((IdempotencyRecord.id == record_id)
                              & (IdempotencyRecord.state == "running")
                              & (IdempotencyRecord.created_at == claimed_at))
                     .returning(IdempotencyRecord.id))


def is_final(status_code: int) -> bool:
    """Answers worth replaying: success, and client errors that a retry would only repeat."""
    return 200 <= status_code < 300 or (400 <= status_code < 500 and status_code not in _TRY_AGAIN)


async def claim(scope: str, key: str, body_hash: str) -> Claim | StoredResponse:
    """Claim the key for this request, or return the stored answer of the first one.

    Raises IdempotencyKeyReused (another body) or IdempotencyRequestInProgress."""
    for _ in range(3):  # each turn decides, or removes an expired record that was in the way
        now = clock.now()
        # Insert first: a new key (the usual case) is claimed in one statement, and of two
        # requests racing with one key the unique index lets exactly one in.
        inserted = await _CLAIM.rows(
            scope=scope, key=key, request_hash=body_hash, state="running", status_code=None,
            response_body="", response_headers="{}", created_at=now, expires_at=now + KEEP)
        if inserted:
            return Claim(inserted[0]["id"], now)
        row = await _FIND.first(scope=scope, key=key)
        if row is None:
            continue  # the record that was in the way has just been removed
        if row["expires_at"] <= now:
            await IdempotencyRecord.delete().where(
                (IdempotencyRecord.id == row["id"]) & (IdempotencyRecord.expires_at <= now))
            continue
        if row["request_hash"] != body_hash:
            raise IdempotencyKeyReused()
        if row["state"] == "done":
            return _stored(row)
        if row["created_at"] > now - LEASE:
            raise IdempotencyRequestInProgress(headers={"Retry-After": "1"})
        # The request that claimed the key is gone (process killed mid-request): take it over.
        taken = await IdempotencyRecord.update(
            {IdempotencyRecord.created_at: now, IdempotencyRecord.expires_at: now + KEEP}
        ).where(
            (IdempotencyRecord.id == row["id"]) & (IdempotencyRecord.state == "running")
            & (IdempotencyRecord.created_at <= now - LEASE)
        ).returning(IdempotencyRecord.id)
        if taken:
            return Claim(row["id"], now)
    raise IdempotencyRequestInProgress(headers={"Retry-After": "1"})


async def complete(claim_: Claim, response: StoredResponse) -> bool:
    """Store the answer. False when the claim was taken over meanwhile (nothing is stored)."""
    try:
        text, headers = response.body.decode(), {}
    except UnicodeDecodeError:
        text, headers = base64.b64encode(response.body).decode(), {_BASE64: "1"}
    headers.update({k: v for k, v in response.headers.items() if k in STORED_HEADERS})
    updated = await _COMPLETE.rows(
        status_code=response.status_code, response_body=text,
        response_headers=json.dumps(headers), record_id=claim_.record_id,
        claimed_at=claim_.claimed_at)
    return bool(updated)


async def release(claim_: Claim) -> None:
    """Give the key back unanswered, so a retry runs the request again."""
    await IdempotencyRecord.delete().where(claim_.is_current)


async def purge_expired() -> None:
    await IdempotencyRecord.delete().where(IdempotencyRecord.expires_at <= clock.now())


def _stored(row: dict) -> StoredResponse:
    headers = json.loads(row["response_headers"] or "{}")
    text = row["response_body"] or ""
    body = base64.b64decode(text) if headers.pop(_BASE64, None) else text.encode()
    return StoredResponse(status_code=row["status_code"], body=body, headers=headers)
