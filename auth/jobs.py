"""Housekeeping of sign-in data. Every refresh leaves a used token row behind (about 150 a day
for a phone in daily use), so old rows are purged.

Used tokens are kept until they expire: while a session lives, a used token coming back is the
sign of theft that revokes the session (RFC 9700), and that needs the row. Ended sessions are
kept a while so a person (or support) can still see them; the audit trail keeps the events.
The records of used ID tokens and the sign-in limit's windows are purged once they expire."""

from __future__ import annotations

import datetime as dt

from core import clock
from jobs.spec import PeriodicSpec
from models.auth import AuthSession, IdTokenUse, RefreshToken, SignInWindow

KEEP_EXPIRED_TOKENS = dt.timedelta(days=1)
KEEP_ENDED_SESSIONS = dt.timedelta(days=30)


async def purge_stale_sign_in_data() -> None:
    now = clock.now()
    await RefreshToken.delete().where(RefreshToken.expires_at < now - KEEP_EXPIRED_TOKENS)
    # Deleting a session deletes its refresh tokens (ON DELETE CASCADE).
    ended_before = now - KEEP_ENDED_SESSIONS
    await AuthSession.delete().where(
        (AuthSession.expires_at < ended_before) | (AuthSession.revoked_at < ended_before)
    )
    # An expired ID token is refused by its own `exp`: its replay record is no longer needed.
    await IdTokenUse.delete().where(IdTokenUse.expires_at < now - KEEP_EXPIRED_TOKENS)
    await SignInWindow.delete().where(SignInWindow.expires_at < now)


JOBS: list = []
PERIODIC: list = [
    PeriodicSpec("auth.purge_stale_sign_in_data", purge_stale_sign_in_data, every_seconds=3600)
]
