"""Auth at startup: load (or, in development, create) the signing key before the first request,
and give the app its sign-in limiter (auth/rate_limit.py: Redis when configured, the database
otherwise and whenever Redis does not answer)."""

from __future__ import annotations

from auth import sealing
from auth.keys import signing_key
from auth.rate_limit import SignInLimiter


async def on_startup(app) -> None:
    settings = app.state.settings
    signing_key(settings)
    sealing.configure(settings)
    app.state.sign_in_limiter = SignInLimiter(settings.redis_url)


async def on_shutdown(app) -> None:
    limiter = getattr(app.state, "sign_in_limiter", None)
    if limiter is not None:
        await limiter.close()
