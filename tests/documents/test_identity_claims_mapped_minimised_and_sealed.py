"""Identity claims become the pre-fill profile whatever their source — OpenID Connect's standard
claims or the national SSO's own — keep only what forms may take, and sit sealed at rest."""

from __future__ import annotations

import json

from auth.identity_profile import profile_from_claims
from models.documents import IdentityProfile
from tests.identity_support import identity_of, sso_headers


def test_standard_and_national_claims_map_to_one_profile():
    standard = profile_from_claims({
        "name": "Trần Thị Bình", "birthdate": "1995-08-02", "gender": "female",
        "address": {"street_address": "45 Lê Thánh Tôn", "locality": "Phường Bến Thành",
                    "region": "Thành phố Hồ Chí Minh", "country": "VN"},
        "email": "binh@example.vn", "nationality": "VN", "picture": "https://x/y.png",
    }, "079195001234", "Trần Thị Bình", "+84903111222")
    national = profile_from_claims({
        "HoVaTen": "Trần Thị Bình", "NgaySinh": "02/08/1995", "GioiTinh": "Nữ",
        "DiaChiThuongTru": "45 Lê Thánh Tôn,  Phường Bến Thành, Thành phố Hồ Chí Minh",
    }, "079195001234", "", "+84903111222")
    assert standard == national == {
        "full_name": "Trần Thị Bình", "birth_date": "1995-08-02", "sex": "Nữ",
        "id_number": "079195001234", "phone": "+84903111222",
        "permanent_address": "45 Lê Thánh Tôn, Phường Bến Thành, Thành phố Hồ Chí Minh"}
    # Only what forms may take: no e-mail, nationality or picture; a year alone fills nothing.
    partial = profile_from_claims({"birthdate": "1995", "gender": "other"}, "079195001234",
                                  "", "")
    assert partial == {"id_number": "079195001234"}


async def test_profile_is_sealed_at_rest(client):
    from catalogue.seed import seed_demo

    await seed_demo()
    await sso_headers(client, "citizen-an")
    row = await IdentityProfile.select().first()
    identity = identity_of("citizen-an")
    names = row["claim_names"]
    assert sorted(names if isinstance(names, list) else json.loads(names)) == sorted(identity)
    for value in identity.values():
        assert value not in row["sealed"]
    assert row["sealed"].startswith("gAAAAA")  # a Fernet token
