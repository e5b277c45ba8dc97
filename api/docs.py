"""The OpenAPI document and its docs UI."""

from __future__ import annotations

from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="motcua",
        version="0.1.0",
        description=(
            "One-stop desk API: Vietnamese online public services from a phone. "
            "Errors are application/problem+json (RFC 9457); messages follow Accept-Language "
            "(vi default, en)."
        ),
        path="/schema",
        components=Components(
            security_schemes={
                "bearer": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT")
            }
        ),
    )
