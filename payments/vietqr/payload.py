"""The VietQR payload for one fee: who is paid (bank BIN + account), how much, and the bill
number and content the bank echoes back on the credit. Field order and values follow the NAPAS
specification; `parse_payload` reads any VietQR back and checks its CRC."""

from __future__ import annotations

import re
from dataclasses import dataclass

from payments.vietqr.ascii import PURPOSE_MAX
from payments.vietqr.crc import crc_hex
from payments.vietqr.emvco import Field, VietQRError, encode, encode_field, parse_map

NAPAS_GUID = "A000000727"
TO_ACCOUNT = "QRIBFTTA"  # service code: transfer to an account (QRIBFTTC would be to a card)
VND = "704"  # ISO 4217 numeric
VIETNAM = "VN"
STATIC, DYNAMIC = "11", "12"  # tag 01: reusable QR vs one payment with its amount

_BIN = re.compile(r"\d{6}")
_ACCOUNT = re.compile(r"[A-Za-z0-9]{1,19}")
_BILL = re.compile(r"[A-Za-z0-9]{1,25}")
_AMOUNT = re.compile(r"[1-9]\d{0,12}")


@dataclass(frozen=True)
class VietQR:
    bank_bin: str
    account: str
    amount: int | None  # whole đồng; None for a static QR
    bill_number: str = ""
    purpose: str = ""
    service: str = TO_ACCOUNT
    crc: str = ""

    @property
    def dynamic(self) -> bool:
        return self.amount is not None


def build_payload(
    bank_bin: str, account: str, amount: int | None, bill_number: str = "", purpose: str = ""
) -> str:
    """A dynamic VietQR when `amount` is given (one payment), static otherwise."""
    _check(bank_bin, account, amount, bill_number, purpose)
    fields: list[Field] = [
        ("00", "01"),
        ("01", STATIC if amount is None else DYNAMIC),
        (
            "38",
            [("00", NAPAS_GUID), ("01", [("00", bank_bin), ("01", account)]), ("02", TO_ACCOUNT)],
        ),
        ("53", VND),
    ]
    if amount is not None:
        fields.append(("54", str(amount)))
    fields.append(("58", VIETNAM))
    additional: list[Field] = []
    if bill_number:
        additional.append(("01", bill_number))
    if purpose:
        additional.append(("08", purpose))
    if additional:
        fields.append(("62", additional))
    body = encode(fields) + "6304"  # the CRC covers its own tag and length
    return body + crc_hex(body)


def _check(bank_bin: str, account: str, amount: int | None, bill: str, purpose: str) -> None:
    if not _BIN.fullmatch(bank_bin):
        raise VietQRError("bank BIN must be 6 digits")
    if not _ACCOUNT.fullmatch(account):
        raise VietQRError("account number must be 1 to 19 letters or digits")
    if amount is not None:
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise VietQRError("amount must be a whole number of đồng")
        if not _AMOUNT.fullmatch(str(amount)):
            raise VietQRError("amount must be positive and at most 13 digits")
    if bill and not _BILL.fullmatch(bill):
        raise VietQRError("bill number must be 1 to 25 letters or digits")
    if purpose and not (
        purpose.isascii() and purpose.isprintable() and len(purpose) <= PURPOSE_MAX
    ):
        raise VietQRError(f"purpose must be printable ASCII of at most {PURPOSE_MAX} characters")


def parse_payload(text: str) -> VietQR:
    """Read a VietQR back, refusing a wrong CRC, a missing field or a foreign scheme."""
    if not text.isascii():
        raise VietQRError("a VietQR payload is ASCII")
    top = parse_map(text)
    if list(top)[-1:] != ["63"] or not text.endswith(encode_field("63", top["63"])):
        raise VietQRError("the CRC (tag 63) must be the last field")
    if len(top["63"]) != 4 or crc_hex(text[:-4]) != top["63"]:
        raise VietQRError(
            f"CRC mismatch: payload says {top['63']}, content gives {crc_hex(text[:-4])}"
        )
    _expect(top, "00", "01")
    _expect(top, "53", VND)
    _expect(top, "58", VIETNAM)
    if top.get("01") not in (STATIC, DYNAMIC):
        raise VietQRError("tag 01 must be 11 (static) or 12 (dynamic)")
    merchant = parse_map(_required(top, "38"))
    _expect(merchant, "00", NAPAS_GUID)
    beneficiary = parse_map(_required(merchant, "01"))
    amount_text = top.get("54")
    if amount_text is not None and not _AMOUNT.fullmatch(amount_text):
        raise VietQRError("tag 54: amount must be whole đồng")
    if top["01"] == DYNAMIC and amount_text is None:
        raise VietQRError("a dynamic VietQR carries its amount (tag 54)")
    additional = parse_map(top["62"]) if "62" in top else {}
    qr = VietQR(
        bank_bin=_required(beneficiary, "00"),
        account=_required(beneficiary, "01"),
        amount=int(amount_text) if amount_text is not None else None,
        bill_number=additional.get("01", ""),
        purpose=additional.get("08", ""),
        service=_required(merchant, "02"),
        crc=top["63"],
    )
    _check(qr.bank_bin, qr.account, qr.amount, qr.bill_number, qr.purpose)
    return qr


def _required(fields: dict[str, str], tag: str) -> str:
    if tag not in fields:
        raise VietQRError(f"tag {tag} is missing")
    return fields[tag]


def _expect(fields: dict[str, str], tag: str, value: str) -> None:
    if _required(fields, tag) != value:
        raise VietQRError(f"tag {tag} must be {value!r}, found {fields[tag]!r}")
