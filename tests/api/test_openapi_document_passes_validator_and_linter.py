"""The served document is valid OpenAPI 3.1 (openapi-spec-validator) and Redocly's recommended
rules find no error in it: what app teams feed their generators is sound."""

from openapi_spec_validator import validate
from openapi_tools import lint, served_document


async def test_served_document_is_valid_openapi_3_1(tmp_path):
    document = await served_document(tmp_path)
    assert document["openapi"].startswith("3.1")
    validate(document)  # raises on the first violation


async def test_redocly_lint_finds_no_error(tmp_path):
    problems = lint(await served_document(tmp_path), tmp_path)
    errors = [f"{p['ruleId']}: {p['message']} at {p['location'][0]['pointer']}"
              for p in problems if p["severity"] == "error"]
    assert errors == [], "\n".join(errors)
