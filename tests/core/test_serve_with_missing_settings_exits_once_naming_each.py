"""`motcua serve` whose environment lacks what its configuration needs stops before granian
starts: one exit, non-zero, one message naming every missing setting — instead of granian
starting workers that each fail at startup and are started again, forever."""

from __future__ import annotations

import subprocess

from serve_support import bare_environment, free_port, motcua_command


def _serve(tmp_path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [motcua_command(), "serve", "--port", str(free_port())],
        env=bare_environment(tmp_path / "data", **env), cwd=tmp_path,
        capture_output=True, text=True, timeout=120,
    )


def test_production_without_its_settings_exits_once_naming_each(tmp_path):
    done = _serve(tmp_path, APP_ENV="production")
    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert output.count("Error:") == 1, output
    for name in ("SSO_ISSUER", "NATIONAL_SYNC_URL", "MOTCUA_TOKEN_KEY_FILE",
                 "BANK_NOTICE_SECRET", "MOTCUA_PUBLIC_URL"):
        assert name in output, (name, output)
    assert "granian" not in output.lower() and "listening" not in output
    assert "Traceback" not in output


def test_sandbox_off_without_a_sync_endpoint_exits_once(tmp_path):
    done = _serve(tmp_path, MOTCUA_SANDBOX_PROVIDERS="0")
    output = done.stdout + done.stderr
    assert done.returncode != 0 and output.count("Error:") == 1, output
    assert "NATIONAL_SYNC_URL" in output and "granian" not in output.lower()


def test_an_unreadable_signing_key_is_named_before_start(tmp_path):
    key = tmp_path / "key.pem"
    key.write_text("not a key")
    done = _serve(tmp_path, MOTCUA_TOKEN_KEY_FILE=str(key))
    output = done.stdout + done.stderr
    assert done.returncode != 0 and "MOTCUA_TOKEN_KEY_FILE" in output, output
    assert "granian" not in output.lower()
