"""Error texts in the client's language.

Domains may give a problem's `detail`, and each `errors[].detail`, as `{"vi": …, "en": …}`; those
are picked as they are. Many say it in English only — and so do the validators (msgspec for bodies
and parameters, Litestar for missing parameters): this catalogue gives their Vietnamese, like a
gettext catalogue keyed by the English text, exact texts first, then patterns for the texts that
carry a value. An English text the catalogue does not know still leaves in Vietnamese, as the
generic "invalid value" (a test keeps the catalogue complete for the texts written in the code)."""

from __future__ import annotations

import re
from typing import Any

from core.i18n import pick

GENERIC_VI = "Giá trị không hợp lệ."

EXACT: dict[str, str] = {
    "A JSON body is required": "Cần gửi nội dung JSON.",
    "A document is required": "Cần nộp giấy tờ này.",
    "A legally required notice cannot be muted": "Không thể tắt thông báo bắt buộc theo quy định.",
    "A note is required to reject": "Cần ghi chú khi từ chối.",
    "A reason is required for this action": "Thao tác này cần nêu lý do.",
    "House number and street": "Cần số nhà và tên đường.",
    "Invalid multipart boundary": "Ranh giới multipart không hợp lệ.",
    "Invalid multipart/form-data body": "Nội dung multipart/form-data không hợp lệ.",
    "Missing required parameter": "Thiếu tham số bắt buộc.",
    "Name one or more document slots of the service":
        "Cần nêu một hoặc nhiều loại giấy tờ của thủ tục.",
    "No active service has this code": "Không có thủ tục đang áp dụng với mã này.",
    "No fee is due on this dossier": "Hồ sơ này không có khoản phí phải nộp.",
    "Not an official commune-level code (5 digits)":
        "Không phải mã đơn vị hành chính cấp xã chính thức (5 chữ số).",
    "Not one of the 34 province codes (2 digits)": "Không phải một trong 34 mã tỉnh (2 chữ số).",
    "One of accept, refund, reject": "Một trong: accept, refund, reject.",
    "PKCE with code_challenge_method=S256 is required":
        "Cần PKCE với code_challenge_method=S256.",
    "Send multipart/form-data": "Hãy gửi multipart/form-data.",
    "The body is not valid JSON": "Nội dung không phải JSON hợp lệ.",
    "This commune is not in the given province": "Xã/phường này không thuộc tỉnh đã chọn.",
    "This field is required": "Trường này là bắt buộc.",
    "Unknown action": "Thao tác không xác định.",
    "Unknown cursor": "Con trỏ trang không hợp lệ.",
    "Unknown kind": "Loại thông báo không xác định.",
    "Unknown method": "Phương thức thanh toán không xác định.",
    "Unknown or damaged cursor": "Con trỏ trang không xác định hoặc bị hỏng.",
    "Unknown state": "Trạng thái không xác định.",
    "Upload this document first": "Hãy tải giấy tờ này lên trước.",
    "card platform answered another amount": "Cổng thanh toán thẻ trả về số tiền khác.",
    "card platform not configured (STRIPE_API_KEY)":
        "Chưa cấu hình cổng thanh toán thẻ (STRIPE_API_KEY).",
    "card platform unavailable": "Cổng thanh toán thẻ tạm thời không sẵn sàng.",
    "card platform unreachable": "Không kết nối được cổng thanh toán thẻ.",
    "multipart is for action=finish with a file":
        "Chỉ dùng multipart cho action=finish kèm tệp kết quả.",
    "national payment platform not configured (NATIONAL_PAY_URL, _PARTNER_CODE, _SECRET)":
        "Chưa cấu hình nền tảng thanh toán quốc gia (NATIONAL_PAY_URL, _PARTNER_CODE, _SECRET).",
    "not allowed with id_token": "Không dùng cùng id_token.",
    "redirect_uri is required": "Cần redirect_uri.",
    "required": "Bắt buộc.",
    "required with id_token": "Bắt buộc khi dùng id_token.",
    "response_type must be code": "response_type phải là code.",
    "the sandbox payment platform is off": "Cổng thanh toán thử nghiệm đang tắt.",
    "unknown client_id": "client_id không xác định.",
    "unknown demo person": "Không có người dùng mẫu này.",
    "Send the slot field before the file": "Hãy gửi trường slot trước tệp.",
    "A file is required": "Cần gửi tệp.",
    "copies must be at least 1": "Số bản phải từ 1 trở lên.",
    "An electronic result needs its file (multipart)": "Kết quả điện tử cần kèm tệp (multipart).",
    "The citizen chose an electronic result": "Công dân đã chọn nhận kết quả điện tử.",
    "Full-process results are never collected in person":
        "Kết quả của dịch vụ toàn trình không nhận trực tiếp.",
    "electronic or paper": "electronic (điện tử) hoặc paper (giấy).",
    "The result is late: give the new date for it": "Kết quả bị trễ hạn: hãy nêu ngày hẹn mới.",
    "The new date cannot be in the past": "Ngày hẹn mới không được ở quá khứ.",
    "open, all, or a booking state": "open, all hoặc một trạng thái của đơn gửi.",
    "expected {type, timestamp, data}": "Cần có {type, timestamp, data}.",
    "data.booking_id is required": "Cần data.booking_id.",
    "an accepted booking carries its waybill": "Đơn gửi đã được nhận phải kèm mã vận đơn.",
    "Send multipart/form-data with a boundary":
        "Hãy gửi multipart/form-data có ranh giới (boundary).",
    "Too long": "Quá dài.",
    "multipart is for action=finish, its fields, then the file":
        "Chỉ dùng multipart cho action=finish: các trường trước, tệp sau.",
    "The applicant's name is required": "Cần họ tên người nộp hồ sơ.",
    "Send the result as the `file` part": "Hãy gửi kết quả trong phần `file`.",
    "Send the file, or both code and sha256": "Hãy gửi tệp, hoặc cả mã (code) và sha256.",
    "Send the file, or the code printed on the result": "Hãy gửi tệp, hoặc mã in trên kết quả.",
    "64 hexadecimal digits": "64 chữ số thập lục phân.",
    "pages must be at least 1": "Số trang phải từ 1 trở lên.",
    "Filled from the electronic identity; it cannot be changed":
        "Lấy từ định danh điện tử; không thể sửa.",
    "Proof of the applicant category": "Cần giấy tờ chứng minh đối tượng.",
    "The bank's 6-digit BIN (NAPAS)": "Mã BIN 6 chữ số của ngân hàng (NAPAS).",
    "6 to 19 digits": "Từ 6 đến 19 chữ số.",
    "The account holder's name": "Cần tên chủ tài khoản.",
    "The bank's reference of the transfer": "Cần mã tham chiếu giao dịch của ngân hàng.",
    "Why the refund failed": "Cần nêu lý do hoàn tiền không thành.",
    "Integer value out of range": "Số nguyên vượt quá giới hạn.",
    "Invalid RFC3339 encoded datetime": "Thời điểm không đúng định dạng RFC 3339.",
    "Invalid RFC3339 encoded date": "Ngày không đúng định dạng RFC 3339 (YYYY-MM-DD).",
    "Invalid UUID": "UUID không hợp lệ.",
}

_TYPES = {"int": "số nguyên", "str": "chuỗi", "object": "đối tượng", "array": "mảng",
          "bool": "giá trị đúng/sai", "float": "số", "null": "null", "number": "số"}


def _type(name: str) -> str:
    return _TYPES.get(name, name)


PATTERNS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"^Expected `(?P<want>[^`]+)`, got `(?P<got>[^`]+)`"),
     lambda m: f"Cần {_type(m['want'])}, nhận được {_type(m['got'])}."),
    (re.compile(r"^Expected `(?P<want>[^`]+)`$"), lambda m: f"Cần {_type(m['want'])}."),
    (re.compile(r"^Object missing required field `(?P<f>[^`]+)`"),
     lambda m: f"Thiếu trường bắt buộc `{m['f']}`."),
    (re.compile(r"^Object contains unknown field `(?P<f>[^`]+)`"),
     lambda m: f"Trường `{m['f']}` không được hỗ trợ."),
    (re.compile(r"^Expected `(?P<t>[^`]+)` of length (?P<op>[<>]=?) (?P<n>\d+)"),
     lambda m: f"Độ dài {_type(m['t'])} phải {m['op']} {m['n']}."),
    (re.compile(r"^Expected `(?P<t>[^`]+)` (?P<op>[<>]=?) (?P<n>-?[\d.]+)"),
     lambda m: f"Giá trị phải {m['op']} {m['n']}."),
    (re.compile(r"^Expected `str` matching regex (?P<re>.+)$"),
     lambda m: f"Chuỗi phải khớp mẫu {m['re']}."),
    (re.compile(r"^Invalid enum value (?P<v>.+)$"),
     lambda m: f"Giá trị {m['v']} không nằm trong danh sách cho phép."),
    (re.compile(r"^At most (?P<n>\S+) bytes$"), lambda m: f"Tối đa {m['n']} byte."),
    (re.compile(r"^Name one or more document slots of the service; unknown: (?P<v>.+)$"),
     lambda m: f"Cần nêu một hoặc nhiều loại giấy tờ của thủ tục; không có: {m['v']}."),
    (re.compile(r"^One of:? (?P<v>.+)$"), lambda m: f"Một trong: {m['v']}."),
    (re.compile(r"^one of (?P<v>.+)$"), lambda m: f"Một trong: {m['v']}."),
    (re.compile(r"^This service returns its result by: (?P<v>.+)$"),
     lambda m: f"Thủ tục này trả kết quả qua: {m['v']}."),
    (re.compile(r"^card payment (?P<v>.+)$"), lambda m: f"Thanh toán thẻ: {m['v']}."),
    (re.compile(r"^channel must be one of (?P<v>.+)$"),
     lambda m: f"Kênh phải là một trong: {m['v']}."),
    (re.compile(r"^type must be one of (?P<v>.+)$"),
     lambda m: f"type phải là một trong: {m['v']}."),
    (re.compile(r"^(?P<n>\S+) must be ISO 8601$"), lambda m: f"{m['n']} phải theo ISO 8601."),
    (re.compile(r"^Missing required (?P<w>\w+) parameter '(?P<n>[^']+)'"),
     lambda m: f"Thiếu tham số bắt buộc '{m['n']}'."),
]


def vietnamese(english: str) -> str | None:
    """The catalogue's Vietnamese for an English text, or None when it has none."""
    base = english.split(" - at `", 1)[0]  # msgspec appends the path; the pointer carries it
    found = EXACT.get(base)
    if found:
        return found
    for pattern, render in PATTERNS:
        match = pattern.match(base)
        if match:
            return render(match)
    return None


def localised(text: Any, locale: str) -> Any:
    """`text` ({"vi", "en"} or an English str) in `locale`."""
    if isinstance(text, dict):
        return pick(text, locale)
    if not isinstance(text, str) or locale == "en":
        return text
    return vietnamese(text) or GENERIC_VI


def localised_errors(errors: Any, locale: str) -> Any:
    if not isinstance(errors, list):
        return errors
    return [{**item, "detail": localised(item["detail"], locale)}
            if isinstance(item, dict) and "detail" in item else item for item in errors]
