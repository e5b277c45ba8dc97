"""The national portal's satisfaction scale and survey criteria, as data.

Five levels, as the agencies' survey forms word them; the satisfaction indicator counts the top
two as satisfied (its definition lives with the indicator). Criteria are optional, each rated
on the same five levels, grouped as the forms group them: the process, the staff, access to
information."""

from __future__ import annotations

LEVELS: dict[int, dict[str, str]] = {
    5: {"vi": "Rất hài lòng", "en": "Very satisfied"},
    4: {"vi": "Hài lòng", "en": "Satisfied"},
    3: {"vi": "Bình thường", "en": "Neutral"},
    2: {"vi": "Không hài lòng", "en": "Dissatisfied"},
    1: {"vi": "Rất không hài lòng", "en": "Very dissatisfied"},
}

# code → (group, vi, en)
CRITERIA: dict[str, tuple[str, str, str]] = {
    "process_trips": ("process", "Số lần phải đi lại để hoàn thành thủ tục",
                      "How many trips were needed"),
    "process_documents_clear": ("process", "Thành phần hồ sơ được công khai rõ ràng",
                                "The required documents were published clearly"),
    "process_status_easy": ("process", "Dễ theo dõi tình trạng hồ sơ",
                            "The dossier's status was easy to follow"),
    "staff_helpful": ("staff", "Thái độ hướng dẫn, hỗ trợ của cán bộ",
                      "The staff's helpfulness"),
    "staff_response_time": ("staff", "Thời gian phản hồi của cán bộ",
                            "The staff's response time"),
    "info_current": ("information", "Thông tin được cập nhật kịp thời",
                     "Information kept current"),
    "info_easy_to_find": ("information", "Thông tin dễ tìm", "Information easy to find"),
    "info_fast": ("information", "Truy cập thông tin nhanh", "Information fast to reach"),
    "info_convenient": ("information", "Thuận tiện khi sử dụng", "Convenient to use"),
}


def level_text(level: int, locale: str) -> str:
    words = LEVELS[level]
    return words.get(locale) or words["vi"]
