"""A citizen books postal return: quote by route, promised window in working days, one live
booking per dossier, and the dossier's result delivery becomes postal."""

import datetime as dt

from tests.dossier_factories import CERTIFY, citizen_headers, submitted_dossier
from tests.postal_support import (
    BEN_THANH,
    CUA_NAM,
    HAI_CHAU,
    HOAN_KIEM,
    THUC_PHAN,
    book,
    delivery_body,
    dossier_state,
    processing_dossier,
)
from workdays.calendar import WorkCalendar


async def test_booking_quotes_by_route_and_promises_working_days(client):
    citizen, _officer, dossier = await processing_dossier(client)  # a Hoàn Kiếm ward agency
    booked = await book(client, citizen, dossier["id"], address=HAI_CHAU,
                        postage_payment="on_delivery")
    assert booked["state"] == "requested"
    assert booked["postage"] == {"amount": 30_000, "currency": "VND",
                                 "payment": "on_delivery", "route_class": "major_cities",
                                 "paid_at": None}
    assert booked["address"]["commune_name"] == "Phường Hải Châu"
    earliest = dt.date.fromisoformat(booked["promised_window"]["earliest"])
    latest = dt.date.fromisoformat(booked["promised_window"]["latest"])
    calendar = WorkCalendar()
    assert calendar.is_working_day(latest) and calendar.is_working_day(earliest)
    worked = sum(calendar.is_working_day(earliest + dt.timedelta(days=d))
                 for d in range((latest - earliest).days + 1))
    assert worked == 3  # J+1 … J+3
    assert [item["kind"] for item in booked["timeline"]] == ["requested"]
    assert (await dossier_state(dossier["id"]))["result_delivery"] == "postal"

    seen = await client.get(f"/v1/dossiers/{dossier['id']}/delivery", headers=citizen)
    assert seen.status_code == 200 and seen.json()["id"] == booked["id"]
    assert seen.headers.get("etag")


async def test_routes_same_area_within_province_and_inter_province(client):
    expected = [(HOAN_KIEM, "same_area", 16_500), (CUA_NAM, "within_province", 22_000),
                (THUC_PHAN, "inter_province", 38_500), (BEN_THANH, "major_cities", 30_000)]
    for address, route, amount in expected:
        citizen, _officer, dossier = await processing_dossier(client)
        booked = await book(client, citizen, dossier["id"], address=address)
        assert (booked["postage"]["route_class"], booked["postage"]["amount"]) == (route, amount)


async def test_a_second_live_booking_is_refused(client):
    citizen, _officer, dossier = await processing_dossier(client)
    await book(client, citizen, dossier["id"])
    again = await client.post(f"/v1/dossiers/{dossier['id']}/delivery",
                              json=delivery_body(CUA_NAM), headers=citizen)
    assert again.status_code == 409
    assert again.json()["type"].endswith("/delivery-already-booked")


async def test_a_result_collected_in_person_refuses_postal_return(client):
    citizen = await citizen_headers(client)
    dossier = await submitted_dossier(client, citizen, CERTIFY)
    refused = await client.post(f"/v1/dossiers/{dossier['id']}/delivery",
                                json=delivery_body(), headers=citizen)
    assert refused.status_code == 422
    assert refused.json()["type"].endswith("/postal-return-not-available")
    seen = await client.get(f"/v1/dossiers/{dossier['id']}/delivery", headers=citizen)
    assert seen.status_code == 404
    assert (await dossier_state(dossier["id"]))["result_delivery"] == "in_person"


async def test_an_invalid_address_is_refused_with_pointers_and_books_nothing(client):
    citizen, _officer, dossier = await processing_dossier(client)
    wrong = {"street": "12 Bạch Đằng", "commune_code": "20242", "province_code": "79"}
    refused = await client.post(f"/v1/dossiers/{dossier['id']}/delivery",
                                json=delivery_body(wrong), headers=citizen)
    assert refused.status_code == 422
    body = refused.json()
    assert body["type"].endswith("/invalid-address")
    assert [e["pointer"] for e in body["errors"]] == ["/address/commune_code"]
    seen = await client.get(f"/v1/dossiers/{dossier['id']}/delivery", headers=citizen)
    assert seen.status_code == 404


async def test_another_citizen_cannot_book_or_see_the_delivery(client):
    citizen, _officer, dossier = await processing_dossier(client)
    await book(client, citizen, dossier["id"])
    stranger = await citizen_headers(client)
    assert (await client.get(f"/v1/dossiers/{dossier['id']}/delivery",
                             headers=stranger)).status_code == 404
    assert (await client.post(f"/v1/dossiers/{dossier['id']}/delivery", json=delivery_body(),
                              headers=stranger)).status_code == 404
