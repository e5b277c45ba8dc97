"""Addresses are checked against the 34 provinces and 3,321 communes in force since July 2025."""

import pytest
from vietnam_provinces import ProvinceCode, WardCode

from postal.addresses import validate
from postal.problems import InvalidAddress


def test_the_official_list_has_34_provinces_and_3321_communes():
    assert len(list(ProvinceCode)) == 34 and len(list(WardCode)) == 3321


def test_a_real_ward_in_its_province_is_resolved_to_its_names():
    address = validate("  45   Lê Lợi ", "26743", "79")
    assert address.commune_name == "Phường Bến Thành"
    assert address.province_name == "Thành phố Hồ Chí Minh"
    assert address.street == "45 Lê Lợi"


def pointers(error: InvalidAddress) -> set[str]:
    return {item["pointer"] for item in error.extra["errors"]}


def test_a_ward_of_another_province_is_refused_at_the_commune():
    with pytest.raises(InvalidAddress) as refused:
        validate("12 Bạch Đằng", "20242", "79")  # Phường Hải Châu is in Đà Nẵng (48)
    assert pointers(refused.value) == {"/address/commune_code"}


@pytest.mark.parametrize("commune, province, wrong", [
    ("99999", "79", {"/address/commune_code"}),  # no such commune
    ("26743", "02", {"/address/province_code"}),  # 02 (old Hà Giang) no longer exists
    ("2674", "79", {"/address/commune_code"}),  # 4 digits
    ("00070", "1", {"/address/province_code"}),
    ("abcde", "xx", {"/address/commune_code", "/address/province_code"}),
])
def test_unknown_or_malformed_codes_are_refused_with_pointers(commune, province, wrong):
    with pytest.raises(InvalidAddress) as refused:
        validate("1 Phố Huế", commune, province)
    assert pointers(refused.value) == wrong
    assert refused.value.status == 422 and refused.value.slug == "invalid-address"


def test_a_blank_street_is_refused():
    with pytest.raises(InvalidAddress) as refused:
        validate("   ", "00070", "01")
    assert pointers(refused.value) == {"/address/street"}
