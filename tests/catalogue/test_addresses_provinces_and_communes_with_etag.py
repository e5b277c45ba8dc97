"""GET /v1/addresses/provinces and /v1/addresses/communes?province=: the official units of the
`vietnam-provinces` package (the ones postal bookings are checked against), open to anyone,
publicly cacheable, with an ETag that gives 304."""

from __future__ import annotations

from postal import addresses


async def test_provinces_are_the_34_with_an_etag(client):
    answer = await client.get("/v1/addresses/provinces")
    assert answer.status_code == 200
    body = answer.json()
    assert len(body["items"]) == 34 and body["version"] == addresses.DATA_VERSION
    codes = [item["code"] for item in body["items"]]
    assert codes == sorted(codes) and {"01", "79", "96"} <= set(codes)
    assert next(i for i in body["items"] if i["code"] == "01")["name"] == "Thành phố Hà Nội"
    assert "public" in answer.headers["cache-control"]
    again = await client.get("/v1/addresses/provinces",
                             headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == answer.headers["etag"]


async def test_communes_of_a_province_check_against_bookings(client):
    answer = await client.get("/v1/addresses/communes", params={"province": "01"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["province"]["code"] == "01"
    by_code = {item["code"]: item for item in body["items"]}
    assert by_code["00070"]["name"] == "Phường Hoàn Kiếm" and by_code["00070"]["kind"] == "phường"
    # Every unit offered is one a booking accepts in that province.
    for code in list(by_code)[:20]:
        assert addresses.validate("1 Phố Huế", code, "01").commune_code == code
    total = 0
    for province in (await client.get("/v1/addresses/provinces")).json()["items"]:
        total += len((await client.get("/v1/addresses/communes",
                                       params={"province": province["code"]})).json()["items"])
    assert total == 3321
    cached = await client.get("/v1/addresses/communes", params={"province": "01"},
                              headers={"If-None-Match": answer.headers["etag"]})
    assert cached.status_code == 304
    other = await client.get("/v1/addresses/communes", params={"province": "79"},
                             headers={"If-None-Match": answer.headers["etag"]})
    assert other.status_code == 200  # another province, another tag


async def test_a_wrong_province_is_named(client):
    for province in ("99", "1", "ha-noi"):
        answer = await client.get("/v1/addresses/communes", params={"province": province})
        assert answer.status_code == 422, province
        assert [e["parameter"] for e in answer.json()["errors"]] == ["province"]
    missing = await client.get("/v1/addresses/communes")
    assert missing.status_code == 422
