"""Starting a VietQR or bank-transfer payment gives the citizen the agency's account, the exact
amount and a transfer content carrying the reference; the VietQR payload says the same thing,
and both expire after 24 hours."""

import datetime as dt

import pytest

from payments.provider import AttemptView
from payments.references import find_in, new_reference
from payments.registry import for_method, get
from payments.vietqr import parse_payload

REFERENCE = new_reference()


def _attempt(method: str, purpose: str, expires_at=None) -> AttemptView:
    return AttemptView(
        id="6f1c2a9e-0000-4000-8000-000000000001",
        dossier_code="000.00.01.H22-261122-0001",
        amount=135000,
        reference=REFERENCE,
        method=method,
        expires_at=expires_at,
        provider_ref=None,
        beneficiary={
            "bank_bin": "970415",
            "account_number": "113000012345",
            "account_name": "SO GIAO THONG VAN TAI",
        },
        purpose=purpose,
    )


async def test_vietqr_checkout_payload_matches_the_fee():
    before = dt.datetime.now(dt.UTC)
    started = await get("vietqr").start(_attempt("vietqr", f"{REFERENCE} Le phi GPLX"))
    checkout = started.checkout
    qr = parse_payload(checkout["qr_payload"])
    assert (qr.bank_bin, qr.account, qr.amount) == ("970415", "113000012345", 135000)
    assert qr.bill_number == REFERENCE and qr.purpose == f"{REFERENCE} Le phi GPLX"
    assert checkout["qr_png_url"] == "/v1/payments/6f1c2a9e-0000-4000-8000-000000000001/qr"
    assert checkout["content"] == qr.purpose and checkout["amount"] == 135000
    assert checkout["account_name"] == "SO GIAO THONG VAN TAI"
    assert started.state == "pending"
    assert (
        dt.timedelta(hours=23, minutes=59)
        < started.expires_at - before
        <= dt.timedelta(hours=24, seconds=5)
    )
    assert checkout["expires_at"] == started.expires_at.isoformat()


async def test_bank_transfer_checkout_is_text_to_copy():
    started = await for_method("bank_transfer", sandbox=False).start(
        _attempt("bank_transfer", f"{REFERENCE} Le phi GPLX")
    )
    checkout = started.checkout
    assert "qr_payload" not in checkout and "qr_png_url" not in checkout
    assert checkout["method"] == "bank_transfer"
    assert (checkout["bank_bin"], checkout["account_number"], checkout["amount"]) == (
        "970415",
        "113000012345",
        135000,
    )
    assert find_in(checkout["content"]) == REFERENCE


@pytest.mark.parametrize("method", ["vietqr", "bank_transfer"])
async def test_content_without_the_reference_gets_it_put_first(method):
    started = await get(method).start(_attempt(method, "Lệ phí cấp đổi GPLX"))
    content = started.checkout["content"]
    assert content.startswith(REFERENCE) and content.isascii() and len(content) <= 25


async def test_attempt_expiry_is_kept():
    expires = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)
    started = await get("vietqr").start(_attempt("vietqr", REFERENCE, expires_at=expires))
    assert started.expires_at == expires


@pytest.mark.parametrize("method", ["vietqr", "bank_transfer"])
async def test_money_comes_by_notice_not_by_query_and_refunds_are_manual(method):
    provider = get(method)
    attempt = _attempt(method, REFERENCE)
    assert await provider.fetch_status(attempt) is None
    refunded = await provider.refund(attempt, 135000)
    assert refunded.done is False
