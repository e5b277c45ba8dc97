"""Citizen ID number (số định danh cá nhân): 12 digits `AAA B CC DDDDDD`.

AAA is the province where the birth was registered (001–096); B encodes century and sex
(0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, ...); CC is the last two digits of the birth
year; DDDDDD are random. The number is personal data: errors say what is wrong with its shape,
never echo it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from core import clock
from core.problems import define

_SHAPE = re.compile(r"[0-9]{12}")  # not str.isdigit(): that accepts non-ASCII digits
PROVINCE_CODES = range(1, 97)

InvalidIdNumber = define(
    "invalid-id-number", 422, "Số định danh cá nhân không hợp lệ", "Invalid citizen ID number"
)


class IdNumberError(ValueError):
    def __init__(self, reason: dict[str, str]) -> None:
        super().__init__(reason["en"])
        self.reason = reason


@dataclass(frozen=True)
class IdNumber:
    value: str
    province_code: int
    birth_year: int
    female: bool

    def __repr__(self) -> str:
        return "IdNumber(***)"


def parse_id_number(value: object, today: date | None = None) -> IdNumber:
    if not isinstance(value, str) or not _SHAPE.fullmatch(value):
        raise IdNumberError({"vi": "Số định danh phải gồm đúng 12 chữ số.",
                             "en": "The ID number must be exactly 12 digits."})
    province = int(value[0:3])
    if province not in PROVINCE_CODES:
        raise IdNumberError({"vi": "Mã tỉnh nơi đăng ký khai sinh phải từ 001 đến 096.",
                             "en": "The province code must be between 001 and 096."})
    century_sex = int(value[3])
    birth_year = 1900 + (century_sex // 2) * 100 + int(value[4:6])
    if birth_year > (today or clock.today()).year:
        raise IdNumberError({"vi": "Mã thế kỷ và năm sinh chỉ ra một năm sinh trong tương lai.",
                             "en": "The century digit and birth year imply a future birth year."})
    return IdNumber(value, province, birth_year, female=century_sex % 2 == 1)


def validate_id_number(value: object) -> str:
    """The value as a valid ID number, or the `invalid-id-number` problem (422)."""
    try:
        return parse_id_number(value).value
    except IdNumberError as exc:
        raise InvalidIdNumber(detail=exc.reason) from None
