"""A retried booking (same Idempotency-Key) replays the first answer; two different requests at
once leave exactly one live booking."""

import asyncio
import uuid

from models.postal import DeliveryBooking
from tests.postal_support import CUA_NAM, delivery_body, processing_dossier


async def live_bookings(dossier_id: str) -> int:
    return await DeliveryBooking.count().where(
        (DeliveryBooking.dossier == uuid.UUID(dossier_id))
        & DeliveryBooking.live_key.is_not_null())


async def test_a_retried_booking_replays_the_first_answer(client):
    citizen, _officer, dossier = await processing_dossier(client)
    url = f"/v1/dossiers/{dossier['id']}/delivery"
    headers = {**citizen, "Idempotency-Key": "delivery-1"}
    first = await client.post(url, json=delivery_body(), headers=headers)
    again = await client.post(url, json=delivery_body(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert await live_bookings(dossier["id"]) == 1


async def test_concurrent_bookings_leave_one_live_booking(client):
    citizen, _officer, dossier = await processing_dossier(client)
    url = f"/v1/dossiers/{dossier['id']}/delivery"
    answers = await asyncio.gather(*(
        client.post(url, json=delivery_body(address), headers=citizen)
        for address in (None, CUA_NAM, None, CUA_NAM)))
    codes = sorted(answer.status_code for answer in answers)
    assert codes == [201, 409, 409, 409], [a.text for a in answers]
    assert await live_bookings(dossier["id"]) == 1
