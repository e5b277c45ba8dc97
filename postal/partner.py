"""The one interface every postal partner implements (book, cancel, status), and the registry
they join once. The core (postal/dispatch.py, postal/callbacks.py) never names a partner; a new
courier is a new module listed in postal/partners/__init__.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from core.plugins import Registry
from core.settings import Settings
from postal.partners import INSTALLED


@dataclass(frozen=True)
class BookingView:
    """What a partner is told about a booking: what it needs to carry the result, no more."""

    id: str
    dossier_code: str
    sender: dict[str, str]  # the agency: unit_code, name, province_code
    recipient: dict[str, str]  # name, phone, street, commune/province codes and names
    postage_amount: int
    postage_payment: str  # with_fee | on_delivery (collect on delivery)
    route_class: str
    promised_latest: dt.date | None
    waybill: str | None = None

    def payload(self) -> dict[str, Any]:
        return {"booking_id": self.id, "dossier_code": self.dossier_code, "sender": self.sender,
                "recipient": self.recipient, "postage_amount": self.postage_amount,
                "postage_payment": self.postage_payment, "route_class": self.route_class,
                "promised_latest": self.promised_latest.isoformat()
                if self.promised_latest else None, "waybill": self.waybill}


@dataclass(frozen=True)
class PartnerStatus:
    event: str  # a postal/states.py event name
    waybill: str | None = None


class PostalPartner(Protocol):
    name: str

    def configure(self, settings: Settings) -> None:
        """The app's settings, at startup."""

    async def book(self, booking: BookingView) -> None:
        """Hand the booking over; runs inside the transaction that marks it sent, so it must
        only record work (outbox rows, webhook messages), never call out directly."""

    async def cancel(self, booking: BookingView) -> None: ...

    async def status(self, booking: BookingView) -> PartnerStatus | None:
        """Ask the partner; None when the partner only reports back through callbacks."""


PARTNERS: Registry[PostalPartner] = Registry("postal partner", INSTALLED)


def get(name: str) -> PostalPartner | None:
    return PARTNERS.find(name)


def configure(settings: Settings) -> None:
    for partner in PARTNERS:
        partner.configure(settings)


def for_settings(settings: Any) -> str:
    """The partner new bookings go to: the sandbox in development with sandbox providers on,
    otherwise the public postal service."""
    if settings.sandbox_providers and not settings.production:
        return "sandbox"
    return "vnpost"
