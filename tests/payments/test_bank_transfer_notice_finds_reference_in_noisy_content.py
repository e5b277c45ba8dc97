"""A bank credit finds its fee by the reference inside the transfer content, however the bank
echoes it (uppercased, spaces stripped, text around it); a credit without one is still parsed —
as money with no reference, which the core puts on the review list rather than dropping."""

import pytest

from payments.provider import CallbackRejected, Inbound
from payments.references import find_in, new_reference
from payments.registry import get
from tests.bank_notice_support import notice_body, signed_headers, signed_notice

REFERENCE = new_reference()


@pytest.mark.parametrize(
    "content",
    [
        f"{REFERENCE} Le phi GPLX",
        f"{REFERENCE.lower()} le phi gplx",
        f"NGUYEN VAN AN chuyen tien {REFERENCE} LE PHI GPLX FT26326123456",
        f"MBVCB.12345.NGUYENVANAN{REFERENCE}LEPHIGPLX.CT tu 0123456789",  # spaces stripped
    ],
    # Named, not shown: the reference is new in each process, and a parallel run's workers must
    # collect the same tests.
    ids=["first", "lower case", "in a sentence", "spaces stripped"],
)
def test_reference_found_in_noisy_content(content):
    assert find_in(content) == REFERENCE


@pytest.mark.parametrize(
    "content",
    [
        "chuyen tien le phi",
        "",
        REFERENCE[:-1],  # cut short by the bank
        "MCDONALDS THANH TOAN 123456",
    ],
    ids=["no reference", "empty", "cut short", "a look-alike"],
)
def test_no_reference_in_content(content):
    assert find_in(content) is None


@pytest.mark.parametrize("name", ["bank_transfer", "vietqr"])
def test_notice_parsed_to_a_credit(name):
    inbound = signed_notice(f"ck {REFERENCE.lower()} le phi", 180000, message_id="msg_42")
    (event,) = get(name).parse_event(inbound)
    assert event.outcome == "credit" and event.kind == "bank.credit"
    assert (event.message_id, event.amount, event.reference) == ("msg_42", 180000, REFERENCE)
    assert event.provider_ref.startswith("FT")
    assert event.occurred_at.utcoffset().total_seconds() == 7 * 3600


def test_notice_without_a_known_reference_is_a_credit_with_no_reference():
    (event,) = get("bank_transfer").parse_event(signed_notice("ung ho quy", 50000))
    assert event.outcome == "credit" and event.amount == 50000 and event.reference is None


def test_local_time_without_offset_is_vietnam_time():
    body = notice_body(REFERENCE, 1000, credited_at="2026-11-22T10:15:00")
    (event,) = get("bank_transfer").parse_event(Inbound(body, signed_headers(body)))
    assert event.occurred_at.isoformat() == "2026-11-22T10:15:00+07:00"


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        notice_body(REFERENCE, 0),
        notice_body(REFERENCE, -100),
        notice_body(REFERENCE, 1000.5),
        notice_body(REFERENCE, "180000"),
        notice_body(REFERENCE, True),
        notice_body(REFERENCE, 1000, transaction_id=""),
        notice_body(None, 1000),
        notice_body(REFERENCE, 1000, credited_at="yesterday"),
    ],
)
def test_malformed_notice_is_rejected(body):
    with pytest.raises(CallbackRejected) as rejected:
        get("bank_transfer").parse_event(Inbound(body, signed_headers(body)))
    assert rejected.value.ack.status_code == 400


@pytest.mark.parametrize("applied", [True, False])
def test_bank_gets_2xx_once_received(applied):
    ack = get("bank_transfer").acknowledge(applied)
    assert ack.status_code == 200 and ack.body == {"ok": True}
