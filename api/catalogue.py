"""HTTP routes of the catalogue: search and list services, a service's detail and fee quotes,
agencies and fields. Anyone may read them; lists and details carry an ETag. Answers are kept in
memory for a short while (api/response_cache.py)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, Request, Response, get
from litestar.params import FromPath, FromQuery, Parameter

from api.catalogue_schemas import (
    AgencyDetail,
    FeeQuote,
    FieldRef,
    Level,
    ServiceDetail,
    ServicePage,
)
from api.contract import documented
from api.etags import json_with_etag
from catalogue import detail, fees, queries
from core.i18n import negotiate
from core.problems import NotFound, ValidationFailed

Limit = Annotated[int, Parameter(ge=1, le=100, description="Page size (1–100).")]
Query = Annotated[
    str | None, Parameter(max_length=200, description="Words to find, with or without diacritics.")
]
UnitCode = Annotated[str | None, Parameter(description="Agency unit code, e.g. 000.00.01.H22.")]
FieldCode = Annotated[str | None, Parameter(description="Field code, e.g. ho_tich.")]
Channel = Annotated[fees.Channel, Parameter(description="online, counter or post")]
OnDate = Annotated[date | None, Parameter(description="Default: today in Viet Nam.")]
Category = Annotated[str, Parameter(max_length=64, description="Applicant category, e.g. student.")]
BAD_CURSOR = {"parameter": "cursor", "in": "query", "detail": "Unknown or damaged cursor"}


def _locale(request: Request) -> str:
    return negotiate(request.headers.get("accept-language"))


class CatalogueController(Controller):
    path = "/v1"
    tags = ["catalogue"]

    @documented(etag=True)
    @get("/services", operation_id="listServices",
         cache=True, summary="Search and list active services")
    async def list_services(
        self,
        request: Request,
        q: Query = None,
        level: FromQuery[Level | None] = None,
        agency: UnitCode = None,
        field: FieldCode = None,
        cursor: FromQuery[str | None] = None,
        limit: Limit = 20,
    ) -> Response[ServicePage]:
        """Search by words (diacritics optional), filter by `level`, `agency` unit code and
        `field` code; sorted by Vietnamese name, by cursor. Anyone may read the catalogue."""
        locale = _locale(request)
        try:
            page = await queries.list_services(q=q, level=level, agency=agency, field=field,
                                               cursor=cursor, limit=limit, locale=locale)
        except queries.BadCursor:
            raise ValidationFailed(extra={"errors": [BAD_CURSOR]}) from None
        return json_with_etag(request, page, locale)

    @documented(problems=[NotFound], etag=True)
    @get("/services/{code:str}", operation_id="getService", cache=True,
         summary="One service: form, fees that apply, documents, steps")
    async def service_detail(
        self, request: Request, code: FromPath[str]
    ) -> Response[ServiceDetail]:
        """The form's JSON Schema, required documents (accepted types, sizes), the fees that
        apply today (online beside the counter price), which steps are online (a partial
        service says why not), postal eligibility and processing time."""
        locale = _locale(request)
        return json_with_etag(request, await detail.service_detail(code, locale), locale)

    @documented(problems=[NotFound])
    @get("/services/{code:str}/fee-quote", operation_id="quoteFees", cache=True,
         summary="The fee due for a channel, date, applicant category, assurance level, copies "
                 "and pages, with the counter price beside the online one")
    async def fee_quote(
        self,
        code: FromPath[str],
        channel: Channel = "online",
        on_date: OnDate = None,
        category: Category = "",
        copies: Annotated[int, Parameter(ge=1, le=100, description="Copies asked for.")] = 1,
        pages: Annotated[int, Parameter(ge=1, le=1000,
                                        description="Pages of a document copied.")] = 1,
        assurance_level: Annotated[int | None, Parameter(
            ge=1, le=2, description="The applicant's VNeID identity level (1 or 2).")] = None,
    ) -> FeeQuote:
        """Each fee line with its adjustments (channel, applicant category, validity window,
        legal basis) and the total, in whole đồng."""
        service = await queries.find_service(code)
        return await fees.quote_fees(service["id"], channel, on_date, category, copies,  # type: ignore[return-value]
                                     pages, assurance_level)

    @documented(etag=True)
    @get("/agencies", operation_id="listAgencies",
         cache=True, summary="Agencies that offer services")
    async def agencies(self, request: Request) -> Response[list[AgencyDetail]]:
        """Unit code, name and province of each agency with active services."""
        locale = _locale(request)
        return json_with_etag(request, await queries.list_agencies(locale), locale)

    @documented(etag=True)
    @get("/fields", operation_id="listFields", cache=True, summary="Fields (lĩnh vực) of services")
    async def fields(self, request: Request) -> Response[list[FieldRef]]:
        """Fields (lĩnh vực) of the catalogue, e.g. civil status, justice, construction."""
        locale = _locale(request)
        return json_with_etag(request, await queries.list_fields(locale), locale)


ROUTES = [CatalogueController]
