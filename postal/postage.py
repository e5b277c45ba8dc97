"""Postage and promised delivery times by route (Decision 45/2016; Circular 17/2017/TT-BTTTT).

Times are J+n working days from when the partner takes the result: same area J+1, within a
province J+2, between major cities J+3, other inter-province J+4. The amounts are the demo
tariff of the public postal service for a document envelope (whole đồng); a real deployment
replaces this table, not the code."""

from __future__ import annotations

from dataclasses import dataclass

# Centrally-run cities: Hà Nội, TP.HCM, Đà Nẵng, Hải Phòng, Cần Thơ.
MAJOR_CITIES = frozenset({"01", "79", "48", "31", "92"})


@dataclass(frozen=True)
class Route:
    name: str
    working_days: int
    postage: int  # đồng


ROUTES: dict[str, Route] = {
    "same_area": Route("same_area", 1, 16_500),
    "within_province": Route("within_province", 2, 22_000),
    "major_cities": Route("major_cities", 3, 30_000),
    "inter_province": Route("inter_province", 4, 38_500),
}

# The commune of agencies that sit in one (a ward's People's Committee); other agencies are
# province-level and have no "same area".
AGENCY_COMMUNES: dict[str, str] = {
    "000.00.01.H22": "00070",  # UBND phường Hoàn Kiếm → Phường Hoàn Kiếm, Hà Nội
}


def route_for(origin_province: str, origin_commune: str | None,
              destination_province: str, destination_commune: str) -> Route:
    if origin_commune and origin_commune == destination_commune:
        return ROUTES["same_area"]
    if origin_province == destination_province:
        return ROUTES["within_province"]
    if {origin_province, destination_province} <= MAJOR_CITIES:
        return ROUTES["major_cities"]
    return ROUTES["inter_province"]
