"""A bank notice is believed only when its Standard Webhooks signature is ours and its timestamp
is within 5 minutes: forged, stale, future-dated, unsigned or garbled notices are rejected with
a non-2xx answer (the bank retries) and never reach parsing."""

import datetime as dt

import pytest

from payments.provider import CallbackRejected, Inbound
from payments.registry import get
from tests.bank_notice_support import OTHER_SECRET, notice_body, signed_headers

BODY = notice_body("MC7K2D9QXH4P LE PHI GPLX", 180000)


@pytest.fixture(params=["bank_transfer", "vietqr"])
def provider(request):
    return get(request.param)


def test_genuine_fresh_notice_is_accepted(provider):
    provider.verify_callback(Inbound(BODY, signed_headers(BODY)))


def test_four_minutes_old_is_still_fresh(provider):
    at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=4)
    provider.verify_callback(Inbound(BODY, signed_headers(BODY, at=at)))


def _rejected(provider, headers, body=BODY) -> CallbackRejected:
    with pytest.raises(CallbackRejected) as rejected:
        provider.verify_callback(Inbound(body, headers))
    assert rejected.value.ack.status_code == 401
    return rejected.value


def test_forged_signature_is_rejected(provider):
    _rejected(provider, signed_headers(BODY, secret=OTHER_SECRET))


def test_body_changed_after_signing_is_rejected(provider):
    altered = BODY.replace(b"180000", b"1800000")
    _rejected(provider, signed_headers(BODY), body=altered)


def test_stale_timestamp_is_rejected(provider):
    at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=6)
    assert "too old" in _rejected(provider, signed_headers(BODY, at=at)).reason


def test_future_timestamp_is_rejected(provider):
    at = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=6)
    assert "too new" in _rejected(provider, signed_headers(BODY, at=at)).reason


@pytest.mark.parametrize("missing", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_missing_header_is_rejected(provider, missing):
    headers = signed_headers(BODY)
    del headers[missing]
    _rejected(provider, headers)


@pytest.mark.parametrize(
    "signature", ["", "v1", "v1,not base64!", "v2,AAAA", "garbage without comma"]
)
def test_garbled_signature_header_is_rejected(provider, signature):
    _rejected(provider, {**signed_headers(BODY), "webhook-signature": signature})


def test_replayed_id_with_new_timestamp_needs_a_new_signature(provider):
    headers = signed_headers(BODY, at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2))
    headers["webhook-timestamp"] = str(int(dt.datetime.now(dt.UTC).timestamp()))
    _rejected(provider, headers)
