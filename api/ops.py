"""Operations endpoints: liveness, readiness, Prometheus metrics, and the docs UI's local assets."""

from __future__ import annotations

import asyncio
import os

from litestar import Response, get
from litestar.datastructures import State
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from api.contract import documented
from api.docs import docs_assets_router
from api.ops_responses import Health, Readiness
from core.db import current_engine
from core.redis_clients import STATE


@get("/healthz", operation_id="checkLiveness",
     tags=["ops"], summary="Liveness", include_in_schema=True, sync_to_thread=False)
def healthz() -> Health:
    """The process answers; nothing else is checked."""
    return {"status": "ok"}


@documented(responses={"503": {
    "description": "Not ready: `checks` says which part failed",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Readiness"}}}}})
@get("/readyz", operation_id="checkReadiness",
     tags=["ops"], summary="Readiness: the database and the job queue answer")
async def readyz(state: State) -> Response[Readiness]:
    """The database answers a query and the job queue is running, each within 3 seconds."""
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
    body: Readiness = {"status": "ok" if ready else "unavailable", "checks": checks,
                       "degraded": degraded}
    return Response(body, status_code=200 if ready else 503)


async def _ping_db() -> None:
    from piccolo.querystring import QueryString

    await current_engine().run_querystring(QueryString("SELECT 1"))


@documented(binary={"text/plain": "Prometheus text exposition format 0.0.4"})
@get("/metrics", operation_id="getMetrics", tags=["ops"], summary="Prometheus metrics",
     sync_to_thread=False)
def metrics() -> Response[bytes]:
    """Counters and histograms named `motcua_*`, by method, route template and status. With
    several worker processes (PROMETHEUS_MULTIPROC_DIR), the sum over all of them."""
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.environ.get("prometheus_multiproc_dir"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    return Response(generate_latest(registry), headers={"Content-Type": CONTENT_TYPE_LATEST})


ROUTES = [healthz, readyz, metrics, docs_assets_router()]
