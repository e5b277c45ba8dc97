"""Request metrics for /metrics: Litestar's Prometheus middleware, made cheap per request.

The metrics, their names and labels are Litestar's (requests_total, request_duration_seconds,
requests_in_progress, requests_error_total, by method, path template, status and app). What
differs is the per-request work: prometheus_client's `labels()` checks and joins the label
values on every call, and the stock middleware calls it four times a request and builds a
Request object to read the method and path. Here each (method, path, status) keeps its labelled
children after first use; the path is the route template, so there are as many as routes.
Requests that no route took (unknown paths: 404; known paths, other methods: 405) are counted
too, under the path `<unmatched>` (`unmatched_requests`): a scan or a client built against the
wrong paths shows up there without one series per path it tried."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from litestar.plugins.prometheus import PrometheusConfig, PrometheusMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send


class MetricsMiddleware(PrometheusMiddleware):
    def __init__(self, app: ASGIApp, config: PrometheusConfig) -> None:
        if config.labels or config.exemplars or not config.group_path:
            raise ValueError("MetricsMiddleware keeps children per path template only")
        super().__init__(app, config)
        self._in_progress: dict[tuple[str, str], Any] = {}
        self._finished: dict[tuple[str, str, int], tuple[Any, Any, Any]] = {}

    def _labels(self, method: str, path: str, status: int) -> dict[str, Any]:
        return {"method": method, "path": path, "status_code": status,
                "app_name": self._config.app_name}

    def _progress(self, method: str, path: str) -> Any:
        child = self._in_progress.get((method, path))
        if child is None:
            labels = self._labels(method, path, 200)  # the stock middleware's labels, too
            child = self.requests_in_progress(labels).labels(*labels.values())
            self._in_progress[(method, path)] = child
        return child

    def _done(self, method: str, path: str, status: int) -> tuple[Any, Any, Any]:
        children = self._finished.get((method, path, status))
        if children is None:
            labels = self._labels(method, path, status)
            values = list(labels.values())
            children = (self.request_count(labels).labels(*values),
                        self.request_time(labels).labels(*values),
                        self.requests_error_count(labels).labels(*values) if status >= 500
                        else None)
            self._finished[(method, path, status)] = children
        return children

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"] if scope["type"] == "http" else scope["type"]
        if self._config.excluded_http_methods and method in self._config.excluded_http_methods:
            await self.app(scope, receive, send)
            return
        path = scope["path_template"]
        started = time.perf_counter()
        status = 200

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        progress = self._progress(method, path)
        progress.inc()
        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            progress.dec()
            self.record(method, path, status, time.perf_counter() - started)

    def record(self, method: str, path: str, status: int, seconds: float) -> None:
        """One finished request: counted, timed, and counted as an error from 500 up."""
        count, duration, errors = self._done(method, path, status)
        count.inc()
        duration.observe(seconds)
        if errors is not None:
            errors.inc()


UNMATCHED = "<unmatched>"


async def _no_app(scope: Scope, receive: Receive, send: Send) -> None:  # pragma: no cover
    raise RuntimeError("this MetricsMiddleware only records")


def unmatched_requests(config: PrometheusConfig) -> Callable[[str, int, float], None]:
    """Records requests no route took (api.middleware.request_id_middleware reports them) in the
    same metrics as the routes', under the path UNMATCHED."""
    metrics = MetricsMiddleware(_no_app, config)
    return lambda method, status, seconds: metrics.record(method, UNMATCHED, status, seconds)
