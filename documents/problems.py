"""Problem types of electronic results and the document store (stable `type` slugs)."""

from core.problems import define

ResultNotPdf = define(
    "result-must-be-pdf", 415,
    "Dịch vụ này chỉ trả kết quả điện tử dạng PDF",
    "This service issues electronic results as PDF only",
)
ResultUnreadable = define(
    "result-not-readable", 422,
    "Không đọc được tệp PDF kết quả để ký số",
    "The result PDF cannot be read to be signed",
)
SigningUnavailable = define(
    "signing-unavailable", 503,
    "Cơ quan chưa có chứng thư số để ký kết quả",
    "The agency has no signing certificate configured",
)
DocumentNotFound = define(
    "document-not-found", 404, "Không tìm thấy giấy tờ trong kho", "Document not found",
)
DocumentNotReusable = define(
    "document-not-reusable", 422,
    "Giấy tờ này không dùng được cho thành phần hồ sơ này",
    "This document cannot fill this document slot",
)
