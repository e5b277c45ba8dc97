"""Messages of the national public-service payment platform: field lists, checksums, times.

What the sources we could find establish, and what is our own equivalent:

- Found: platforms that public-service portals connect to hand each connecting unit a partner
  code and a secret key (api.tphcm.gov.vn/ChiTietLgsp/id/53, HCM LGSP payment service:
  "PartnerCode, AccessKey, SecretKey"); the portal sends the payment request, the citizen pays
  on the platform's page, the platform returns the result to the portal. The KeyPay connector of
  the open-source OpenCPS one-stop software (VietOpenCPS/opencps-v2, `KPRest`) sends an order
  with merchant code, the merchant's transaction id, amount, return URL and a `secure_hash`, and
  asks `QuerryBillStatus` with merchant code + merchant transaction id + platform transaction id
  + hash for reconciliation. Vietnamese gateways date requests as `yyyyMMddHHmmss` in Vietnam
  time (VNPAY `vnp_CreateDate`) and sign with HMAC-SHA256 over the fields in a fixed order.
- Found: the answer convention of Vietnamese payment callbacks (VNPAY IPN `RspCode`): `00`
  confirmed (also for a repeat of an already confirmed order), `01` order not found, `04`
  invalid amount, `97` invalid checksum, `99` other error. Error code `00` means paid.
- Not found in any source available to us: the exact field names and checksum field order of
  the national platform's INIT / CONFIRM / QUERY messages. The names below (MaDoiTac,
  MaThamChieu, MaGiaoDich, SoTien, MaLoi, MoTaLoi, ThoiGian…, Checksum) and the orders in
  FIELDS are our equivalent of that shape, fixed in one place so matching the real
  specification is an edit of this module only.

Checksum: lowercase hex HMAC-SHA256, key = the partner secret, message = the values of the
message's signed fields in the listed order, joined by "|" (absent values as "")."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

from core import clock

VN_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")  # Vietnam keeps UTC+7, no daylight saving
TIME_FORMAT = "%Y%m%d%H%M%S"

PAID = "00"  # MaLoi of a paid CONFIRM / a successful request
ANSWER_BAD_CHECKSUM = "97"
ANSWER_OTHER = "99"

# Signed fields of each message, in checksum order.
FIELDS: dict[str, tuple[str, ...]] = {
    # motcua → platform: open a transaction, answered with the payment page
    "init": ("MaDoiTac", "MaThamChieu", "SoTien", "NoiDung", "UrlTraVe", "ThoiGianTao"),
    "init_reply": ("MaLoi", "MaDoiTac", "MaThamChieu", "MaGiaoDich", "DuongDanThanhToan"),
    # platform → motcua: the result of a transaction (retried until answered MaLoi 00)
    "confirm": ("MaDoiTac", "MaThamChieu", "MaGiaoDich", "SoTien", "MaLoi", "ThoiGianGD",
                "ThoiGianGui"),
    # motcua → platform: where does this transaction stand (reconciliation)
    "query": ("MaDoiTac", "MaThamChieu", "MaGiaoDich", "ThoiGianGui"),
    "query_reply": ("MaLoi", "MaDoiTac", "MaThamChieu", "MaGiaoDich", "SoTien", "TrangThaiGD",
                    "ThoiGianGD"),
}

# TrangThaiGD of a QUERY answer → our outcome
QUERY_STATES = {"DA_THANH_TOAN": "succeeded", "CHO_THANH_TOAN": "pending", "THAT_BAI": "failed"}


def checksum(secret: str, message: str, values: Mapping[str, Any]) -> str:
    text = "|".join("" if values.get(name) is None else str(values[name])
                    for name in FIELDS[message])
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


def signed(secret: str, message: str, values: dict[str, Any]) -> dict[str, Any]:
    return {**values, "Checksum": checksum(secret, message, values)}


def checksum_ok(secret: str, message: str, values: Mapping[str, Any]) -> bool:
    given = values.get("Checksum")
    if not isinstance(given, str):
        return False
    return hmac.compare_digest(given.lower(), checksum(secret, message, values))


def vn_time(moment: dt.datetime | None = None) -> str:
    return (moment or clock.now()).astimezone(VN_TIME).strftime(TIME_FORMAT)


def parse_vn_time(text: Any) -> dt.datetime | None:
    if not isinstance(text, str):
        return None
    try:
        return dt.datetime.strptime(text, TIME_FORMAT).replace(tzinfo=VN_TIME)
    except ValueError:
        return None
