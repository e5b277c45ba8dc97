"""The app factory: one place lists what each domain contributes (see core.domains)."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.config.cors import CORSConfig
from litestar.plugins.prometheus import PrometheusConfig
from piccolo.engine.base import Engine

from api.body_limits import LimitedRequest
from api.docs import openapi_config
from api.errors import EXCEPTION_HANDLERS
from api.idempotency import NO_COMPRESSION
from api.metrics import MetricsMiddleware, unmatched_requests
from api.middleware import request_id_middleware
from api.query_check import QUERY_CHECK
from api.response_cache import response_cache, stores
from core.db import close_engine, engine_from_url, open_engine, use_engine
from core.domains import (
    DOMAINS,
    all_job_specs,
    all_middleware,
    all_periodic_specs,
    check_settings,
)
from core.logs import configure_logging
from core.settings import Settings, load_settings


def create_app(settings: Settings | None = None, engine: Engine | None = None, *,
               server_process: bool = False) -> Litestar:
    """Build the ASGI app. Pass `engine` to share one the caller opened (tests); otherwise the
    app opens the DATABASE_URL engine at startup and closes it at shutdown. `server_process`:
    the app is all this process serves (granian's workers), see the start-up below."""
    settings = settings or load_settings()
    check_settings(settings)
    owns_engine = engine is None
    engine = engine or engine_from_url(settings.database_url)
    use_engine(engine)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        from jobs.runtime import start_runtime

        if owns_engine:
            await open_engine(engine)
        app.state.jobs = await start_runtime(settings, all_job_specs(), all_periodic_specs())
        started = []
        try:
            for domain in DOMAINS:
                for hook in domain.hooks("on_startup"):
                    await hook(app)
                started.append(domain)
            if server_process:
                # Everything built so far (routes, schemas, settings, pools) lives as long as
                # the process: keep it out of the collector's full passes, which otherwise walk
                # it all and stall requests by tens of milliseconds. (Not for apps that come and
                # go in one process, as in the tests: what they leave behind must stay
                # collectable.)
                gc.freeze()
            yield
        finally:
            for domain in reversed(started):
                for hook in domain.hooks("on_shutdown"):
                    await hook(app)
            await app.state.jobs.close()
            if owns_engine:
                await close_engine(engine)

    prometheus = PrometheusConfig(app_name="motcua", prefix="motcua", group_path=True,
                                  exclude=["/metrics", "/healthz"],
                                  middleware_class=MetricsMiddleware)
    handlers = [handler for domain in DOMAINS for handler in domain.route_handlers()]
    app = Litestar(
        route_handlers=handlers,
        request_class=LimitedRequest,  # JSON bodies too deep or too large are refused unread
        lifespan=[lifespan],
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        middleware=[prometheus.middleware, QUERY_CHECK, *all_middleware()],
        plugins=[plugin for domain in DOMAINS for plugin in domain.plugin_list(settings)],
        openapi_config=openapi_config(),
        response_cache_config=response_cache(settings.catalogue_cache_seconds),
        stores=stores(),
        compression_config=compression(),
        cors_config=CORSConfig(allow_origins=[],
                               allow_methods=["GET", "POST", "PATCH", "PUT", "DELETE"]),
        state=None,
        debug=False,
        logging_config=None,
    )
    # Outermost, so unmatched routes (404/405) carry a request id too, and are counted.
    app.asgi_handler = request_id_middleware(app.asgi_handler, unmatched_requests(prometheus))
    app.state.settings = settings
    app.state.engine = engine
    return app


def compression() -> CompressionConfig:
    """Answers compressed when the client asks (`Accept-Encoding`): brotli, else gzip. Small
    answers (most of the hot paths' JSON) go as they are: below a kilobyte compression saves
    less than it costs. The event stream is left alone: a compressor holds back what it has not
    filled a block with, and each event must leave at once. Idempotent routes are left alone
    too: their stored answers are replayed to retries that may accept other encodings."""
    return CompressionConfig(backend="brotli", brotli_gzip_fallback=True, minimum_size=1024,
                             brotli_quality=4, gzip_compress_level=6,
                             exclude=["^/v1/events"], exclude_opt_key=NO_COMPRESSION)


def asgi() -> Litestar:
    """Entry point for ASGI servers (granian/uvicorn --factory)."""
    settings = load_settings()
    configure_logging(settings.log_level, settings.log_json)
    return create_app(settings, server_process=True)


