"""Delivery addresses in the two-level form in force since 1 July 2025: street, commune-level
unit (ward, commune or special zone; 5-digit code) and province (2-digit code), checked against
the official list of 34 provinces and 3,321 communes (Decision 19/2025/QĐ-TTg) shipped by the
`vietnam-provinces` package. The list keeps changing (another round took effect 30 Apr 2026):
the package's data version is recorded with each booking, so an old booking stays readable."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import vietnam_provinces
from vietnam_provinces import Province, ProvinceCode, Ward, WardCode

from postal.problems import InvalidAddress

DATA_VERSION = vietnam_provinces.__data_version__
PROVINCE_CODE = re.compile(r"\d{2}")
COMMUNE_CODE = re.compile(r"\d{5}")


@dataclass(frozen=True)
class Address:
    street: str
    commune_code: str
    commune_name: str
    province_code: str
    province_name: str

    def one_line(self) -> str:
        return f"{self.street}, {self.commune_name}, {self.province_name}"


def _province(code: str) -> Province | None:
    if not PROVINCE_CODE.fullmatch(code):
        return None
    try:
        return Province.from_code(ProvinceCode(int(code)))
    except ValueError:
        return None


def _commune(code: str) -> Ward | None:
    if not COMMUNE_CODE.fullmatch(code):
        return None
    try:
        return Ward.from_code(WardCode(int(code)))
    except ValueError:
        return None


def validate(street: str, commune_code: str, province_code: str,
             pointer: str = "/address") -> Address:
    """The address with its official names, or InvalidAddress listing every wrong field."""
    errors = []
    street = " ".join(street.split())
    if not street:
        errors.append({"pointer": f"{pointer}/street", "detail": "House number and street"})
    province = _province(province_code)
    if province is None:
        errors.append({"pointer": f"{pointer}/province_code",
                       "detail": "Not one of the 34 province codes (2 digits)"})
    commune = _commune(commune_code)
    if commune is None:
        errors.append({"pointer": f"{pointer}/commune_code",
                       "detail": "Not an official commune-level code (5 digits)"})
    elif province is not None and commune.province_code != province.code:
        errors.append({"pointer": f"{pointer}/commune_code",
                       "detail": "This commune is not in the given province"})
    if errors:
        raise InvalidAddress(extra={"errors": errors, "unit_list_version": DATA_VERSION})
    assert province is not None and commune is not None
    return Address(street=street, commune_code=commune_code, commune_name=commune.name,
                   province_code=province_code, province_name=province.name)


# --- the unit lists, for the apps' address pickers (GET /v1/addresses/…) ---------------------

def _province_entry(province: Province) -> dict[str, str]:
    return {"code": f"{int(province.code):02d}", "name": province.name,
            "kind": province.division_type.value}


@lru_cache(maxsize=1)
def provinces() -> tuple[dict[str, str], ...]:
    """The 34 provinces and centrally-run cities, by code."""
    return tuple(sorted((_province_entry(p) for p in Province.iter_all()),
                        key=lambda entry: entry["code"]))


@lru_cache(maxsize=64)
def communes(province_code: str) -> tuple[dict[str, str], tuple[dict[str, str], ...]] | None:
    """(the province, its commune-level units by code), or None for no such province."""
    province = _province(province_code)
    if province is None:
        return None
    units = sorted(Ward.iter_by_province(province.code), key=lambda ward: int(ward.code))
    return _province_entry(province), tuple(
        {"code": f"{int(ward.code):05d}", "name": ward.name, "kind": ward.division_type.value}
        for ward in units)
