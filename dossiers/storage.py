"""Where dossier files live: a small interface (put, open, delete by key) and a local-directory
implementation, the default.

Keys are random and say nothing about the file or its owner, so a key seen in a log or a backup
listing reveals no personal data. A file appears under its key only once it is complete: it is
written to a temporary name and renamed, so a reader never sees half a file and a failed upload
leaves nothing behind."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import AsyncIterable, AsyncIterator, Mapping
from pathlib import Path
from typing import Any, Protocol

import anyio

from core.settings import Settings, load_settings

CHUNK = 64 * 1024
_KEY = re.compile(r"^[0-9a-f]{32}$")


class StoredFileMissing(LookupError):
    """No file under this key (never written, or deleted)."""


class Storage(Protocol):
    async def put(self, chunks: AsyncIterable[bytes]) -> str:
        """Store the bytes and return their new key. If `chunks` raises, nothing is kept."""
        ...

    async def open(self, key: str) -> AsyncIterator[bytes]:
        """The stored bytes, chunk by chunk. Raises StoredFileMissing here, before any byte, so
        a download can still answer with an error instead of breaking off mid-response."""
        ...

    async def delete(self, key: str) -> None:
        """Forget the file; deleting a missing key is not an error."""
        ...


class LocalStorage:
    """Files under one directory, fanned out by the first two characters of the key."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not _KEY.match(key):  # keys are ours; anything else could walk out of the root
            raise StoredFileMissing(key)
        return self.root / key[:2] / key

    async def put(self, chunks: AsyncIterable[bytes]) -> str:
        key = secrets.token_hex(16)
        final = self._path(key)
        temp = self.root / "tmp" / f"{key}.part"
        await anyio.Path(temp.parent).mkdir(parents=True, exist_ok=True)
        await anyio.Path(final.parent).mkdir(parents=True, exist_ok=True)
        try:
            async with await anyio.open_file(temp, "wb") as out:
                async for chunk in chunks:
                    await out.write(chunk)
                await out.flush()
                await anyio.to_thread.run_sync(os.fsync, out.wrapped.fileno())
            await anyio.to_thread.run_sync(os.replace, temp, final)
        except BaseException:
            with anyio.CancelScope(shield=True):
                await anyio.Path(temp).unlink(missing_ok=True)
            raise
        return key

    async def open(self, key: str) -> AsyncIterator[bytes]:
        try:
            handle = await anyio.open_file(self._path(key), "rb")
        except FileNotFoundError as exc:
            raise StoredFileMissing(key) from exc

        async def chunks() -> AsyncIterator[bytes]:
            async with handle:
                while chunk := await handle.read(CHUNK):
                    yield chunk

        return chunks()

    async def delete(self, key: str) -> None:
        try:
            path = self._path(key)
        except StoredFileMissing:
            return
        await anyio.Path(path).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        try:
            return self._path(key).is_file()
        except StoredFileMissing:
            return False


_current: Storage | None = None


def storage_for(settings: Settings) -> LocalStorage:
    """The default storage of a configuration: `<data_dir>/files`."""
    return LocalStorage(Path(settings.data_dir) / "files")


def use_storage(storage: Storage) -> None:
    """Make `storage` the one dossier files go to (set at app startup; tests may swap it)."""
    global _current
    _current = storage


def current_storage() -> Storage:
    global _current
    if _current is None:
        _current = storage_for(load_settings())
    return _current


async def open_stored(row: Mapping[str, Any]) -> AsyncIterator[bytes]:
    """The bytes of a stored file (a row with its `storage_key`: an attachment, a result),
    chunk by chunk; StoredFileMissing if storage lost them."""
    return await current_storage().open(row["storage_key"])


async def read_all(storage: Storage, key: str) -> bytes:
    """A whole stored file, for small files and tests."""
    return b"".join([chunk async for chunk in await storage.open(key)])
