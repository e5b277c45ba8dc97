"""The OpenAPI document as an exact contract (issue 16).

Litestar builds the operations from the routes' signatures; `document.finish` then completes
each one from what the route says about itself (auth/guards.py requirement, `@idempotent`, a
rate limit, its parameters and body) plus what it declares with `@documented(...)`: the
problem types it raises, an ETag, binary answers, hand-written bodies. Nothing is pasted per
route: a new route gets its security, its 401/403/404/409/413/422/429 answers and the Problem
schema from the same rules."""

from api.contract.declare import documented

__all__ = ["documented"]
