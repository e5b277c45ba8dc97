"""Problem details (RFC 9457). Each problem has a stable `type` and a title in vi and en.

Domains raise `Problem` subclasses (or `problem(...)`) and never build HTTP responses; the api
layer turns them into application/problem+json."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

TYPE_BASE = "https://motcua.gov.vn/problems/"


@dataclass
class Problem(Exception):
    """Raise a subclass, or `Problem` itself with a slug, status and titles."""

    slug: ClassVar[str] = "internal-error"
    status: ClassVar[int] = 500
    titles: ClassVar[dict[str, str]] = {
        "vi": "Lỗi hệ thống",
        "en": "Internal error",
    }

    detail: dict[str, str] | str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def type_uri(self) -> str:
        return TYPE_BASE + self.slug

    def __str__(self) -> str:  # what logs show: the slug, never personal data
        return self.slug


def define(slug: str, status: int, vi: str, en: str) -> type[Problem]:
    """Declare a problem type in one line: `NotFound = define("not-found", 404, "...", "...")`."""
    name = "".join(part.capitalize() for part in slug.split("-"))
    return type(name, (Problem,), {"slug": slug, "status": status, "titles": {"vi": vi, "en": en}})


BadRequest = define("bad-request", 400, "Yêu cầu không hợp lệ", "Bad request")
ValidationFailed = define("validation-failed", 422, "Dữ liệu không hợp lệ", "Invalid data")
Unauthenticated = define("unauthenticated", 401, "Chưa đăng nhập", "Not signed in")
Forbidden = define("forbidden", 403, "Không có quyền thực hiện", "Not allowed")
NotFound = define("not-found", 404, "Không tìm thấy", "Not found")
MethodNotAllowed = define(
    "method-not-allowed", 405, "Phương thức không được hỗ trợ", "Method not allowed"
)
Conflict = define("conflict", 409, "Xung đột trạng thái", "Conflict")
TooManyRequests = define("rate-limited", 429, "Quá nhiều yêu cầu", "Too many requests")
Unavailable = define("unavailable", 503, "Dịch vụ tạm thời gián đoạn", "Service unavailable")
