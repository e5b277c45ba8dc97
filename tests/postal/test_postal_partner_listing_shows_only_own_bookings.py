"""GET /v1/partner/bookings with the partner's API key: its own open bookings, with what it needs
to deliver; never another partner's; refused without valid credentials."""

from tests.postal_support import (
    book,
    booking_row,
    finish_on_paper,
    partner_endpoint,
    processing_dossier,
    route_bookings_to,
    until,
)


async def sent_to(client, monkeypatch, partner: str) -> dict:
    route_bookings_to(monkeypatch, partner)
    citizen, officer, dossier = await processing_dossier(client)
    booked = await book(client, citizen, dossier["id"])
    await finish_on_paper(client, officer, dossier["id"])

    async def sent() -> bool:
        return (await booking_row(booked["id"]))["sent_at"] is not None

    await until(client, sent)
    return booked


async def test_each_partner_lists_only_its_own_bookings(client, monkeypatch):
    _secret, vnpost_key = await partner_endpoint("vnpost")
    _secret, other_key = await partner_endpoint("otherpost")
    mine = await sent_to(client, monkeypatch, "vnpost")

    listed = await client.get("/v1/partner/bookings",
                              headers={"Authorization": f"Bearer {vnpost_key}"})
    assert listed.status_code == 200, listed.text
    items = listed.json()["items"]
    assert [item["id"] for item in items] == [mine["id"]]
    assert items[0]["recipient"] == {"name": "Nguyễn Văn An", "phone": "0912345678"}
    assert items[0]["address"]["commune_code"] == "26743"

    theirs = await client.get("/v1/partner/bookings",
                              headers={"Authorization": f"Bearer {other_key}"})
    assert theirs.status_code == 200 and theirs.json()["items"] == []


async def test_a_partner_pages_through_its_bookings_by_cursor(client, monkeypatch):
    _secret, key = await partner_endpoint("vnpost")
    auth = {"Authorization": f"Bearer {key}"}
    made = [(await sent_to(client, monkeypatch, "vnpost"))["id"] for _ in range(3)]
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/v1/partner/bookings", params=params, headers=auth)).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == made
    bad = await client.get("/v1/partner/bookings", params={"state": "lost"}, headers=auth)
    assert bad.status_code == 422


async def test_listing_without_valid_partner_credentials_is_refused(client):
    for headers in ({}, {"Authorization": "Bearer not-a-partner-key"}):
        refused = await client.get("/v1/partner/bookings", headers=headers)
        assert refused.status_code == 401
        assert refused.json()["type"].endswith("/partner-unauthenticated")
