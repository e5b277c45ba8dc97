"""Problem titles are Vietnamese by default and English when the client prefers it (q-values)."""

import pytest

VI, EN = "Không tìm thấy", "Not found"


@pytest.mark.parametrize(
    ("accept_language", "title", "language"),
    [
        (None, VI, "vi"),
        ("vi-VN", VI, "vi"),
        ("en", EN, "en"),
        ("en-GB,en;q=0.9", EN, "en"),
        ("en;q=0.3, vi;q=0.8", VI, "vi"),
        ("fr, en;q=0.5, vi;q=0.5", EN, "en"),  # equal weights: the earlier one wins
        ("de, fr;q=0.9", VI, "vi"),  # nothing we speak: the default
        ("en;q=0", VI, "vi"),  # q=0 means "not this one"
    ],
)
async def test_title_and_content_language_follow_accept_language(
    client, accept_language, title, language
):
    headers = {"Accept-Language": accept_language} if accept_language else {}
    r = await client.get("/v1/nowhere", headers=headers)
    assert r.status_code == 404
    assert r.json()["title"] == title
    assert r.headers["content-language"] == language
    # The type never changes with the language: clients switch on it.
    assert r.json()["type"].endswith("/problems/not-found")
