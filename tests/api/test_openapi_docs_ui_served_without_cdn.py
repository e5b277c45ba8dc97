"""The docs UI works on a network without internet: every script, stylesheet and icon the page
asks for comes from this service, and the OpenAPI 3.1 document stays at /schema/openapi.json."""

import re
from urllib.parse import urlsplit

import pytest

ASSET_REFERENCE = re.compile(r"""<(?:script|link)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']""")


@pytest.mark.parametrize("page", ["/schema", "/schema/swagger"])
async def test_docs_page_loads_only_local_assets(client, page):
    r = await client.get(page)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assets = ASSET_REFERENCE.findall(r.text)
    assert len(assets) >= 3, assets  # the UI bundle, its preset and its stylesheet at least
    for url in assets:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, f"{url} is fetched from another host"
        served = await client.get(url)
        assert served.status_code == 200, url
        assert len(served.content) > 100, url
    assert "SwaggerUIBundle(" in r.text


async def test_openapi_document_is_served_as_json(client):
    r = await client.get("/schema/openapi.json")
    assert r.status_code == 200
    document = r.json()
    assert document["openapi"].startswith("3.1")
    assert {"/healthz", "/readyz"} <= set(document["paths"])
    # The asset files are plumbing, not part of the contract.
    assert not any(path.startswith("/schema") for path in document["paths"])


async def test_a_missing_asset_is_a_not_found_problem(client):
    r = await client.get("/schema/assets/no-such-file.js")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
