from tests.auth_helpers import sign_in


async def test_me_shows_profile_with_masked_id_number_and_phone(client):
    headers = await sign_in(client, id_number="001099012345", phone="0912345678",
                            full_name="Trần Thị Bình")
    r = await client.get("/v1/me", headers=headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["full_name"] == "Trần Thị Bình"
    assert body["id_number_masked"] == "0010*****345"
    assert body["phone_masked"] == "091****678"
    assert body["role"] == "citizen" and body["agency"] is None
    assert "001099012345" not in r.text and "0912345678" not in r.text


async def test_me_without_token_is_401_problem_with_challenge(client):
    r = await client.get("/v1/me")
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")
    # No token at all: a plain challenge, without RFC 6750's invalid_token error.
    assert r.headers["www-authenticate"] == 'Bearer realm="motcua"'
