"""`GET /dashboard`: the indicators page, served by motcua itself with its scripts, styles and
charting library (Chart.js, vendored: api/dashboard_static/vendor/README.md) from the package,
so it works on a government network with no way out. The Content-Security-Policy lets the page
load and contact nothing but this service."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from litestar import Response, get
from litestar.datastructures import CacheControlHeader
from litestar.static_files import create_static_files_router

from api.contract import documented

STATIC = Path(__file__).parent / "dashboard_static"
ASSETS_PATH = "/dashboard/assets"
CHART_JS_VERSION = "4.5.1"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                               "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
                               "base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


@documented(binary={"text/html": "The page; its scripts and styles under /dashboard/assets"})
@get("/dashboard", operation_id="getDashboard", tags=["statistics"], media_type="text/html",
     summary="The indicators page (HTML, charts and tables, vi/en)")
async def dashboard() -> Response[str]:
    """The indicators page for officials and the public: figures, charts (each with its data
    table), filters by agency, field and period, Vietnamese or English, CSV downloads."""
    return Response(content=_page(),
                    media_type="text/html", headers=SECURITY_HEADERS)


def assets_router():
    # Unversioned names: browsers revalidate (no-cache), and get 304 while a file is unchanged.
    return create_static_files_router(
        path=ASSETS_PATH, directories=[STATIC], name="dashboard-assets", include_in_schema=False,
        cache_control=CacheControlHeader(no_cache=True))


@lru_cache(maxsize=1)
def _page() -> str:
    return (STATIC / "index.html").read_text(encoding="utf-8")


ROUTES = [dashboard, assets_router()]
