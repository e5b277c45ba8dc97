"""The one interface every payment provider implements (start, verify, parse, fetch, refund,
acknowledge). The core (payments/service.py, payments/callbacks.py) never names a provider."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    from core.settings import Settings

from payments.problems import CallbackRefused, CallbackUnauthentic

Outcome = Literal["succeeded", "failed", "pending", "credit", "refunded"]


@dataclass(frozen=True)
class Inbound:
    """A callback as received: raw bytes (signatures are over them) and headers (lowercase)."""

    body: bytes
    headers: dict[str, str]
    query: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PaymentEvent:
    """A provider's message, normalised. `message_id` deduplicates deliveries; the attempt is
    found by `provider_ref` or by `reference` (a bank credit carries only the transfer content)."""

    message_id: str
    outcome: Outcome
    amount: int | None = None  # whole đồng
    reference: str | None = None
    provider_ref: str | None = None
    occurred_at: dt.datetime | None = None
    kind: str = ""
    failure_reason: str = ""
    # Set by providers whose sender may resend one transaction under another message id:
    # the sender's transaction id with the amount (payments/settle.py deduplicates on it too).
    transaction_key: str | None = None


@dataclass(frozen=True)
class AttemptView:
    """What a provider may know of an attempt: no personal data beyond what it must show."""

    id: str
    dossier_code: str
    amount: int
    reference: str
    method: str
    expires_at: dt.datetime | None
    provider_ref: str | None
    beneficiary: dict[str, str]  # bank_bin, account_number, account_name of the agency
    purpose: str  # ASCII transfer content (≤ 25 characters)
    return_url: str = ""


@dataclass(frozen=True)
class Started:
    checkout: dict[str, Any]  # returned to the app as is
    provider_ref: str | None = None
    expires_at: dt.datetime | None = None
    state: Literal["pending", "succeeded", "failed"] = "pending"


@dataclass(frozen=True)
class Refunded:
    done: bool  # False: recorded as an order for an officer to transfer back by hand
    provider_ref: str = ""


@dataclass(frozen=True)
class Acknowledgement:
    """What the gateway's protocol expects back."""

    status_code: int = 200
    body: Any = None
    media_type: str = "application/json"
    # A problem type (core.problems) to answer as problem+json instead of `body`: every refusal
    # whose gateway protocol does not fix its own answer shape.
    problem: Any = None


def refused(status: int = 400) -> Acknowledgement:
    """The problem+json refusal: 401 for a signature or timestamp, 400 for anything else."""
    kind = CallbackUnauthentic if status == 401 else CallbackRefused
    return Acknowledgement(kind.status, problem=kind)


class CallbackRejected(Exception):
    """Signature, timestamp or shape wrong: nothing is recorded; the gateway gets `ack`
    (by default a 400 problem)."""

    def __init__(self, reason: str, ack: Acknowledgement | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.ack = ack or refused(400)


class PaymentProvider(Protocol):
    name: str
    methods: tuple[str, ...]  # the `method` values of POST /v1/dossiers/{id}/payments it serves
    # The attempts' `provider` values whose money its messages may settle; empty: its own.
    settles: tuple[str, ...]

    @property
    def enabled(self) -> bool:
        """Off (the sandbox, in production) it is as if not installed: no callback route, no
        key, no status query, no refund."""
        ...

    @property
    def configured(self) -> bool:
        """Its settings are complete; one that is not is still chosen (and answers `provider
        unavailable`) unless the sandbox may stand in."""
        ...

    def configure(self, settings: Settings) -> None:
        """The app's settings, at startup."""

    def refund_route(self, method: str) -> str:
        """`platform` where it gives money back itself, `bank_transfer` where an accountant
        sends it (payments/refunds.py)."""
        ...

    async def cancel(self, attempt: AttemptView) -> bool:
        """Close the checkout held at the platform before the attempt is closed here; True when
        nothing there can be paid any more."""
        ...

    async def start(self, attempt: AttemptView) -> Started: ...

    def verify_callback(self, inbound: Inbound) -> None:
        """Raise CallbackRejected unless the message is authentic and fresh."""

    def parse_event(self, inbound: Inbound) -> list[PaymentEvent]: ...

    async def fetch_status(self, attempt: AttemptView) -> PaymentEvent | None:
        """Ask the platform (reconciliation). None when the provider cannot be asked."""

    async def refund(self, attempt: AttemptView, amount: int) -> Refunded: ...

    def acknowledge(self, applied: bool) -> Acknowledgement: ...


class ProviderDefaults:
    """The optional members of PaymentProvider, for a provider that has nothing to say there:
    always on, nothing to configure, settles its own attempts, refunds by bank transfer, holds
    no checkout to cancel."""

    name: str
    settles: tuple[str, ...] = ()
    enabled = True
    configured = True

    def configure(self, settings: Settings) -> None:
        return None

    def refund_route(self, method: str) -> str:
        return "bank_transfer"

    async def cancel(self, attempt: AttemptView) -> bool:
        return True
