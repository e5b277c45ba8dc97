"""Structural: every operation of the served document is one an app team can generate a client
from without a cast. Named (short camelCase operationId, unique), tagged, summarised and
described; its security matches the route's requirement; every success answer has a schema;
every error it can answer is listed as a Problem (no Litestar 400 shape); and the outbound
webhooks the partners receive are in the `webhooks` section."""

import re
from pathlib import Path

from openapi_tools import served_document

METHODS = ("get", "put", "post", "delete", "patch")
OPERATION_ID = re.compile(r"^[a-z][a-zA-Z0-9]{2,39}$")
ROOT = Path(__file__).resolve().parents[2]


def _operations(document):
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def _typed(schema: dict) -> bool:
    return bool("$ref" in schema or schema.get("properties") or schema.get("anyOf")
                or "$ref" in schema.get("items", {}) or schema.get("format") == "binary"
                or schema == {"type": "string"})


async def test_every_operation_is_named_tagged_and_described(tmp_path):
    document = await served_document(tmp_path)
    ids = [op.get("operationId", "") for _, _, op in _operations(document)]
    assert len(ids) == len(set(ids)), "operationIds must be unique"
    for path, method, op in _operations(document):
        where = f"{method.upper()} {path}"
        assert OPERATION_ID.match(op.get("operationId", "")), f"{where}: {op.get('operationId')}"
        assert op.get("tags"), where
        assert op.get("summary") and op.get("description"), where


async def test_security_follows_the_route_requirement(tmp_path):
    document = await served_document(tmp_path)
    for path, method, op in _operations(document):
        where = f"{method.upper()} {path}"
        assert "security" in op, where
        responses = op["responses"]
        if op["security"] and {"bearer": []} in op["security"]:
            assert "401" in responses, where
        if path.startswith("/v1/partner/"):
            assert op["security"] == [{"partnerKey": []}], where
        if path.startswith(("/v1/officer/", "/v1/ops/", "/v1/admin/")):
            assert op["security"] == [{"bearer": []}] and "403" in responses, where
        if path.startswith(("/v1/dossiers", "/v1/payments", "/v1/me", "/v1/devices",
                            "/v1/notifications")):
            assert op["security"] == [{"bearer": []}], where
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearer"]["scheme"] == "bearer" and schemes["partnerKey"]["scheme"] == "bearer"


async def test_every_answer_is_typed_and_every_error_a_problem(tmp_path):
    document = await served_document(tmp_path)
    assert "Problem" in document["components"]["schemas"]
    for path, method, op in _operations(document):
        where = f"{method.upper()} {path}"
        for status, answer in op["responses"].items():
            content = answer.get("content", {})
            if status.startswith("2"):
                assert all(_typed(media.get("schema", {})) for media in content.values()), \
                    f"{where} {status}: untyped answer"
            elif status[0] in "45" and not (path == "/readyz" and status == "503"):
                assert list(content) == ["application/problem+json"], f"{where} {status}"
                assert content["application/problem+json"]["schema"] == {
                    "$ref": "#/components/schemas/Problem"}, f"{where} {status}"
        if op.get("requestBody"):
            assert {"400", "413", "422"} <= set(op["responses"]), where
        if any(p["in"] == "path" for p in op.get("parameters", [])):
            assert "404" in op["responses"], where
    # Litestar's own validation answer ({status_code, detail, extra}) is nowhere.
    assert "status_code" not in str(document["components"]["schemas"].get("Problem"))
    for _, _, op in _operations(document):
        for answer in op["responses"].values():
            for media in answer.get("content", {}).values():
                assert "extra" not in media.get("schema", {}).get("properties", {})


async def test_sign_in_documents_429_with_retry_after(tmp_path):
    document = await served_document(tmp_path)
    for path in ("/v1/auth/sso", "/v1/auth/refresh"):
        answer = document["paths"][path]["post"]["responses"]["429"]
        assert "Retry-After" in answer["headers"]


async def test_every_webhook_the_partners_receive_is_documented(tmp_path):
    document = await served_document(tmp_path)
    sent = set()
    for module in (ROOT / "postal").rglob("*.py"):
        sent |= set(re.findall(r'webhooks\.send\([^,]+,\s*"([a-z_.]+)"', module.read_text()))
    assert sent and sent <= set(document["webhooks"]), sent
    for event in sent:
        operation = document["webhooks"][event]["post"]
        headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert {"webhook-id", "webhook-timestamp", "webhook-signature"} <= headers
        examples = operation["requestBody"]["content"]["application/json"]["examples"]
        assert examples[event]["value"]["type"] == event
