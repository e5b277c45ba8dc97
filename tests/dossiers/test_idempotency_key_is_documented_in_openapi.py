"""The OpenAPI document tells client developers which operations take Idempotency-Key."""

from __future__ import annotations

from idempotency_support import idempotent_app


async def test_idempotent_operation_lists_the_header(db, settings):
    async with idempotent_app(settings) as (client, _):
        schema = (await client.get("/schema/openapi.json")).json()
    operation = schema["paths"]["/orders/{shelf}"]["post"]
    header = next(p for p in operation["parameters"] if p["name"] == "Idempotency-Key")
    assert header["in"] == "header" and header["required"] is False
    assert header["schema"]["maxLength"] == 255
    assert "409" in operation["responses"]
