"""The dossier's form, checked against the service's JSON Schema (Draft 2020-12).

While a draft is being filled, each PATCH checks only what it sends (types, formats, lengths):
a half-filled form is normal. Submission checks the whole schema, `required` included. Every
error points at its field (`/form_data/<field>`), so the app can show it next to the input."""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from core.problems import ValidationFailed

MAX_FORM_BYTES = 64 * 1024


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396 JSON Merge Patch: objects merge, null removes a member, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _without_required(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {k: _without_required(v) for k, v in schema.items()
                if k not in ("required", "dependentRequired", "minProperties")}
    if isinstance(schema, list):
        return [_without_required(item) for item in schema]
    return schema


def _pointer(path: list) -> str:
    return "/form_data" + "".join(
        "/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


@lru_cache(maxsize=256)  # a validator per schema (as text: a changed schema is another one)
def _validator(schema_text: str, complete: bool) -> Draft202012Validator:
    schema = json.loads(schema_text)
    return Draft202012Validator(schema if complete else _without_required(schema),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


REQUIRED = {"vi": "Trường này là bắt buộc.", "en": "This field is required"}
# What each JSON Schema keyword says in Vietnamese (the validator's own message is English).
_VI = {
    "type": "Sai kiểu dữ liệu (cần {v}).",
    "minLength": "Cần ít nhất {v} ký tự.",
    "maxLength": "Tối đa {v} ký tự.",
    "minimum": "Giá trị nhỏ nhất là {v}.",
    "maximum": "Giá trị lớn nhất là {v}.",
    "exclusiveMinimum": "Giá trị phải lớn hơn {v}.",
    "exclusiveMaximum": "Giá trị phải nhỏ hơn {v}.",
    "enum": "Chỉ nhận một trong các giá trị: {v}.",
    "const": "Chỉ nhận giá trị {v}.",
    "pattern": "Không đúng mẫu {v}.",
    "format": "Không đúng định dạng {v}.",
    "additionalProperties": "Có trường không thuộc biểu mẫu.",
    "minItems": "Cần ít nhất {v} mục.",
    "maxItems": "Tối đa {v} mục.",
}


def _message(error: Any) -> dict[str, str]:
    value = error.validator_value
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    template = _VI.get(str(error.validator), "Giá trị không hợp lệ.")
    return {"vi": template.format(v=value), "en": error.message}


def _errors(schema: dict[str, Any], data: Any, complete: bool) -> list[dict[str, Any]]:
    try:
        validator = _validator(json.dumps(schema, sort_keys=True), complete)
        found = list(validator.iter_errors(data))
    except SchemaError:  # a broken schema in the catalogue must not make every form invalid
        return []
    errors: dict[str, dict[str, str]] = {}
    for error in found:
        path = list(error.absolute_path)
        if error.validator == "required" and isinstance(error.instance, dict):
            for name in error.validator_value:
                if name not in error.instance:
                    errors.setdefault(_pointer([*path, name]), REQUIRED)
        else:
            errors.setdefault(_pointer(path), _message(error))
    return [{"pointer": pointer, "detail": detail} for pointer, detail in sorted(errors.items())]


def check_form(schema: dict[str, Any], data: Any, *, complete: bool) -> None:
    """Raise ValidationFailed listing every problem; `complete` also demands required fields."""
    if len(json.dumps(data, ensure_ascii=False).encode()) > MAX_FORM_BYTES:
        raise ValidationFailed(extra={"errors": [
            {"pointer": "/form_data", "detail": f"At most {MAX_FORM_BYTES} bytes"}]})
    huge = list(_unsafe_numbers(data, []))
    if huge:
        raise ValidationFailed(extra={"errors": [{"pointer": _pointer(path), "detail": {
            "vi": f"Số vượt quá giới hạn ±{SAFE_INTEGER}.",
            "en": f"A number beyond ±{SAFE_INTEGER}."}} for path in huge]})
    if not schema:
        return
    errors = _errors(schema, data, complete)
    if errors:
        raise ValidationFailed(extra={"errors": errors})


# The largest integer every client holds exactly (IEEE 754 doubles, as JavaScript and I-JSON,
# RFC 7493 §2.2): a form's amount of money or count past it would come back changed, whatever
# the service's schema forgot to bound.
SAFE_INTEGER = 2**53 - 1


def _unsafe_numbers(data: Any, path: list) -> Any:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _unsafe_numbers(value, [*path, key])
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _unsafe_numbers(value, [*path, index])
    elif isinstance(data, int | float) and not isinstance(data, bool) and (
            abs(data) > SAFE_INTEGER):
        yield path
