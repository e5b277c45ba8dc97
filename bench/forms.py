"""Filled-in forms and documents for the benchmark's drafts, made from each service's own JSON
Schema (so the drafts are exactly as complete as submission demands) and checked by the same
validator the API uses. A service whose schema this simple filler cannot satisfy is skipped."""

from __future__ import annotations

import re
from typing import Any

from core.problems import Problem
from dossiers.forms import check_form

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
# Strings tried, in order, against a `pattern`: an ID number, a VSIC code, a name.
PATTERN_SAMPLES = ("001090123456", "4620", "1", "Nguyễn Văn An")


def _value(schema: dict[str, Any]) -> Any:
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    kind = schema.get("type")
    if kind in ("integer", "number"):
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return True
    if kind == "array":
        return [_value(schema.get("items", {"type": "string"}))] * max(1, schema.get("minItems", 1))
    if kind == "object":
        return fill(schema)
    if schema.get("format") == "date":
        # Soon after today's date in the demo calendar: valid as a birth, a stay or a deadline.
        return "2026-11-01"
    if "pattern" in schema:
        return next((s for s in PATTERN_SAMPLES if re.search(schema["pattern"], s)), "1")
    return "Nguyễn Văn An"


def fill(schema: dict[str, Any]) -> dict[str, Any]:
    """Every required property of an object schema, with a plausible value."""
    props = schema.get("properties", {})
    return {name: _value(props.get(name, {})) for name in schema.get("required", [])}


def complete_form(service: dict[str, Any]) -> dict[str, Any] | None:
    """A form that passes submission's checks for `service`, or None."""
    form = fill(service["form_schema"])
    try:
        check_form(service["form_schema"], form, complete=True)
    except Problem:
        return None
    return form


def document_for(accepted_types: list[str]) -> tuple[str, bytes] | None:
    if "application/pdf" in accepted_types:
        return "document.pdf", PDF
    if "image/png" in accepted_types:
        return "photo.png", PNG
    return None
