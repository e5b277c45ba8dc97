"""The identity assurance level the SSO's ID token gives (`acr`, a VNeID level) is kept with the
session it starts: a level-2 account qualifies for Circular 117/2026 waivers. The development
identity provider issues it for the demo citizens."""

from __future__ import annotations

import pytest

from auth.sso.id_token import assurance_level
from models.auth import AuthSession
from tests.auth.test_auth_sso_end_to_end_with_dev_provider import _sign_in_as


@pytest.mark.parametrize(("acr", "level"), [
    ("vneid:level2", 2), ("2", 2), ("urn:vn:vneid:loa:1", 1), (2, 2),
    (None, None), ("", None), ("high", None), (True, None), ("level9", None),
])
def test_acr_values_read_as_levels(acr, level):
    assert assurance_level(acr) == level


@pytest.mark.parametrize(("person", "level"), [("citizen-an", 2), ("citizen-binh", 1)])
async def test_dev_sign_in_keeps_the_level_with_the_session(client, person, level):
    answer = await _sign_in_as(client, person)
    assert answer.status_code == 200, answer.text
    [session] = await AuthSession.select(AuthSession.assurance_level)
    assert session["assurance_level"] == level
