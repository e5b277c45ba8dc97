"""schemathesis generates requests for every operation of the served document, against a real
`motcua serve`: anonymously, as a citizen and as an officer. No server error, and every answer
(status, media type, headers, body) is one the document describes — so every error is
problem+json except the gateway answers the document names. Bounded: a few examples per
operation and mode."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
from serve_support import serving

CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,"
          "response_headers_conformance,response_schema_conformance")
EXAMPLES_PER_OPERATION = "6"
REDIRECT = "vn.gov.motcua:/oauth2redirect"


def _token(base: str, person: str) -> str:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    chosen = httpx.post(f"{base}/dev-sso/authorize", data={
        "response_type": "code", "client_id": "motcua-app", "redirect_uri": REDIRECT,
        "code_challenge": challenge.rstrip(b"=").decode(), "code_challenge_method": "S256",
        "state": "s", "nonce": "n", "person": person})
    code = parse_qs(urlsplit(chosen.headers["location"]).query)["code"][0]
    tokens = httpx.post(f"{base}/v1/auth/sso", json={
        "code": code, "code_verifier": verifier, "redirect_uri": REDIRECT, "nonce": "n"})
    assert tokens.status_code == 200, tokens.text
    return tokens.json()["access_token"]


def _run(base: str, report: Path, phases: str, *extra: str) -> dict:
    command = [str(Path(sys.executable).with_name("st")), "run", f"{base}/schema/openapi.json",
               "--checks", CHECKS, "--phases", phases,
               "--max-examples", EXAMPLES_PER_OPERATION, "--no-shrink", "--no-color",
               # One worker: hypothesis describes strategies with ast.parse, which CPython 3.11
               # can break when two threads run it at once (SystemError "recursion depth").
               "--workers", "1", "--generation-database", "none", "--seed", "16",
               "--request-timeout", "20",
               "--report", "json", "--report-json-path", str(report), *extra]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert report.exists(), result.stdout[-3000:] + result.stderr[-3000:]
    outcome = json.loads(report.read_text())
    assert outcome["exit_code"] == 0 and not outcome["failures"] and not outcome["errors"], \
        result.stdout[-6000:]
    return outcome


def test_every_answer_is_in_the_document_anonymous_citizen_and_officer(tmp_path):
    # Signing in stays rate-limited: schemathesis meets the documented 429 too.
    with serving(tmp_path, env={"MOTCUA_PUBLIC_URL": "http://127.0.0.1:{port}"}) as base:
        # The coverage phase (boundary and invalid values of every parameter) once, without a
        # token; with a token, examples and random fuzzing: the time stays bounded.
        modes = {"anonymous": ("examples,coverage,fuzzing",)}
        # Tokens first: the anonymous run may use up the sign-in rate limit.
        for mode, person in (("citizen", "citizen-an"), ("officer", "officer-dung")):
            token = _token(base, person)
            # Signing out would end the run's own session, and a signed-in event stream never
            # ends (tests/notifications/test_events_stream_*.py cover it): both are exercised
            # anonymously.
            modes[mode] = ("examples,fuzzing", "--header", f"Authorization: Bearer {token}",
                           "--exclude-operation-id", "signOut",
                           "--exclude-operation-id", "revokeMySession",
                           "--exclude-operation-id", "streamEvents")
        counts = {}
        for mode, extra in modes.items():
            outcome = _run(base, tmp_path / f"{mode}.json", *extra)
            operations = outcome["operations"]
            # (schemathesis counts an operation whose examples phase had nothing to send as
            # "skipped", though its fuzzing ran.)
            assert operations["errored"] == 0, (mode, operations)
            assert operations["tested"] + operations["skipped"] == operations["selected"], \
                (mode, operations)
            counts[mode] = outcome["test_cases"]["generated"]
    print(f"schemathesis test cases: {counts}")  # the figure the closing note quotes
    assert all(count > 150 for count in counts.values()), counts
