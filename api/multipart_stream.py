"""multipart/form-data read part by part as the body arrives.

Litestar's own form parsing (`request.form()`, `UploadFile`) reads every part to its end, spooling
files, before the handler sees any of it, so a per-slot size limit could only be checked after
the whole upload arrived. Here the push parser of the `multipart` package (the one Litestar uses)
is driven from `request.stream()`, and each part's body is handed on chunk by chunk: whoever
consumes it can stop reading at any moment."""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import cast

from multipart import MultipartError, MultipartSegment, PushMultipartParser

from api.errors import MalformedBody

_END = object()


@dataclass
class Part:
    name: str
    filename: str | None
    content_type: str | None
    _form: MultipartStream

    def chunks(self) -> AsyncIterator[bytes]:
        return self._form._body_chunks()

    async def text(self, max_bytes: int) -> str | None:
        """A small text field; None if it is longer than `max_bytes`."""
        data = bytearray()
        async for chunk in self.chunks():
            data.extend(chunk)
            if len(data) > max_bytes:
                return None
        return data.decode("utf-8", errors="replace")


class MultipartStream:
    """`async for part in MultipartStream(request.stream(), boundary): ...`. A part not read to
    its end is skipped when the next one is asked for."""

    def __init__(self, source: AsyncIterator[bytes], boundary: str, max_parts: int = 8) -> None:
        self._source = source
        try:
            self._parser = PushMultipartParser(boundary.encode("latin-1"),
                                               max_segment_count=max_parts)
        except (MultipartError, UnicodeEncodeError) as exc:
            raise MalformedBody(detail="Invalid multipart boundary") from exc
        self._events: deque = deque()
        self._in_part = False

    async def _event(self):
        while not self._events:
            if self._parser.closed:
                return _END
            chunk = await anext(self._source, b"")
            try:
                # Copy: the parser may hand out views of its own buffer.
                self._events.extend(
                    bytes(ev) if isinstance(ev, (bytes, bytearray, memoryview)) else ev
                    for ev in self._parser.parse(chunk)
                )
            except MultipartError as exc:
                raise MalformedBody(detail="Invalid multipart/form-data body") from exc
        return self._events.popleft()

    async def _body_chunks(self) -> AsyncIterator[bytes]:
        while self._in_part:
            event = await self._event()
            if event is None or event is _END:
                self._in_part = False
                return
            yield cast(bytes, event)  # within a part the parser yields data (copied) until None

    def __aiter__(self) -> MultipartStream:
        return self

    async def __anext__(self) -> Part:
        async for _ in self._body_chunks():  # the rest of a part the caller left unread
            pass
        event = await self._event()
        if event is _END:
            raise StopAsyncIteration
        if not isinstance(event, MultipartSegment):
            raise MalformedBody(detail="Invalid multipart/form-data body")
        self._in_part = True
        return Part(event.name or "", event.filename, event.content_type, self)
