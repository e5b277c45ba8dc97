"""The 12-digit citizen ID number: shape, province, and century/birth-year consistency."""

from __future__ import annotations

from datetime import date

import pytest

from auth.id_number import IdNumberError, InvalidIdNumber, parse_id_number, validate_id_number


def test_a_hanoi_man_born_1990():
    parsed = parse_id_number("001090012345")
    assert (parsed.province_code, parsed.birth_year, parsed.female) == (1, 1990, False)


def test_a_woman_born_2005_in_ho_chi_minh_city():
    parsed = parse_id_number("079305001234")
    assert (parsed.province_code, parsed.birth_year, parsed.female) == (79, 2005, True)


def test_last_province_code_is_096():
    assert parse_id_number("096190000001").province_code == 96
    with pytest.raises(IdNumberError):
        parse_id_number("097190000001")


def test_birth_year_this_year_is_accepted_next_year_is_not():
    assert parse_id_number("001226000001", today=date(2026, 1, 1)).birth_year == 2026
    with pytest.raises(IdNumberError):
        parse_id_number("001227000001", today=date(2026, 12, 31))


@pytest.mark.parametrize("bad", [None, 1090012345, "", " 001090012345", "001090012345 ",
                                 "00109001234", "001-09001234", "001O90012345", "٠٠١090012345"])
def test_malformed_values_are_refused(bad):
    with pytest.raises(IdNumberError):
        parse_id_number(bad)


def test_the_problem_never_echoes_the_number():
    with pytest.raises(InvalidIdNumber) as caught:
        validate_id_number("001590012345")  # 2190
    assert caught.value.status == 422
    assert "001590012345" not in str(caught.value.detail)
    assert "001090012345" not in repr(parse_id_number("001090012345"))
