"""Signed-in sessions: start one, rotate its refresh token, revoke it, list a person's devices.

Refresh tokens rotate on every use (RFC 9700 §4.14.2). A token is consumed by a guarded update
(`... WHERE used_at IS NULL`), so of two refreshes racing with one token exactly one wins; an
already-used token coming back means it leaked, and the whole session is revoked.

One exception keeps mobile retries harmless: a token presented again within a short grace period
(settings.refresh_retry_grace) whose replacement has never been used is a retry whose answer was
lost. The unused replacement is retired and a new one issued, so the outcome is as if the request
had arrived once. If the replacement was used, or the grace has passed, it is reuse.
Presenting a retired replacement later is reuse too, so a thief racing the owner inside the grace
period still ends the session for both."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from auth.problems import InvalidRefreshToken, RefreshTokenReused
from auth.tokens import issue_access_token, new_refresh_token, refresh_token_hash
from core import clock
from core.audit import record
from core.cache import RowCache
from core.changes import announce
from core.db import for_update, transaction
from core.db.compiled import Compiled
from core.problems import NotFound
from core.settings import Settings
from models.auth import AuthSession, Person, RefreshToken


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    expires_in: int
    refresh_token: str
    session_id: uuid.UUID
    person_id: uuid.UUID


@dataclass(frozen=True)
class SessionState:
    """What the auth middleware needs per request, read in one lookup by primary key."""

    person_id: uuid.UUID
    role: str
    agency_id: int | None
    locale: str
    expires_at: datetime
    assurance_level: int | None = None  # what the SSO said of the account at sign-in


async def _person_claims(person_id: uuid.UUID) -> tuple[str, str | None]:
    row = await Person.select(Person.role, Person.agency.unit_code).where(
        Person.id == person_id
    ).first()
    if row is None:
        raise InvalidRefreshToken()
    return row["role"], row["agency.unit_code"]


async def _issue(settings: Settings, person_id: uuid.UUID, session_id: uuid.UUID,
                 now: datetime, parent: uuid.UUID | None = None) -> IssuedTokens:
    """A new refresh token row and an access token; call inside the caller's transaction."""
    refresh = new_refresh_token()
    await RefreshToken.insert(
        RefreshToken(
            session=session_id,
            token_hash=refresh_token_hash(refresh),
            issued_at=now,
            expires_at=now + timedelta(seconds=settings.refresh_token_ttl),
            parent=parent,
        )
    )
    role, agency = await _person_claims(person_id)
    access = issue_access_token(
        settings, person_id=person_id, session_id=session_id, role=role, agency=agency
    )
    return IssuedTokens(access, settings.access_token_ttl, refresh, session_id, person_id)


async def start_session(settings: Settings, person_id: uuid.UUID, *, client: str, method: str,
                        assurance_level: int | None = None) -> IssuedTokens:
    """`assurance_level`: what the SSO's ID token said of the account (kept with the session;
    a fee waiver may depend on it, catalogue/fee_rules.py)."""
    now = clock.now()
    session_id = uuid.uuid4()
    async with transaction():
        await AuthSession.insert(
            AuthSession(
                id=session_id,
                person=person_id,
                client=client[:255],
                sign_in_method=method,
                assurance_level=assurance_level,
                created_at=now,
                last_used_at=now,
                expires_at=now + timedelta(seconds=settings.refresh_token_ttl),
            )
        )
        tokens = await _issue(settings, person_id, session_id, now)
        await Person.update({Person.last_sign_in_at: now}).where(Person.id == person_id)
        await record("auth.sign_in", actor_kind="citizen", actor_id=str(person_id),
                     subject_type="auth_session", subject_id=str(session_id),
                     detail={"method": method, "assurance_level": assurance_level})
    return tokens


async def _revoke(session_id: uuid.UUID, reason: str, now: datetime) -> bool:
    revoked = await AuthSession.update(
        {AuthSession.revoked_at: now, AuthSession.revoke_reason: reason}
    ).where((AuthSession.id == session_id) & AuthSession.revoked_at.is_null()).returning(
        AuthSession.id
    )
    await announce("auth_session", session_id)
    return bool(revoked)


async def refresh(settings: Settings, presented: str) -> IssuedTokens:
    now = clock.now()
    async with transaction():
        # Refreshes of one token take turns (row lock), so each sees what the previous did.
        row = await for_update(RefreshToken.select(
            RefreshToken.id,
            RefreshToken.used_at,
            RefreshToken.expires_at,
            RefreshToken.session,
            RefreshToken.session.person,
            RefreshToken.session.revoked_at,
        ).where(RefreshToken.token_hash == refresh_token_hash(presented)), of=RefreshToken).first()
        if row is None or row["session.revoked_at"] is not None or row["expires_at"] <= now:
            raise InvalidRefreshToken()
        session_id, person_id = row["session"], row["session.person"]
        won = row["used_at"] is None and await RefreshToken.update(
            {RefreshToken.used_at: now}
        ).where((RefreshToken.id == row["id"]) & RefreshToken.used_at.is_null()).returning(
            RefreshToken.id
        )
        if not won:
            won = await _retire_unused_replacement(settings, row, now)
        if won:
            tokens = await _issue(settings, person_id, session_id, now, parent=row["id"])
            await AuthSession.update(
                {AuthSession.last_used_at: now, AuthSession.expires_at: now + timedelta(
                    seconds=settings.refresh_token_ttl)}
            ).where(AuthSession.id == session_id)
            await announce("auth_session", session_id)  # it lives longer now
            return tokens
        # Used before (or just now by a racing request): treat as stolen. Committed, then raised.
        await _revoke(session_id, "refresh-token-reused", now)
        await record("auth.refresh_reuse_revoked", actor_kind="citizen", actor_id=str(person_id),
                     subject_type="auth_session", subject_id=str(session_id))
    raise RefreshTokenReused()


async def _retire_unused_replacement(settings: Settings, row: dict, now: datetime) -> bool:
    """A retry within the grace period: consume the replacement nobody has used yet."""
    used_at = row["used_at"]
    if used_at is None or now - used_at > timedelta(seconds=settings.refresh_retry_grace):
        return False
    retired = await RefreshToken.update({RefreshToken.used_at: now}).where(
        (RefreshToken.parent == row["id"]) & RefreshToken.used_at.is_null()
    ).returning(RefreshToken.id)
    return bool(retired)


async def revoke_session(session_id: uuid.UUID, *, person_id: uuid.UUID, reason: str) -> None:
    """Revoke one of `person_id`'s sessions. Another person's (or no such) session: NotFound,
    so session ids cannot be probed."""
    async with transaction():
        owned = await AuthSession.exists().where(
            (AuthSession.id == session_id) & (AuthSession.person == person_id)
        )
        if not owned:
            raise NotFound()
        if await _revoke(session_id, reason, clock.now()):
            await record(f"auth.{reason}", actor_kind="citizen", actor_id=str(person_id),
                         subject_type="auth_session", subject_id=str(session_id))


# Live sessions by id; an announcement of a person forgets all of theirs (roles, agency).
SESSIONS = RowCache("auth_session", size=50_000, group_kind="person")
_ACTIVE_SESSION = Compiled(lambda session_id, now: AuthSession.select(
    AuthSession.person,
    AuthSession.person.role,
    AuthSession.person.agency,
    AuthSession.person.locale,
    AuthSession.expires_at,
    AuthSession.assurance_level,
).where(
    (AuthSession.id == session_id)
    & AuthSession.revoked_at.is_null()
    & (AuthSession.expires_at > now)
).limit(1))


async def active_session(session_id: uuid.UUID) -> SessionState | None:
    """The session's person with their current role, if the session is live. Role and agency are
    read here rather than trusted from the token, so a role taken away applies at once. Every
    authenticated request asks, so the answer is kept in memory (core/cache.py) until the
    session or its person changes: every write below announces it."""
    now = clock.now()
    state = await SESSIONS.get_or_load(session_id, lambda: _read_session(session_id, now),
                                       group=lambda state: state.person_id)
    return state if state is not None and state.expires_at > now else None


async def _read_session(session_id: uuid.UUID, now: datetime) -> SessionState | None:
    row = await _ACTIVE_SESSION.first(session_id=session_id, now=now)
    if row is None:
        return None
    return SessionState(row["person"], row["person.role"], row["person.agency"],
                        row["person.locale"], row["expires_at"], row["assurance_level"])


async def list_sessions(person_id: uuid.UUID) -> list[dict]:
    return await AuthSession.select(
        AuthSession.id, AuthSession.client, AuthSession.sign_in_method,
        AuthSession.created_at, AuthSession.last_used_at,
    ).where(
        (AuthSession.person == person_id)
        & AuthSession.revoked_at.is_null()
        & (AuthSession.expires_at > clock.now())
    ).order_by(AuthSession.last_used_at, ascending=False)
