"""Auth at startup: load (or, in development, create) the signing key before the first request,
and give the sign-in rate limit a store shared by every worker when Redis is configured."""

from __future__ import annotations

from auth import sealing
from auth.keys import signing_key

RATE_LIMIT_STORE = "sign_in_rate_limit"


async def on_startup(app) -> None:
    settings = app.state.settings
    signing_key(settings)
    sealing.configure(settings)
    if settings.redis_url:
        from litestar.stores.redis import RedisStore
        from redis.asyncio import Redis

        redis = Redis.from_url(settings.redis_url)
        app.state.auth_redis = redis
        store = RedisStore(redis, namespace="motcua:sign-in-limit")
        app.stores.register(RATE_LIMIT_STORE, store, allow_override=True)
    # Embedded mode: the registry's default, an in-process MemoryStore per app.


async def on_shutdown(app) -> None:
    redis = getattr(app.state, "auth_redis", None)
    if redis is not None:
        await redis.aclose()
