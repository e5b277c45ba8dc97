"""Two failed delivery attempts, two working days apart, send the result back to the agency;
the citizen sees why and when, and may book again (or collect at the counter)."""

import datetime as dt

from tests.postal_support import (
    CUA_NAM,
    booking_row,
    delivery_body,
    dossier_state,
    partner_says,
    sent_booking,
    until,
)
from workdays.calendar import WorkCalendar


async def test_two_failed_attempts_return_the_result_and_allow_a_new_booking(client, monkeypatch):
    citizen, _officer, dossier, booked = await sent_booking(client, monkeypatch, "vnpost")
    url = f"/v1/dossiers/{dossier['id']}/delivery"
    await partner_says(client, "vnpost", "accepted", booked["id"], waybill="EK000000002VN")
    await partner_says(client, "vnpost", "in_transit", booked["id"])
    today = dt.date.today().isoformat()
    first = await partner_says(client, "vnpost", "attempt_failed", booked["id"],
                               reason="Không liên lạc được người nhận", next_attempt_on=today)
    assert first.json()["outcome"] == "applied"
    seen = (await client.get(url, headers=citizen)).json()
    assert seen["state"] == "attempt_failed" and seen["failed_attempts"] == 1
    failure = seen["last_failed_attempt"]
    assert failure["reason"] == "Không liên lạc được người nhận"
    # The partner proposed today; the next attempt is at least two working days later.
    next_on = dt.date.fromisoformat(failure["next_attempt_on"])
    calendar = WorkCalendar()
    assert sum(calendar.is_working_day(dt.date.today() + dt.timedelta(days=d))
               for d in range(1, (next_on - dt.date.today()).days + 1)) >= 2

    await partner_says(client, "vnpost", "in_transit", booked["id"])
    second = await partner_says(client, "vnpost", "attempt_failed", booked["id"],
                                reason="Người nhận vắng nhà")
    assert second.json()["outcome"] == "applied"
    back = (await client.get(url, headers=citizen)).json()
    assert back["state"] == "returned_to_agency" and back["can_rebook"] is True
    assert back["failed_attempts"] == 2
    assert (await dossier_state(dossier["id"]))["state"] == "result_ready"  # collect or rebook

    again = await client.post(url, json=delivery_body(CUA_NAM), headers=citizen)
    assert again.status_code == 201, again.text
    rebooked = again.json()
    assert rebooked["id"] != booked["id"] and rebooked["state"] == "requested"

    async def sent() -> bool:
        return (await booking_row(rebooked["id"]))["sent_at"] is not None

    await until(client, sent)  # the result is ready: the new booking goes out at once
    assert (await client.get(url, headers=citizen)).json()["id"] == rebooked["id"]
