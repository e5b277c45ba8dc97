"""Names and one-line definitions of the indicators, in Vietnamese and English. The rules
themselves are in stats/indicators.py; these texts say the same for a reader of the API and
of the dashboard."""

from __future__ import annotations

# key → (group, vi label, en label, vi definition, en definition)
INDICATORS: dict[str, tuple[str, str, str, str, str]] = {
    "online_share": (
        "online", "Tỷ lệ hồ sơ nộp trực tuyến", "Dossiers submitted online",
        "Hồ sơ nộp qua ứng dụng hoặc cổng dịch vụ công / tổng số hồ sơ tiếp nhận (mọi kênh), "
        "theo ngày nộp.",
        "Dossiers submitted through the app or the web portal / all dossiers (every channel, "
        "counter and post included), by submission date."),
    "submitted": (
        "online", "Tổng số hồ sơ", "Dossiers submitted",
        "Hồ sơ đã nộp (mọi kênh), theo ngày nộp.",
        "Dossiers submitted through any channel, by submission date."),
    "full_process_share": (
        "online", "Tỷ lệ thủ tục cung cấp dịch vụ công trực tuyến toàn trình",
        "Procedures offered full-process",
        "Dịch vụ đang cung cấp ở mức toàn trình / tổng số dịch vụ đang cung cấp (tại thời điểm "
        "xem).",
        "Active services offered full-process / all active services (as of now)."),
    "online_services_used": (
        "online", "Tỷ lệ dịch vụ trực tuyến có phát sinh hồ sơ",
        "Online services that received a dossier",
        "Dịch vụ trực tuyến có ít nhất một hồ sơ nộp trực tuyến trong kỳ / tổng số dịch vụ "
        "trực tuyến.",
        "Online services with at least one dossier submitted online in the period / all "
        "online services."),
    "paid_online_share": (
        "payment", "Tỷ lệ hồ sơ thanh toán trực tuyến", "Fee-bearing dossiers paid online",
        "Hồ sơ có phí, lệ phí đã thanh toán trực tuyến / hồ sơ có phí, lệ phí, theo ngày nộp.",
        "Fee-bearing dossiers paid online / fee-bearing dossiers, by submission date."),
    "fee_amount": (
        "payment", "Tổng phí, lệ phí (đồng)", "Fees due (đồng)",
        "Tổng phí, lệ phí của hồ sơ có phí, theo ngày nộp.",
        "Fees of the fee-bearing dossiers, by submission date."),
    "fee_amount_online": (
        "payment", "Phí, lệ phí thanh toán trực tuyến (đồng)", "Fees paid online (đồng)",
        "Phí, lệ phí của các hồ sơ đã thanh toán trực tuyến, theo ngày nộp.",
        "Fees of the dossiers paid online, by submission date."),
    "on_time_rate": (
        "progress", "Tỷ lệ hồ sơ giải quyết đúng hạn", "Finished on time",
        "Hồ sơ có kết quả đúng hạn / hồ sơ có kết quả, theo ngày có kết quả; hồ sơ yêu cầu bổ "
        "sung quá một lần tính là trễ hạn.",
        "Dossiers whose result came by the due date / dossiers with a result, by result date; "
        "a dossier with more than one supplement request counts as late."),
    "finished": (
        "progress", "Hồ sơ đã có kết quả", "Dossiers finished",
        "Hồ sơ có kết quả, theo ngày có kết quả.", "Dossiers with a result, by result date."),
    "open": (
        "progress", "Hồ sơ đang giải quyết", "Open dossiers",
        "Hồ sơ đã tiếp nhận, đang tính thời hạn (không kể hồ sơ chờ bổ sung), tại thời điểm xem.",
        "Received dossiers whose clock runs (not those awaiting a supplement), as of now."),
    "open_overdue": (
        "progress", "Hồ sơ đang giải quyết quá hạn", "Open dossiers overdue",
        "Hồ sơ đang giải quyết đã quá ngày hẹn trả, tại thời điểm xem.",
        "Open dossiers past their due date, as of now."),
    "processing_days": (
        "progress", "Thời gian giải quyết trung bình (ngày)", "Average processing time (days)",
        "Số ngày từ tiếp nhận đến có kết quả, trung bình, theo ngày có kết quả.",
        "Days from receipt to result, averaged, by result date."),
    "promised_days": (
        "progress", "Thời gian hẹn trả trung bình (ngày)", "Average promised time (days)",
        "Số ngày từ tiếp nhận đến ngày hẹn trả ban đầu, trung bình, cùng nhóm hồ sơ.",
        "Days from receipt to the first promised date, averaged, same dossiers."),
    "satisfaction_rate": (
        "satisfaction", "Tỷ lệ hài lòng", "Satisfaction rate",
        "Đánh giá ở mức hài lòng hoặc rất hài lòng / tổng số đánh giá, theo ngày đánh giá.",
        "Ratings at the top two of five levels / all ratings, by rating date."),
    "average_rating": (
        "satisfaction", "Mức đánh giá trung bình (1–5)", "Average rating (1–5)",
        "Trung bình mức đánh giá, 5 là rất hài lòng.", "Mean rating level, 5 being best."),
    "electronic_result_share": (
        "digitisation", "Tỷ lệ trả kết quả điện tử", "Electronic results",
        "Hồ sơ có kết quả điện tử / hồ sơ có kết quả, theo ngày có kết quả.",
        "Dossiers with an electronic result / dossiers with a result, by result date."),
    "reused_share": (
        "digitisation", "Tỷ lệ hồ sơ tái sử dụng dữ liệu", "Documents reused",
        "Hồ sơ dùng lại giấy tờ từ kho dữ liệu của công dân / tổng số hồ sơ, theo ngày nộp.",
        "Dossiers reusing documents from the citizen's data store / all dossiers, by "
        "submission date."),
    "digitised_share": (
        "digitisation", "Tỷ lệ hồ sơ được số hóa", "Dossiers digitised",
        "Hồ sơ được số hóa / tổng số hồ sơ, theo ngày nộp.",
        "Digitised dossiers / all dossiers, by submission date."),
}

CHANNELS = {
    "app": ("Ứng dụng di động", "Mobile app"),
    "portal": ("Cổng dịch vụ công", "Web portal"),
    "counter": ("Trực tiếp tại bộ phận một cửa", "At the counter"),
    "post": ("Qua bưu chính công ích", "By public post"),
}

WHOLE_SYSTEM = ("Toàn hệ thống", "Whole system")
OTHER_AGENCIES = ("Các cơ quan khác (gộp do ít hồ sơ)", "Other agencies (merged: few dossiers)")


def label(key: str, locale: str) -> str:
    entry = INDICATORS[key]
    return entry[1] if locale == "vi" else entry[2]


def definition(key: str, locale: str) -> str:
    entry = INDICATORS[key]
    return entry[3] if locale == "vi" else entry[4]


def channel_label(channel: str, locale: str) -> str:
    vi, en = CHANNELS.get(channel, (channel, channel))
    return vi if locale == "vi" else en


def pick(pair: tuple[str, str], locale: str) -> str:
    return pair[0] if locale == "vi" else pair[1]
