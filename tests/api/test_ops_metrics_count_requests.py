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


def _count(text: str, path: str, status: int, method: str) -> float:
    found = 0.0
    for labels, value in re.findall(r"^motcua_requests_total\{([^}]*)\} (\S+)$", text, re.M):
        if (f'path="{path}"' in labels and f'status_code="{status}"' in labels
                and f'method="{method}"' in labels):
            found += float(value)
    return found


async def test_requests_no_route_took_are_counted_under_one_path(client):
    """Unknown paths (404) and known paths asked with another method (405) are answered by the
    router before any route's middleware: they are counted under `<unmatched>`, one series
    whatever the path, and never under the path that was asked for."""
    before = (await client.get("/metrics")).text
    for path in ("/wp-login.php", "/v1/no-such-thing", "/v1/dossiers/x/y/z"):
        assert (await client.get(path)).status_code == 404
    assert (await client.delete("/healthz")).status_code == 405
    after = (await client.get("/metrics")).text
    assert _count(after, "<unmatched>", 404, "GET") - _count(before, "<unmatched>", 404, "GET") == 3
    assert (_count(after, "<unmatched>", 405, "DELETE")
            - _count(before, "<unmatched>", 405, "DELETE")) == 1
    assert "wp-login" not in after and "no-such-thing" not in after
