"""A retried upload is the same request even though the client drew a new multipart boundary for
it; a different file under the same key is refused."""

from __future__ import annotations

from auth_helpers import sign_in
from idempotency_support import idempotent_app

SCAN = b"%PDF-1.7\n" + bytes(range(256)) * 64


async def test_retried_upload_with_a_new_boundary_is_replayed(db, settings):
    async with idempotent_app(settings) as (client, shop):
        headers = {**await sign_in(client), "Idempotency-Key": "scan-1"}
        files = {"file": ("cccd.pdf", SCAN, "application/pdf")}
        first = await client.post("/scans", files=files, headers=headers)
        again = await client.post("/scans", files=files, headers=headers)
        changed = {"file": ("cccd.pdf", SCAN + b"x", "application/pdf")}
        other = await client.post("/scans", files=changed, headers=headers)

    assert first.status_code == 201, first.text
    assert first.request.headers["content-type"] != again.request.headers["content-type"]
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert other.status_code == 422
    assert shop.orders == [{"scan": "cccd.pdf", "size": len(SCAN)}]
