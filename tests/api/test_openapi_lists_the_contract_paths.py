"""The served OpenAPI document is the contract the apps are built against: the paths of the
public contract that this version implements are all in it, with their methods."""

import re

# (method, path) from the public contract (shared API.md) built so far.
CONTRACT = [
    ("get", "/healthz"),
    ("get", "/readyz"),
    ("get", "/metrics"),
    ("post", "/v1/auth/sso"),
    ("post", "/v1/auth/refresh"),
    ("post", "/v1/auth/logout"),
    ("get", "/v1/me"),
    ("get", "/v1/me/sessions"),
    ("delete", "/v1/me/sessions/{}"),
    ("get", "/v1/services"),
    ("get", "/v1/services/{}"),
    ("post", "/v1/officer/dossiers"),
    ("post", "/v1/dossiers/{}/rating"),
    ("post", "/v1/feedback"),
    ("get", "/v1/feedback"),
    ("get", "/v1/feedback/{}"),
    ("get", "/v1/officer/feedback"),
    ("post", "/v1/officer/feedback/{}/answer"),
]


def _normalised(path: str) -> str:
    """Parameter names are ours to choose; the contract fixes where parameters are."""
    return re.sub(r"\{[^}]+\}", "{}", path.rstrip("/") or "/")


async def test_contract_paths_are_in_the_openapi_document(client):
    document = (await client.get("/schema/openapi.json")).json()
    served = {
        (method, _normalised(path))
        for path, item in document["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    missing = [entry for entry in CONTRACT if entry not in served]
    assert not missing, f"not in /schema/openapi.json: {missing}"

