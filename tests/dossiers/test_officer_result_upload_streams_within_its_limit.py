"""An officer's electronic result is read as it arrives, like a citizen's attachment: stored
chunk by chunk, refused with 413 `file-too-large` as soon as it passes the limit (at once when
Content-Length already says so), leaving the dossier as it was and no file behind."""

from __future__ import annotations

import hashlib

import api.officer
import dossiers.results
from models.dossiers import Dossier, DossierResult
from tests.dossier_factories import officer_headers, result_pdf
from tests.dossier_files_support import BIRTH_SERVICE, PDF, citizen, dossier_for, stored_files

BOUNDARY = "officer-result-boundary"
HEADERS = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
KiB = 1024


def _field(name: str, value: str) -> bytes:
    return (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n").encode()


HEAD = (_field("action", "finish") + _field("note", "Đã cấp") + (
    f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="kq.pdf"\r\n'
    "Content-Type: application/pdf\r\n\r\n").encode())
TAIL = f"\r\n--{BOUNDARY}--\r\n".encode()


async def _processing(client):
    owner = await citizen(client)
    dossier = await dossier_for(owner, BIRTH_SERVICE, state="processing",
                                code="000.00.01.H22-261207-0042")
    return owner, dossier, await officer_headers(client, BIRTH_SERVICE)


def _chunked(file_bytes: bytes, sent: dict):
    async def body():
        for piece in (HEAD, *(file_bytes[i:i + 64 * KiB]
                              for i in range(0, len(file_bytes), 64 * KiB)), TAIL):
            sent["bytes"] += len(piece)
            yield piece
    return body()


async def test_a_streamed_result_is_stored_as_sent(client):
    owner, dossier, officer = await _processing(client)
    content = result_pdf("Kết quả gửi theo từng phần")
    answer = await client.post(f"/v1/officer/dossiers/{dossier['id']}/actions", headers={
        **officer, **HEADERS}, content=_chunked(content, {"bytes": 0}))
    assert answer.status_code == 200, answer.text
    result = await DossierResult.select().where(DossierResult.dossier == dossier["id"]).first()
    download = await client.get(f"/v1/dossiers/{dossier['id']}/results/1", headers=owner.headers)
    # As issued (the agency's signature added to what was sent): the bytes it was hashed as.
    assert download.content.startswith(b"%PDF-")
    assert hashlib.sha256(download.content).hexdigest() == result["sha256"]
    assert download.headers["content-disposition"] == (
        'attachment; filename="000.00.01.H22-261207-0042-KQ1.pdf"')


async def test_a_result_over_the_limit_stops_being_read(client, monkeypatch):
    monkeypatch.setattr(api.officer, "RESULT_MAX_BYTES", 256 * KiB)
    monkeypatch.setattr(dossiers.results, "RESULT_MAX_BYTES", 256 * KiB)
    _, dossier, officer = await _processing(client)
    sent = {"bytes": 0}
    answer = await client.post(f"/v1/officer/dossiers/{dossier['id']}/actions", headers={
        **officer, **HEADERS}, content=_chunked(PDF + b"%" * (4096 * KiB), sent))
    assert answer.status_code == 413
    assert answer.json()["type"].endswith("/file-too-large")
    assert sent["bytes"] < 1024 * KiB  # the rest was never asked for
    assert (await Dossier.select(Dossier.state).where(Dossier.id == dossier["id"]).first()
            )["state"] == "processing"
    assert await DossierResult.count() == 0
    assert stored_files(client) == []


async def test_an_announced_length_over_the_limit_is_refused_unread(client):
    _, dossier, officer = await _processing(client)
    sent = {"bytes": 0}
    size = dossiers.results.RESULT_MAX_BYTES + 1024 * KiB
    answer = await client.post(f"/v1/officer/dossiers/{dossier['id']}/actions", headers={
        **officer, **HEADERS, "Content-Length": str(size)},
        content=_chunked(PDF + b"%" * (64 * KiB), sent))
    assert answer.status_code == 413
    assert sent["bytes"] == 0
    assert await DossierResult.count() == 0
