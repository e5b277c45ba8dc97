"""The served OpenAPI document and the tools that judge it: Redocly CLI (npm, installed once into
a cache directory) and openapi-python-client (a dev dependency)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

REDOCLY_VERSION = "2.11.1"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "motcua"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def unavailable(message: str) -> None:
    if IN_CI:
        pytest.fail(f"{message} (CI=true: a missing tool is a failure)", pytrace=False)
    pytest.skip(message)


async def served_document(tmp_path: Path) -> dict:
    """GET /schema/openapi.json from an app built as `motcua serve` builds it (no database
    is needed to serve the document). The app keeps whatever engine the tables are bound to,
    so a database test running alongside is not moved to another database."""
    from app.factory import create_app
    from core import db
    from core.settings import Settings

    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'doc.sqlite3'}",
                              data_dir=tmp_path, public_base_url="http://testserver"),
                     engine=db._current)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        answer = await http.get("/schema/openapi.json")
    assert answer.status_code == 200
    return answer.json()


def redocly() -> Path:
    """The `redocly` command, installed into the cache on first use."""
    home = CACHE / f"redocly-cli-{REDOCLY_VERSION}"
    command = home / "node_modules" / ".bin" / "redocly"
    if command.exists():
        return command
    npm = shutil.which("npm")
    if npm is None:
        unavailable("npm is not installed: Redocly CLI cannot be installed")
    home.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(home),
                        f"@redocly/cli@{REDOCLY_VERSION}"], check=True, capture_output=True,
                       timeout=600)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        unavailable(f"npm could not install @redocly/cli: {exc}")
    return command


def lint(document: dict, workdir: Path) -> list[dict]:
    """Redocly's findings (recommended rules, tests/redocly.yaml) as dicts."""
    path = workdir / "openapi.json"
    path.write_text(json.dumps(document))
    config = Path(__file__).with_name("redocly.yaml")
    env = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}
    result = subprocess.run([str(redocly()), "lint", str(path), "--config", str(config),
                             "--format", "json"], capture_output=True, text=True,
                            timeout=300, env=env, cwd=workdir)
    start = result.stdout.find("{")
    assert start >= 0, result.stdout + result.stderr
    return json.loads(result.stdout[start:])["problems"]
