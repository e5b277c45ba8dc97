"""Problem types of the statistics API (stable `type` slugs)."""

from core.problems import define

UnknownScope = define("stats-unknown-scope", 404, "Không tìm thấy cơ quan hoặc lĩnh vực",
                      "No such agency or field")
BadPeriod = define("stats-bad-period", 422, "Kỳ thống kê không hợp lệ", "Invalid period")
