"""People who sign in, their sessions and refresh tokens."""

import uuid

from piccolo.columns import UUID, ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.defaults.uuid import UUID4
from piccolo.table import Table

from models.catalogue import Agency


class Person(Table, tablename="person"):
    id = UUID(primary_key=True, default=UUID4())
    # Số định danh cá nhân: personal data — never logged in full, never in a URL.
    id_number = Varchar(length=12, unique=True)
    full_name = Varchar(length=255, default="")
    phone = Varchar(length=20, default="")
    email = Varchar(length=255, default="")
    role = Varchar(length=16, default="citizen", index=True)  # citizen | officer | admin
    agency = ForeignKey(references=Agency, null=True, default=None, index=True)
    locale = Varchar(length=5, default="vi")
    created_at = Timestamptz(default=TimestamptzNow())
    last_sign_in_at = Timestamptz(null=True, default=None)


class AuthSession(Table, tablename="auth_session"):
    """One signed-in device. Revoking it stops its refresh and access tokens."""

    id = UUID(primary_key=True, default=UUID4())
    person = ForeignKey(references=Person, index=True)
    client = Varchar(length=255, default="")  # user agent, shortened
    sign_in_method = Varchar(length=32, default="sso")
    # The identity assurance level the SSO's ID token gave at sign-in (VNeID level 1 or 2), or
    # none: a level-2 account qualifies for some fee waivers (Circular 117/2026/TT-BTC).
    assurance_level = Integer(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    last_used_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)
    revoke_reason = Varchar(length=64, default="")


class RefreshToken(Table, tablename="refresh_token"):
    """Opaque refresh tokens, stored as SHA-256 only; each is used once (RFC 9700 rotation)."""

    id = UUID(primary_key=True, default=UUID4())
    session = ForeignKey(references=AuthSession, index=True)
    token_hash = Varchar(length=64, unique=True)
    issued_at = Timestamptz(default=TimestamptzNow())
    used_at = Timestamptz(null=True, default=None)
    expires_at = Timestamptz()
    # The token this one replaced: lets a retried refresh whose answer was lost be told apart
    # from a replay of a stolen token (see auth.sessions.refresh).
    parent = UUID(null=True, default=None, index=True)


def new_id() -> uuid.UUID:
    return uuid.uuid4()




class IdTokenUse(Table, tablename="id_token_use"):
    """An ID token that opened a session, by its SHA-256, until it expires: the unique key lets
    one ID token open one session, whichever API process it reaches (kept in the database, so a
    Redis restart forgets nothing)."""

    digest = Varchar(length=64, primary_key=True)
    expires_at = Timestamptz(index=True)
    used_at = Timestamptz(default=TimestamptzNow())


class SignInWindow(Table, tablename="sign_in_window"):
    """Sign-in requests of one client address in one minute, counted here while Redis (which
    normally counts them) is away, so the limit holds across processes during an outage."""

    key = Varchar(length=120, primary_key=True)  # "<client address>:<minute>"
    # The column shadows Table.count(), which nothing calls on this table.
    count = Integer(default=0)  # pyright: ignore[reportAssignmentType]
    expires_at = Timestamptz(index=True)
