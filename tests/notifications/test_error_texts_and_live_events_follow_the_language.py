"""Every text meant for a person follows `Accept-Language` (Vietnamese by default, English on
request): problem titles, `errors[].detail` — the validators' messages, the domains' and a form's
JSON Schema errors — and the title and body of live events, which used to arrive in English while
the inbox was Vietnamese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from auth_helpers import sign_in_tokens
from live_support import EventStream, serving

from api.texts import GENERIC_VI, vietnamese
from tests.dossier_factories import (
    BIRTH,
    JUDICIAL,
    act,
    citizen_headers,
    demo_catalogue,
    draft,
    officer_headers,
    submitted_dossier,
)

EN = {"Accept-Language": "en"}


async def _details(answer) -> list[str]:
    assert answer.status_code in (400, 422), answer.text
    return [e["detail"] for e in answer.json()["errors"]]


async def test_validator_messages_in_either_language(client):
    citizen = await citizen_headers(client)
    wrong_type = {"service_code": 5}
    vi = await _details(await client.post("/v1/dossiers", json=wrong_type, headers=citizen))
    en = await _details(await client.post("/v1/dossiers", json=wrong_type,
                                          headers={**citizen, **EN}))
    assert vi == ["Cần chuỗi, nhận được số nguyên."]
    assert en[0].startswith("Expected `str`, got `int`")
    bad_limit = await client.get("/v1/dossiers?limit=0", headers=citizen)
    assert (await _details(bad_limit)) == ["Giá trị phải >= 1."]


async def test_domain_and_form_errors_in_either_language(client):
    citizen = await citizen_headers(client)
    unknown = {"service_code": "NO.SUCH.1"}
    assert await _details(await client.post("/v1/dossiers", json=unknown, headers=citizen)) == [
        "Không có thủ tục đang áp dụng với mã này."]
    assert await _details(await client.post("/v1/dossiers", json=unknown,
                                            headers={**citizen, **EN})) == [
        "No active service has this code"]
    body = await draft(client, citizen, BIRTH)
    long = {"form_data": {"noi_sinh": "x" * 300}}
    url = f"/v1/dossiers/{body['id']}"
    assert await _details(await client.patch(url, json=long, headers=citizen)) == [
        "Tối đa 255 ký tự."]
    [english] = await _details(await client.patch(url, json=long, headers={**citizen, **EN}))
    assert "is too long" in english
    unknown_param = await client.get("/v1/dossiers?unread=true", headers={**citizen, **EN})
    assert await _details(unknown_param) == ["This operation does not take this parameter."]


SOURCES = ("api", "auth", "catalogue", "dossiers", "notifications", "payments", "postal",
           "workdays", "national_sync", "core")
LITERAL = re.compile(r'(?:"detail":|detail=)\s*(f?)"((?:[^"\\]|\\.)*)"')
# The texts handed to the small helpers that build a problem: _invalid(pointer, text),
# _form_error(field, text), a postal callback's _malformed(text).
HELPER = re.compile(
    r'(?:_invalid|_form_error)\(\s*"[^"]*",\s*(f?)"((?:[^"\\]|\\.)*)"|'
    r'(?<!def )_malformed\((f?)"((?:[^"\\]|\\.)*)"')


def _written_details() -> list[str]:
    root = Path(__file__).resolve().parents[2]
    found = []
    for package in SOURCES:
        for path in (root / package).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            pairs = LITERAL.findall(source)
            if not path.match("payments/providers/*.py"):  # gateways' protocol answers
                pairs += [(m[0] or m[2], m[1] or m[3]) for m in HELPER.findall(source)]
            for is_f, text in pairs:
                # An f-string's values are stood in for by a word; a text the next literal
                # line continues is checked as its start.
                found.append(re.sub(r"\{[^}]*\}", "1", text) if is_f else text)
    return found


def test_every_english_detail_written_in_the_code_has_its_vietnamese():
    texts = _written_details()
    assert len(texts) > 45
    continued = {"national payment platform not configured ",
                 "Name one or more document slots of the service"}
    missing = [t for t in texts if t not in continued and vietnamese(t) is None]
    assert missing == []
    assert vietnamese("national payment platform not configured "
                      "(NATIONAL_PAY_URL, _PARTNER_CODE, _SECRET)")
    assert GENERIC_VI  # anything else still leaves in Vietnamese


@pytest.mark.parametrize("accept", [None, "en"])
async def test_live_events_follow_the_streams_language(client, settings, accept):
    await demo_catalogue()
    owner = await sign_in_tokens(client)
    headers = {"Authorization": f"Bearer {owner.access_token}"}
    dossier = await submitted_dossier(client, headers, JUDICIAL)
    officer = await officer_headers(client, JUDICIAL)
    stream_headers = {**headers, **({"Accept-Language": accept} if accept else {})}
    async with serving(settings) as base_url:
        async with EventStream.open(base_url, stream_headers) as stream:
            assert (await act(client, officer, dossier["id"], "receive")).status_code == 200
            while (got := await stream.next_event()).event != "received":
                pass
    event = got.json()
    if accept == "en":
        assert event["title"] == f"Dossier {dossier['code']} received"
    else:
        assert event["title"] == f"Hồ sơ {dossier['code']} đã được tiếp nhận"
        # The same words as the inbox, which is in the person's language (Vietnamese here).
        inbox = (await client.get("/v1/notifications", headers=headers)).json()["items"]
        shown = next(item for item in inbox if item["id"] == got.id)
        assert (shown["title"], shown["body"]) == (event["title"], event["body"])
    assert isinstance(event["body"], str) and dossier["code"] in event["body"]
