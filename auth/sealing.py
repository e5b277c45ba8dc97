"""Sealing personal data at rest (identity claims kept to pre-fill forms) with Fernet
(AES-128-CBC + HMAC-SHA256, from `cryptography`).

The key is a file: MOTCUA_CLAIMS_KEY_FILE in production (required there), or one generated on
first use under MOTCUA_DATA_DIR in development. Neither the key nor what it seals is ever
logged; a token that does not open (another key, tampering) reads as nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from core.settings import Settings, load_settings

_fernets: dict[Path, Fernet] = {}
_settings: Settings | None = None


def configure(settings: Settings) -> None:
    global _settings
    _settings = settings


def _key_path() -> Path:
    global _settings
    if _settings is None:
        _settings = load_settings()
    if _settings.claims_key_file is not None:
        return Path(_settings.claims_key_file)
    path = Path(_settings.data_dir) / "claims.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:  # O_EXCL: when several processes start at once, the first one's key wins
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(Fernet.generate_key())
        except FileExistsError:
            pass
    return path


def _fernet() -> Fernet:
    path = _key_path()
    if path not in _fernets:
        _fernets[path] = Fernet(path.read_bytes().strip())
    return _fernets[path]


def seal(value: dict[str, Any]) -> str:
    return _fernet().encrypt(json.dumps(value, ensure_ascii=False).encode()).decode()


def unseal(token: str) -> dict[str, Any]:
    if not token:
        return {}
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except (InvalidToken, ValueError):
        return {}
