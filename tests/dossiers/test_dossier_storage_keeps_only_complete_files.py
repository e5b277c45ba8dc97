"""The file store keeps a file only once it is complete, under a random key that names nothing
about it; a write that fails half-way leaves no trace, and keys cannot reach outside the store."""

import re

import pytest

from dossiers.sniffing import sniff
from dossiers.storage import LocalStorage, StoredFileMissing, read_all


async def _chunks(*parts: bytes, fail_after: int | None = None):
    for index, part in enumerate(parts):
        if fail_after is not None and index == fail_after:
            raise RuntimeError("connection lost")
        yield part


def _files(root):
    return [p for p in root.rglob("*") if p.is_file()]


async def test_complete_file_is_kept_under_a_random_key(tmp_path):
    store = LocalStorage(tmp_path)
    key = await store.put(_chunks(b"%PDF-1.7 ", b"rest"))
    other = await store.put(_chunks(b"%PDF-1.7 ", b"rest"))

    assert re.fullmatch(r"[0-9a-f]{32}", key) and key != other
    assert await read_all(store, key) == b"%PDF-1.7 rest"
    await store.delete(key)
    with pytest.raises(StoredFileMissing):
        await store.open(key)
    assert len(_files(tmp_path)) == 1


async def test_failed_write_leaves_nothing(tmp_path):
    store = LocalStorage(tmp_path)
    with pytest.raises(RuntimeError):
        await store.put(_chunks(b"a" * 1000, b"b" * 1000, fail_after=1))
    assert _files(tmp_path) == []


async def test_keys_that_are_not_ours_reach_nothing(tmp_path):
    (tmp_path / "secret").write_bytes(b"x")
    store = LocalStorage(tmp_path / "files")
    for key in ("../secret", "/etc/passwd", "AB" * 16):
        with pytest.raises(StoredFileMissing):
            await store.open(key)
        await store.delete(key)  # no error, and nothing outside the store is touched
    assert (tmp_path / "secret").exists()


@pytest.mark.parametrize("head, expected", [
    (b"%PDF-1.4\n", "application/pdf"),
    (b"\xff\xd8\xff\xdb\x00C", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
    (b"AC1032\x00\x00\x00\x00\x00\x00", "image/vnd.dwg"),
    (b"GIF89a\x01\x00", "image/gif"),
    (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
    (b"PK\x03\x04\x14\x00", "application/zip"),
    (b"MZ\x90\x00\x03\x00", "application/octet-stream"),
    (b"", "application/octet-stream"),
])
def test_type_is_read_from_the_leading_bytes(head, expected):
    assert sniff(head) == expected
