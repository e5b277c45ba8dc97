"""Texts come in the phone's language, name the service and the dossier code, and never carry the
citizen's ID number or address — not even when an officer types the ID number into a reason."""

import re

import pytest

from models.auth import Person
from models.catalogue import Service
from notifications import templates
from tests.dossier_factories import (
    FORMS,
    JUDICIAL,
    act,
    citizen_headers,
    officer_headers,
    submitted_dossier,
)
from tests.notification_support import applicant, inbox_rows, pushes, register, settle

pytestmark = pytest.mark.usefixtures("clean_push_sandbox")


def test_every_kind_has_both_languages_and_names_service_and_code():
    values = {"code": "000.00.01.H22-261122-0001", "service": "SERVICE", "amount": "200.000 ₫",
              "due": "01/12/2026", "new_due": "03/12/2026", "missing": "X", "reason": "R"}
    for kind in templates.KINDS:
        for locale in ("vi", "en"):
            title, body = templates.render(kind, locale, values)
            assert values["code"] in title + body, (kind, locale)
            assert "SERVICE" in body, (kind, locale)
            assert not re.search(r"[{}]", title + body), (kind, locale)


def test_money_and_dates_are_formatted_for_vietnam():
    assert templates.money(1_250_000) == "1.250.000 ₫"
    # 18:30 UTC on 30 Nov is already 1 December in Vietnam.
    assert templates.day("2026-11-30T18:30:00+00:00") == "01/12/2026"


async def test_english_phone_gets_english_text_without_id_number_or_address(client):
    citizen = await citizen_headers(client)
    phone = await register(client, citizen, locale="en")
    dossier = await submitted_dossier(client, citizen, JUDICIAL)
    person = await Person.select(Person.id_number).where(
        Person.id == await applicant(dossier["id"])).first()
    officer = await officer_headers(client, JUDICIAL)
    refused = await act(client, officer, dossier["id"], "refuse",
                        reason=f"ID {person['id_number']} does not match the form")
    assert refused.status_code == 200, refused.text
    await settle(client)

    service = await Service.select(Service.name_en).where(Service.code == JUDICIAL).first()
    sent = {push.message.kind: push.message for push in pushes(phone["id"])}
    assert set(sent) >= {"submitted", "refused"}
    refusal = sent["refused"]
    assert refusal.title.startswith("Dossier") and service["name_en"] in refusal.body
    assert dossier["code"] in refusal.title and "does not match the form" in refusal.body
    inbox = await inbox_rows(await applicant(dossier["id"]))
    texts = [m.title + m.body for m in sent.values()] + [r["title"] + r["body"] for r in inbox]
    for text in texts:
        assert person["id_number"] not in text
        assert FORMS[JUDICIAL]["noi_cu_tru"] not in text and "Hàng Bài" not in text
