"""The OpenAPI document and its docs UI.

Litestar's render plugins load Swagger UI from a CDN by default; government networks and offline
developers may not reach one, so the UI's files come from the `swagger-ui-py` wheel and are served
by this service under /schema/assets/."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from litestar.static_files import create_static_files_router

from api.contract.document import finished

SCHEMA_PATH = "/schema"
ASSETS_PATH = f"{SCHEMA_PATH}/assets"


def swagger_ui_dir() -> Path:
    """The folder of built Swagger UI files inside the installed `swagger_ui` package.

    Found without importing the package: its __init__ loads web-framework adapters we don't use.
    """
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the swagger-ui-py package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


def docs_assets_router():
    return create_static_files_router(
        path=ASSETS_PATH,
        directories=[swagger_ui_dir()],
        name="docs-assets",
        include_in_schema=False,
    )


class _Finished:
    """Render plugins serve the finished contract (api/contract), not Litestar's draft."""

    def render(self, request, openapi_schema):
        return super().render(request, finished(request.app, openapi_schema))  # type: ignore[misc]


class ContractSwagger(_Finished, SwaggerRenderPlugin):
    pass


class ContractJson(_Finished, JsonRenderPlugin):
    pass


def openapi_config() -> OpenAPIConfig:
    swagger = ContractSwagger(
        js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
        css_url=f"{ASSETS_PATH}/swagger-ui.css",
        standalone_preset_js_url=f"{ASSETS_PATH}/swagger-ui-standalone-preset.js",
        favicon=f"<link rel='icon' type='image/png' href='{ASSETS_PATH}/favicon-32x32.png'>",
        path=["/", "/swagger"],
    )
    return OpenAPIConfig(
        title="motcua",
        version="0.1.0",
        description=(
            "One-stop desk API: Vietnamese online public services from a phone. "
            "Errors are application/problem+json (RFC 9457); messages follow Accept-Language "
            "(vi default, en)."
        ),
        path=SCHEMA_PATH,
        use_handler_docstrings=True,  # a handler's docstring is its operation's description
        render_plugins=[swagger, ContractJson()],
    )
