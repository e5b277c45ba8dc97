"""The national public-service payment platform: signed INIT → payment page, signed CONFIRM
callback (MaLoi `00` = paid), signed QUERY for reconciliation (paid / pending / failed).

Message shapes, the checksum and what in them is sourced versus our own equivalent:
payments/national/protocol.py. Settings: NATIONAL_PAY_URL (INIT at `{url}/init`, QUERY at
`{url}/query`), NATIONAL_PAY_PARTNER_CODE, NATIONAL_PAY_SECRET. The platform has no refund API
we know of, so a refund is an order for an officer (Refunded(done=False))."""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from typing import Any

import httpx

from core import clock
from core.plugins import Configured
from core.settings import PluginSettings, Settings
from payments.amounts import MAX_AMOUNT
from payments.national import protocol as p
from payments.problems import ProviderUnavailable
from payments.provider import (
    Acknowledgement,
    AttemptView,
    CallbackRejected,
    Inbound,
    PaymentEvent,
    ProviderDefaults,
    Refunded,
    Started,
)
from payments.registry import PROVIDERS

log = logging.getLogger("motcua.payments.national")

TIMEOUT = httpx.Timeout(15.0, connect=5.0)
# A CONFIRM is signed with the time it was sent; a retry is re-signed, so an old one is a replay.
TOLERANCE = dt.timedelta(minutes=10)


def _reject(reason: str, code: str = p.ANSWER_BAD_CHECKSUM) -> CallbackRejected:
    # The platform reads the answer's MaLoi, so a refusal is still a 200 with an error code.
    return CallbackRejected(reason, Acknowledgement(200, {"MaLoi": code, "MoTaLoi": reason}))


@dataclass(frozen=True)
class NationalPaySettings(PluginSettings):
    """NATIONAL_PAY_URL, NATIONAL_PAY_PARTNER_CODE, NATIONAL_PAY_SECRET."""

    prefix = "NATIONAL_PAY_"
    url: str | None = None
    partner_code: str | None = None
    secret: str | None = None


class NationalPaymentPlatform(Configured[NationalPaySettings], ProviderDefaults):
    name = "national"
    methods: tuple[str, ...] = ("national",)
    settings_class = NationalPaySettings

    def __init__(self, settings: NationalPaySettings | None = None,
                 transport: httpx.AsyncBaseTransport | None = None, *,
                 core: Settings | None = None) -> None:
        super().__init__(settings, core)
        self._transport = transport  # tests may route the client elsewhere

    @property
    def configured(self) -> bool:  # type: ignore[override]
        s = self.settings
        return bool(s.url and s.partner_code and s.secret)

    @property
    def _secret(self) -> str:
        return self.settings.secret or ""

    async def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        url = f"{(self.settings.url or '').rstrip('/')}/{path}"
        try:
            async with httpx.AsyncClient(timeout=TIMEOUT, transport=self._transport) as client:
                response = await client.post(url, json=body)
            response.raise_for_status()
            answer = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("national payment platform %s failed: %s", path, type(exc).__name__)
            raise ProviderUnavailable() from exc
        if not isinstance(answer, dict):
            raise ProviderUnavailable()
        return answer

    async def start(self, attempt: AttemptView) -> Started:
        if not self.configured:
            raise ProviderUnavailable(detail="national payment platform not configured "
                                             "(NATIONAL_PAY_URL, _PARTNER_CODE, _SECRET)")
        back = f"{self.core.public_base_url}/v1/payments/{attempt.id}"
        request = p.signed(self._secret, "init", {
            "MaDoiTac": self.settings.partner_code,
            "MaThamChieu": attempt.reference,
            "SoTien": attempt.amount,
            "NoiDung": attempt.purpose,
            "UrlTraVe": attempt.return_url or back,
            "ThoiGianTao": p.vn_time(),
        })
        answer = await self._post("init", request)
        if not p.checksum_ok(self._secret, "init_reply", answer):
            log.warning("national payment platform: INIT answer with a bad checksum")
            raise ProviderUnavailable()
        if answer.get("MaLoi") != p.PAID or not answer.get("DuongDanThanhToan"):
            log.warning("national payment platform refused INIT: MaLoi %s", answer.get("MaLoi"))
            raise ProviderUnavailable(extra={"platform_code": str(answer.get("MaLoi"))})
        return Started(
            checkout={"payment_url": answer["DuongDanThanhToan"]},
            provider_ref=str(answer["MaGiaoDich"]),
            expires_at=attempt.expires_at,
        )

    def _body(self, inbound: Inbound) -> dict[str, Any]:
        try:
            body = json.loads(inbound.body)
        except ValueError:
            raise _reject("body is not JSON", p.ANSWER_OTHER) from None
        if not isinstance(body, dict):
            raise _reject("body is not a JSON object", p.ANSWER_OTHER)
        return body

    def verify_callback(self, inbound: Inbound) -> None:
        body = self._body(inbound)
        if not self._secret or not p.checksum_ok(self._secret, "confirm", body):
            raise _reject("checksum does not match")
        if body.get("MaDoiTac") != self.settings.partner_code:
            raise _reject("message is for another partner")
        sent = p.parse_vn_time(body.get("ThoiGianGui"))
        if sent is None or abs(clock.now() - sent) > TOLERANCE:
            raise _reject("ThoiGianGui missing or outside the tolerance")

    def parse_event(self, inbound: Inbound) -> list[PaymentEvent]:
        body = self._body(inbound)
        code = str(body.get("MaLoi", ""))
        try:
            amount = int(body["SoTien"])
        except (KeyError, TypeError, ValueError):
            raise _reject("SoTien missing or not a whole number", p.ANSWER_OTHER) from None
        if not 0 <= amount <= MAX_AMOUNT:  # its protocol has its own answer for a bad message
            raise _reject("SoTien out of range", p.ANSWER_OTHER)
        if not body.get("MaGiaoDich") or not body.get("MaThamChieu"):
            raise _reject("MaGiaoDich or MaThamChieu missing", p.ANSWER_OTHER)
        paid = code == p.PAID
        return [PaymentEvent(
            # One message per transaction, result and amount: a redelivery carries the same
            # three, while a corrected notice (the right amount after a wrong one) is news.
            message_id=f"{body.get('MaGiaoDich')}:{code}:{amount}",
            outcome="succeeded" if paid else "failed",
            amount=amount,
            reference=body.get("MaThamChieu"),
            provider_ref=str(body.get("MaGiaoDich")),
            occurred_at=p.parse_vn_time(body.get("ThoiGianGD")),
            kind="confirm",
            failure_reason="" if paid else f"MaLoi {code}: {body.get('MoTaLoi', '')}".strip(),
        )]

    async def fetch_status(self, attempt: AttemptView) -> PaymentEvent | None:
        if not attempt.provider_ref or not self.configured:
            return None
        request = p.signed(self._secret, "query", {
            "MaDoiTac": self.settings.partner_code,
            "MaThamChieu": attempt.reference,
            "MaGiaoDich": attempt.provider_ref,
            "ThoiGianGui": p.vn_time(),
        })
        answer = await self._post("query", request)
        if not p.checksum_ok(self._secret, "query_reply", answer) or answer.get("MaLoi") != p.PAID:
            log.warning("national payment platform: unusable QUERY answer (MaLoi %s)",
                        answer.get("MaLoi"))
            raise ProviderUnavailable()
        outcome = p.QUERY_STATES.get(str(answer.get("TrangThaiGD")))
        if outcome is None or answer.get("MaGiaoDich") != attempt.provider_ref:
            raise ProviderUnavailable()
        amount = int(answer.get("SoTien") or 0)
        return PaymentEvent(
            # Paid by query and paid by CONFIRM are the same fact: same message id, one record.
            message_id=(f"{attempt.provider_ref}:"
                        f"{p.PAID if outcome == 'succeeded' else outcome}:{amount}"),
            outcome=outcome,  # type: ignore[arg-type]
            amount=amount,
            reference=answer.get("MaThamChieu"),
            provider_ref=attempt.provider_ref,
            occurred_at=p.parse_vn_time(answer.get("ThoiGianGD")),
            kind="query",
            failure_reason="platform reports the transaction failed" if outcome == "failed" else "",
        )

    async def refund(self, attempt: AttemptView, amount: int) -> Refunded:
        return Refunded(done=False)

    def acknowledge(self, applied: bool) -> Acknowledgement:
        # Applied or already known, the platform must stop retrying: both are MaLoi 00.
        text = "Da ghi nhan" if applied else "Da ghi nhan truoc do"
        return Acknowledgement(200, {"MaLoi": p.PAID, "MoTaLoi": text})


PROVIDER = PROVIDERS.register(NationalPaymentPlatform())
