"""Taking in one file: sniff its type from the first bytes, count and hash it as it streams past,
and store it. A file over its limit is refused the moment the limit is passed, so an oversized
upload is never read whole, and nothing of it is kept."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterable, Collection
from dataclasses import dataclass

from dossiers.problems import FileTooLarge, FileTypeNotAccepted
from dossiers.sniffing import SNIFF_BYTES, sniff
from dossiers.storage import CHUNK, Storage, current_storage

Content = bytes | AsyncIterable[bytes]


@dataclass(frozen=True)
class Received:
    key: str
    size: int
    sha256: str
    content_type: str  # sniffed from the bytes


async def _chunks(content: Content) -> AsyncIterable[bytes]:
    if isinstance(content, (bytes, bytearray, memoryview)):
        data = bytes(content)
        for start in range(0, len(data), CHUNK):
            yield data[start:start + CHUNK]
    else:
        async for chunk in content:
            yield bytes(chunk)


def clean_filename(filename: str | None) -> str:
    """The name as the client gave it, for display only: the last path component, without
    control characters, within the column's size. Never used to build a path."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in name if ch.isprintable())[:255]


def _check_type(head: bytes, accepted: Collection[str]) -> str:
    found = sniff(head)
    if found not in accepted:
        detail = None if head else {"vi": "Tệp rỗng", "en": "The file is empty"}
        raise FileTypeNotAccepted(detail=detail,
                                  extra={"detected": found, "accepted": sorted(accepted)})
    return found


async def receive(content: Content, *, max_bytes: int, accepted: Collection[str],
                  storage: Storage | None = None) -> Received:
    """Store `content` if its sniffed type is in `accepted` and it has at most `max_bytes`.
    Raises FileTypeNotAccepted or FileTooLarge, leaving nothing stored."""
    storage = storage or current_storage()
    digest = hashlib.sha256()
    state = {"size": 0, "type": None}

    async def checked() -> AsyncIterable[bytes]:
        head = b""
        async for chunk in _chunks(content):
            state["size"] += len(chunk)
            if state["size"] > max_bytes:
                raise FileTooLarge(extra={"max_bytes": max_bytes})
            if state["type"] is None:
                # Hold back the first bytes until there are enough to recognise the type.
                head += chunk
                if len(head) < SNIFF_BYTES:
                    continue
                state["type"] = _check_type(head, accepted)
                chunk, head = head, b""
            digest.update(chunk)
            yield chunk
        if state["type"] is None:  # a file shorter than SNIFF_BYTES
            state["type"] = _check_type(head, accepted)
            digest.update(head)
            yield head

    key = await storage.put(checked())
    return Received(key=key, size=state["size"], sha256=digest.hexdigest(),
                    content_type=state["type"])
