"""/metrics serves Prometheus text that counts the requests the API answered."""

import re


async def test_metrics_count_requests_by_path_and_status(client):
    await client.get("/readyz")
    await client.get("/readyz")
    r = await client.get("/metrics")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    text = r.text
    pattern = r'^motcua_requests_total\{[^}]*path="/readyz"[^}]*status_code="200"[^}]*\} (\d+)'
    readyz = re.search(pattern, text, re.M)
    assert readyz and float(readyz[1]) >= 2, text
    assert "motcua_request_duration_seconds_bucket" in text
