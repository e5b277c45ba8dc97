"""A small app with one `@idempotent` POST that counts its side effects, on the test's database,
behind the real auth middleware and the real problem+json handlers.

    async with idempotent_app() as (client, shop): ...

`POST /orders/{shelf}` records an order (an item of `shop.orders`) and answers 201 with its
number.
Its body can ask it to wait (`{"wait": true}` parks it until `shop.proceed` is set; each
arrival is announced on `shop.arrivals`) or to answer a problem (`{"fail": 404}`); while
`shop.crash_next` is above zero, requests raise (a 500) and count it down. A failed attempt
records no order. `POST /scans` takes a multipart upload (field `file`) and records it too."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from litestar import Litestar, Request, Response, post
from litestar.params import FromPath, JSONBody

from api.errors import EXCEPTION_HANDLERS
from api.idempotency import idempotent
from auth.middleware import MIDDLEWARE as AUTH_MIDDLEWARE
from core.problems import NotFound


@dataclass
class Shop:
    orders: list[dict[str, Any]] = field(default_factory=list)
    arrivals: asyncio.Queue = field(default_factory=asyncio.Queue)
    proceed: asyncio.Event = field(default_factory=asyncio.Event)
    crash_next: int = 0


def build_app(settings, shop: Shop) -> Litestar:
    @idempotent
    @post("/orders/{shelf:int}")
    async def place_order(shelf: FromPath[int], data: JSONBody[dict[str, Any]],
                          request: Request) -> Response:
        if data.get("wait"):
            shop.arrivals.put_nowait(shelf)
            await shop.proceed.wait()
        if shop.crash_next > 0:
            shop.crash_next -= 1
            raise RuntimeError("the warehouse is on fire")
        if data.get("fail") == 404:
            raise NotFound()
        shop.orders.append({"shelf": shelf, **data})
        number = len(shop.orders)
        who = str(getattr(request.user, "person_id", ""))
        return Response({"order": number, "shelf": shelf, "who": who}, status_code=201,
                        headers={"Location": f"/orders/{shelf}/{number}"})

    @idempotent
    @post("/scans")
    async def upload_scan(request: Request) -> Response:
        form = await request.form()  # streams the multipart body, as uploads do
        content = await form["file"].read()
        shop.orders.append({"scan": form["file"].filename, "size": len(content)})
        return Response({"scan": len(shop.orders)}, status_code=201)

    app = Litestar(route_handlers=[place_order, upload_scan], exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
                   middleware=AUTH_MIDDLEWARE, logging_config=None)
    app.state.settings = settings
    return app


@asynccontextmanager
async def idempotent_app(settings) -> AsyncIterator[tuple[httpx.AsyncClient, Shop]]:
    shop = Shop()
    transport = httpx.ASGITransport(app=build_app(settings, shop))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client, shop
