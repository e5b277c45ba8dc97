"""The national payment platform adapter against a stand-in platform on 127.0.0.1 that checks
every checksum it receives, the way the real one refuses unsigned or mis-signed requests."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core.settings import Settings
from payments.national import protocol as p
from payments.problems import ProviderUnavailable
from payments.provider import AttemptView, CallbackRejected, Inbound
from payments.providers.national import NationalPaymentPlatform, NationalPaySettings

PARTNER = "000.00.00.H29"
SECRET = "platform-shared-secret"


class FakePlatform:
    """INIT answers a payment page for correctly signed requests; QUERY answers what the test
    set in `states` (by MaGiaoDich)."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.states: dict[str, tuple[str, int]] = {}
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                platform.received.append(body)
                answer = platform.answer(self.path.rsplit("/", 1)[-1], body)
                raw = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/payment"

    def answer(self, operation: str, body: dict) -> dict:
        if operation == "init":
            if not p.checksum_ok(SECRET, "init", body) or body["MaDoiTac"] != PARTNER:
                return {"MaLoi": p.ANSWER_BAD_CHECKSUM, "MoTaLoi": "Checksum khong hop le"}
            txn = f"PP{len(self.received):06d}"
            self.states[txn] = ("CHO_THANH_TOAN", body["SoTien"])
            return p.signed(SECRET, "init_reply", {
                "MaLoi": "00", "MaDoiTac": PARTNER, "MaThamChieu": body["MaThamChieu"],
                "MaGiaoDich": txn, "DuongDanThanhToan": f"https://pay.example.vn/checkout/{txn}",
            })
        if operation == "query":
            if not p.checksum_ok(SECRET, "query", body):
                return {"MaLoi": p.ANSWER_BAD_CHECKSUM, "MoTaLoi": "Checksum khong hop le"}
            state, amount = self.states[body["MaGiaoDich"]]
            return p.signed(SECRET, "query_reply", {
                "MaLoi": "00", "MaDoiTac": PARTNER, "MaThamChieu": body["MaThamChieu"],
                "MaGiaoDich": body["MaGiaoDich"], "SoTien": amount, "TrangThaiGD": state,
                "ThoiGianGD": p.vn_time(),
            })
        return {"MaLoi": p.ANSWER_OTHER}

    def __enter__(self) -> FakePlatform:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def platform():
    with FakePlatform() as fake:
        yield fake


def provider_for(url: str, secret: str = SECRET) -> NationalPaymentPlatform:
    return NationalPaymentPlatform(
        NationalPaySettings(url=url, partner_code=PARTNER, secret=secret),
        core=Settings(public_base_url="https://motcua.example.vn"),
    )


def attempt(provider_ref: str | None = None) -> AttemptView:
    return AttemptView(
        id="0b7f6c1e-2f7a-4a63-9a55-0d6c4e1f2a3b", dossier_code="H29.12-261122-0001",
        amount=150_000, reference="MC7K2Q9X", method="national", expires_at=None,
        provider_ref=provider_ref, beneficiary={}, purpose="MC7K2Q9X le phi ho so",
    )


def confirm(code: str = "00", *, secret: str = SECRET, sent: dt.datetime | None = None,
            **overrides) -> Inbound:
    body = {
        "MaDoiTac": PARTNER, "MaThamChieu": "MC7K2Q9X", "MaGiaoDich": "PP000001",
        "SoTien": 150_000, "MaLoi": code, "MoTaLoi": "Giao dich thanh cong" if code == "00"
        else "Khach hang huy giao dich", "ThoiGianGD": p.vn_time(), "ThoiGianGui": p.vn_time(sent),
    }
    body = p.signed(secret, "confirm", body)
    body.update(overrides)
    return Inbound(body=json.dumps(body).encode(), headers={"content-type": "application/json"})


async def test_start_sends_a_signed_init_and_returns_the_platform_payment_page(platform):
    started = await provider_for(platform.url).start(attempt())

    sent = platform.received[-1]
    assert sent["MaThamChieu"] == "MC7K2Q9X" and sent["SoTien"] == 150_000
    assert len(sent["ThoiGianTao"]) == 14 and sent["ThoiGianTao"].isdigit()
    assert started.checkout == {"payment_url": f"https://pay.example.vn/checkout/{started.provider_ref}"}
    assert started.provider_ref and started.state == "pending"


async def test_start_with_the_wrong_secret_is_refused_by_the_platform(platform):
    with pytest.raises(ProviderUnavailable):
        await provider_for(platform.url, secret="not-the-shared-secret").start(attempt())


async def test_start_when_the_platform_is_down_answers_provider_unavailable(platform):
    url = platform.url
    platform.__exit__(None, None, None)
    with pytest.raises(ProviderUnavailable):
        await provider_for(url).start(attempt())


def test_signed_confirm_with_code_00_is_a_payment():
    provider = provider_for("http://127.0.0.1:9")
    inbound = confirm("00")

    provider.verify_callback(inbound)
    [event] = provider.parse_event(inbound)

    assert event.outcome == "succeeded"
    assert (event.amount, event.reference, event.provider_ref) == (150_000, "MC7K2Q9X", "PP000001")
    assert event.message_id == "PP000001:00:150000"
    assert provider.acknowledge(True).body["MaLoi"] == "00"
    assert provider.acknowledge(False).body["MaLoi"] == "00"  # a duplicate stops retries too


def test_signed_confirm_with_another_code_is_a_failure_with_its_reason():
    provider = provider_for("http://127.0.0.1:9")
    inbound = confirm("24")

    provider.verify_callback(inbound)
    [event] = provider.parse_event(inbound)

    assert event.outcome == "failed"
    assert "24" in event.failure_reason and "huy" in event.failure_reason
    assert event.message_id == "PP000001:24:150000"


@pytest.mark.parametrize("inbound", [
    confirm("00", secret="forged"),
    confirm("00", SoTien=15_000),  # amount changed after signing
    confirm("00", MaDoiTac="000.00.00.X99"),  # signature valid for nobody we know
    confirm("00", sent=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)),  # replay
], ids=["forged-checksum", "tampered-amount", "other-partner", "stale"])
def test_forged_or_stale_confirm_is_rejected_with_the_protocol_error_answer(inbound):
    provider = provider_for("http://127.0.0.1:9")

    with pytest.raises(CallbackRejected) as rejected:
        provider.verify_callback(inbound)

    assert rejected.value.ack.status_code == 200
    assert rejected.value.ack.body["MaLoi"] == p.ANSWER_BAD_CHECKSUM


def test_confirm_that_is_not_json_is_rejected():
    provider = provider_for("http://127.0.0.1:9")
    with pytest.raises(CallbackRejected) as rejected:
        provider.verify_callback(Inbound(body=b"MaLoi=00", headers={}))
    assert rejected.value.ack.body["MaLoi"] == p.ANSWER_OTHER


@pytest.mark.parametrize("state, outcome", [
    ("DA_THANH_TOAN", "succeeded"), ("CHO_THANH_TOAN", "pending"), ("THAT_BAI", "failed"),
])
async def test_query_maps_the_platform_state_for_reconciliation(platform, state, outcome):
    provider = provider_for(platform.url)
    started = await provider.start(attempt())
    platform.states[started.provider_ref] = (state, 150_000)

    event = await provider.fetch_status(attempt(started.provider_ref))

    assert platform.received[-1]["MaGiaoDich"] == started.provider_ref
    assert event is not None and event.outcome == outcome and event.amount == 150_000
    if outcome == "succeeded":  # the same fact as a CONFIRM 00: recorded once
        assert event.message_id == f"{started.provider_ref}:00:150000"


async def test_query_of_an_attempt_never_started_asks_nothing(platform):
    assert await provider_for(platform.url).fetch_status(attempt(None)) is None
    assert platform.received == []


async def test_refund_is_an_order_for_an_officer():
    refunded = await provider_for("http://127.0.0.1:9").refund(attempt("PP000001"), 150_000)
    assert refunded.done is False


def test_signed_confirm_without_a_transaction_id_is_rejected():
    provider = provider_for("http://127.0.0.1:9")
    inbound = confirm("00", secret=SECRET)
    body = p.signed(SECRET, "confirm", {**json.loads(inbound.body), "MaGiaoDich": ""})
    incomplete = Inbound(body=json.dumps(body).encode(), headers={})

    provider.verify_callback(incomplete)  # authentic, but says nothing we can record
    with pytest.raises(CallbackRejected):
        provider.parse_event(incomplete)


async def test_start_without_platform_settings_is_unavailable_not_attempted():
    with pytest.raises(ProviderUnavailable) as refused:
        await NationalPaymentPlatform(NationalPaySettings()).start(attempt())
    assert "NATIONAL_PAY_URL" in str(refused.value.detail)
