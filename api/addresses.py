"""GET /v1/addresses/provinces and /v1/addresses/communes?province=: the current administrative
units (34 provinces, 3,321 commune-level units, Decision 19/2025/QĐ-TTg) from the
`vietnam-provinces` package the postal address checks use, for the apps' address pickers.

Anyone may read them. They change only with a new package release, so each answer is built once
per process, tagged with a strong ETag (a client that sends it back gets 304) and may be cached
publicly for a day."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from litestar import Controller, Request, Response, get
from litestar.params import QueryParameter
from litestar.serialization import encode_json

from api.contract import documented
from api.etags import etag_of, none_match
from api.summary_schemas import CommuneList, ProvinceList
from core.problems import ValidationFailed
from postal import addresses

CACHE_CONTROL = "public, max-age=86400"
ProvinceCode = Annotated[str, QueryParameter(
    name="province", pattern=r"^\d{2}$", description="2-digit province code, e.g. 01 (Hà Nội).")]


@lru_cache(maxsize=1)
def _provinces() -> tuple[bytes, str]:
    body = encode_json({"items": list(addresses.provinces()),
                        "version": addresses.DATA_VERSION})
    return body, etag_of(body)


@lru_cache(maxsize=64)
def _communes(province_code: str) -> tuple[bytes, str] | None:
    found = addresses.communes(province_code)
    if found is None:
        return None
    province, units = found
    body = encode_json({"province": province, "items": list(units),
                        "version": addresses.DATA_VERSION})
    return body, etag_of(body)


def _answer(request: Request, body: bytes, etag: str) -> Response:
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if none_match(request.headers.get("if-none-match"), etag):
        return Response(content=b"", status_code=304, headers=headers)
    return Response(content=body, media_type="application/json", headers=headers)


class AddressController(Controller):
    path = "/v1/addresses"
    tags = ["addresses"]

    @documented(etag=True)
    @get("/provinces", operation_id="listProvinces",
         summary="The 34 provinces and centrally-run cities (cacheable, ETag)")
    async def provinces(self, request: Request) -> Response[ProvinceList]:
        """By code, with the unit list's version; the same list postal addresses are checked
        against. Public, cacheable for a day; If-None-Match gives 304."""
        return _answer(request, *_provinces())

    @documented(etag=True)
    @get("/communes", operation_id="listCommunes",
         summary="The commune-level units (wards, communes, special zones) of one province")
    async def communes(self, request: Request,
                       province: ProvinceCode) -> Response[CommuneList]:
        """By code (5 digits), for the address picker after the province is chosen; a code
        that is not one of the 34 provinces is a 422 naming `province`."""
        found = _communes(province)
        if found is None:
            raise ValidationFailed(extra={"errors": [{
                "parameter": "province", "in": "query",
                "detail": "Not one of the 34 province codes (2 digits)"}]})
        return _answer(request, *found)


ROUTES = [AddressController]
