"""Operations endpoints: liveness, readiness, Prometheus metrics, and the docs UI's local assets."""

from __future__ import annotations

import asyncio

from litestar import Response, get
from litestar.datastructures import State
from litestar.plugins.prometheus import PrometheusController

from api.docs import docs_assets_router
from core.db import current_engine
from core.redis_clients import STATE


@get("/healthz", tags=["ops"], summary="Liveness", include_in_schema=True, sync_to_thread=False)
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@get("/readyz", tags=["ops"], summary="Readiness: the database and the job queue answer")
async def readyz(state: State) -> Response[dict[str, object]]:
    checks: dict[str, str] = {}
    try:
        await asyncio.wait_for(_ping_db(), 3)
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means not ready
        checks["database"] = f"error: {type(exc).__name__}"
    runtime = getattr(state, "jobs", None)
    try:
        ok = runtime is not None and await asyncio.wait_for(runtime.ready(), 3)
        checks["queue"] = "ok" if ok else "error: not running"
    except Exception as exc:  # noqa: BLE001
        checks["queue"] = f"error: {type(exc).__name__}"
    ready = all(value == "ok" for value in checks.values())
    # What runs without Redis, and how: the sign-in limit counts in the database, caches read
    # through, wakes are left to the workers' sweep (README, "When Redis is away").
    degraded = {use: f"failing for {seconds:.0f}s"
                for use, seconds in sorted(STATE.degraded().items())}
    return Response(
        {"status": "ok" if ready else "unavailable", "checks": checks, "degraded": degraded},
        status_code=200 if ready else 503,
    )


async def _ping_db() -> None:
    from piccolo.querystring import QueryString

    await current_engine().run_querystring(QueryString("SELECT 1"))


class Metrics(PrometheusController):
    path = "/metrics"


ROUTES = [healthz, readyz, Metrics, docs_assets_router()]
