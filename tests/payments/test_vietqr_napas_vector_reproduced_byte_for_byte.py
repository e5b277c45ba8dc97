"""The VietQR payload is the NAPAS format to the byte: the public test vector is rebuilt from its
fields, parsed back field by field, and a payload with a wrong CRC or field is refused."""

import pytest

from payments.vietqr import VietQRError, build_payload, parse_payload
from payments.vietqr.crc import crc_hex
from payments.vietqr.emvco import parse

NAPAS_VECTOR = (
    "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA"
    "530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E"
)


def test_crc_check_value():
    assert crc_hex("123456789") == "29B1"


def test_napas_vector_built_from_its_fields():
    payload = build_payload(
        "970403", "0011012345678", 180000, bill_number="NPS6869", purpose="thanh toan don hang"
    )
    assert payload == NAPAS_VECTOR


def test_napas_vector_parses_to_its_fields():
    qr = parse_payload(NAPAS_VECTOR)
    assert (qr.bank_bin, qr.account, qr.amount) == ("970403", "0011012345678", 180000)
    assert (qr.bill_number, qr.purpose, qr.service) == (
        "NPS6869",
        "thanh toan don hang",
        "QRIBFTTA",
    )
    assert qr.dynamic and qr.crc == "2E2E"


def test_every_field_length_matches_its_value():
    fields = parse(NAPAS_VECTOR)
    assert [tag for tag, _ in fields] == ["00", "01", "38", "53", "54", "58", "62", "63"]
    rebuilt = "".join(f"{tag}{len(value):02d}{value}" for tag, value in fields)
    assert rebuilt == NAPAS_VECTOR
    assert dict(fields)["63"] == crc_hex(NAPAS_VECTOR[:-4])  # CRC covers "6304" itself


def test_static_qr_has_no_amount():
    payload = build_payload("970436", "1234567890", None)
    assert payload[6:12] == "010211"
    qr = parse_payload(payload)
    assert qr.amount is None and not qr.dynamic


def test_round_trip_of_a_fee_payload():
    payload = build_payload(
        "970415", "113366668888", 1_250_000, "MC7K2D9QXH4P", "MC7K2D9QXH4P Le phi GPLX"
    )
    qr = parse_payload(payload)
    assert (qr.amount, qr.bill_number, qr.purpose) == (
        1_250_000,
        "MC7K2D9QXH4P",
        "MC7K2D9QXH4P Le phi GPLX",
    )


@pytest.mark.parametrize(
    "tampered",
    [
        NAPAS_VECTOR[:-4] + "2E2F",  # wrong CRC
        NAPAS_VECTOR.replace("5406180000", "5406190000"),  # amount changed, CRC kept
        NAPAS_VECTOR[:-8],  # CRC missing
        NAPAS_VECTOR.replace("3857", "3899"),  # length overruns
    ],
)
def test_tampered_payload_is_refused(tampered):
    with pytest.raises(VietQRError):
        parse_payload(tampered)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("97040", "0011012345678", 1000), "BIN"),
        (("970403", "", 1000), "account"),
        (("970403", "0011-0123", 1000), "account"),
        (("970403", "1" * 20, 1000), "account"),
        (("970403", "0011012345678", 0), "amount"),
        (("970403", "0011012345678", -5), "amount"),
        (("970403", "0011012345678", 10**13), "amount"),
        (("970403", "0011012345678", 1000.0), "amount"),
        (("970403", "0011012345678", 1000, "NPS 6869"), "bill number"),
        (("970403", "0011012345678", 1000, "NPS6869", "thanh toán"), "purpose"),
        (("970403", "0011012345678", 1000, "NPS6869", "x" * 26), "purpose"),
    ],
)
def test_invalid_fields_are_refused_with_a_clear_message(args, message):
    with pytest.raises(VietQRError, match=message):
        build_payload(*args)


def test_largest_amount_fits():
    assert parse_payload(build_payload("970403", "0011012345678", 10**13 - 1)).amount == 10**13 - 1
