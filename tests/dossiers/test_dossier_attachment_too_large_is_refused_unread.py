"""An upload over the slot's limit is refused with 413 `file-too-large`: at once when the
announced Content-Length already says so, otherwise as soon as the limit is passed while the body
streams in; the rest is never read, and no row and no file (not even a temporary one) remain."""

from models.dossiers import DossierAttachment
from tests.dossier_files_support import (
    MULTIPART_HEADERS,
    MULTIPART_TAIL,
    PNG,
    citizen,
    dossier_for,
    multipart_head,
    stored_files,
    upload,
)

MiB = 1024 * 1024
# DN.GT.001 (driving licence): the portrait slot takes at most 2 MiB, the largest slot 5 MiB.
SERVICE, PORTRAIT = "DN.GT.001", "anh_chan_dung"


async def test_announced_length_over_every_limit_is_refused_before_reading(client):
    owner = await citizen(client)
    draft = await dossier_for(owner, SERVICE)
    head = multipart_head(PORTRAIT, "big.png", "image/png") + PNG
    size = len(head) + 6 * MiB + len(MULTIPART_TAIL)
    sent = {"bytes": 0}

    async def body():
        sent["bytes"] += len(head)
        yield head
        for _ in range(6 * 16):
            sent["bytes"] += 64 * 1024
            yield b"\x00" * (64 * 1024)
        yield MULTIPART_TAIL

    answer = await client.post(
        f"/v1/dossiers/{draft['id']}/attachments", content=body(),
        headers={**owner.headers, **MULTIPART_HEADERS, "Content-Length": str(size)})

    assert answer.status_code == 413
    assert answer.json()["type"].endswith("/file-too-large")
    assert sent["bytes"] == 0  # not a byte of the body was asked for
    assert await DossierAttachment.count() == 0
    assert stored_files(client) == []


async def test_streamed_file_over_the_slot_limit_stops_being_read(client):
    owner = await citizen(client)
    draft = await dossier_for(owner, SERVICE)
    sent = {"bytes": 0}
    total = 20 * MiB

    async def body():
        # Chunked: no Content-Length, so only counting the bytes as they come can stop it.
        yield multipart_head(PORTRAIT, "portrait.png", "image/png") + PNG
        while sent["bytes"] < total:
            sent["bytes"] += 64 * 1024
            yield b"\x00" * (64 * 1024)
        yield MULTIPART_TAIL

    answer = await client.post(f"/v1/dossiers/{draft['id']}/attachments",
                               headers={**owner.headers, **MULTIPART_HEADERS}, content=body())

    assert answer.status_code == 413
    body_json = answer.json()
    assert body_json["type"].endswith("/file-too-large")
    assert body_json["max_bytes"] == 2 * MiB
    assert sent["bytes"] < 3 * MiB  # stopped just past the 2 MiB limit, not at 20 MiB
    assert await DossierAttachment.count() == 0
    assert stored_files(client) == []


async def test_file_at_the_limit_is_accepted(client):
    owner = await citizen(client)
    draft = await dossier_for(owner, SERVICE)
    data = PNG + b"\x00" * (2 * MiB - len(PNG))

    answer = await client.post(f"/v1/dossiers/{draft['id']}/attachments", headers=owner.headers,
                               **upload(PORTRAIT, "portrait.png", data, "image/png"))

    assert answer.status_code == 201, answer.text
    assert answer.json()["size"] == 2 * MiB
