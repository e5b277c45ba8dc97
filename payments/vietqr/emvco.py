"""EMVCo tag-length-value: each field is a two-digit tag, a two-digit length and the value.
Templates (tag 38, tag 62) carry TLV fields inside their value, so a field is either a string
or a list of fields. Only ASCII is written: banking apps count length in bytes."""

from __future__ import annotations

from collections.abc import Sequence

Field = tuple[str, "str | Sequence[Field]"]

MAX_VALUE = 99  # the length is two digits


class VietQRError(ValueError):
    """A payload that cannot be built or does not parse; the message says which field."""


def encode(fields: Sequence[Field]) -> str:
    return "".join(encode_field(tag, value) for tag, value in fields)


def encode_field(tag: str, value: str | Sequence[Field]) -> str:
    if len(tag) != 2 or not tag.isdigit():
        raise VietQRError(f"tag {tag!r} is not two digits")
    text = value if isinstance(value, str) else encode(value)
    if not text.isascii():
        raise VietQRError(f"tag {tag}: value must be ASCII")
    if not 0 < len(text) <= MAX_VALUE:
        raise VietQRError(f"tag {tag}: length {len(text)} is outside 1..{MAX_VALUE}")
    return f"{tag}{len(text):02d}{text}"


def parse(text: str) -> list[tuple[str, str]]:
    """The top-level fields in order; parse a template's value again to open it."""
    fields: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        head = text[position : position + 4]
        if len(head) < 4 or not head.isdigit():
            raise VietQRError(f"bad tag/length {head!r} at offset {position}")
        tag, length = head[:2], int(head[2:])
        value = text[position + 4 : position + 4 + length]
        if length == 0 or len(value) != length:
            raise VietQRError(f"tag {tag} at offset {position}: length {length} overruns the data")
        fields.append((tag, value))
        position += 4 + length
    return fields


def parse_map(text: str) -> dict[str, str]:
    """Fields by tag; a tag given twice is refused rather than one copy silently winning."""
    fields = parse(text)
    found: dict[str, str] = {}
    for tag, value in fields:
        if tag in found:
            raise VietQRError(f"tag {tag} appears twice")
        found[tag] = value
    return found
