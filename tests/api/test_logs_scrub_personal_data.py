"""Log output never carries a citizen's ID number, phone number or tokens, in either format."""

import json
import logging
import sys

import pytest

from core.logs import ContextFilter, JsonFormatter, ScrubbingFormatter

ID_NUMBER = "001099012345"
PHONES = ["0912345678", "+84 912 345 678", "(+84) 912.345.678"]
JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiIwMDEwOTkwMTIzNDUifQ.c2lnbmF0dXJl"
OPAQUE_BEARER = "Bearer 9f8e7d6c5b4a3f2e1d0c.opaque-token_value"
SECRETS = [ID_NUMBER, *PHONES, JWT, "9f8e7d6c5b4a3f2e1d0c", "c2lnbmF0dXJl"]


def _record(message: str, *args, exc_info=None) -> logging.LogRecord:
    record = logging.LogRecord("motcua.test", logging.WARNING, __file__, 1, message, args, exc_info)
    ContextFilter().filter(record)
    return record


def _formatters():
    return [
        ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"),
        JsonFormatter(),
    ]


@pytest.mark.parametrize("formatter", _formatters(), ids=["plain", "json"])
def test_personal_data_in_message_and_arguments_is_scrubbed(formatter):
    record = _record(
        "citizen %s called from %s / %s / %s with %s and Authorization: %s",
        ID_NUMBER, *PHONES, JWT, OPAQUE_BEARER,
    )
    line = formatter.format(record)
    for secret in SECRETS:
        assert secret not in line
    for mark in ("[id-number]", "[phone]", "[jwt]", "Bearer [token]"):
        assert mark in line
    if isinstance(formatter, JsonFormatter):
        assert json.loads(line)["level"] == "warning"


@pytest.mark.parametrize("formatter", _formatters(), ids=["plain", "json"])
def test_tracebacks_are_scrubbed_too(formatter):
    try:
        raise ValueError(f"no person with ID {ID_NUMBER} and phone {PHONES[0]}")
    except ValueError:
        record = _record("lookup failed", exc_info=sys.exc_info())
    line = formatter.format(record)
    assert "Traceback" in line and "ValueError" in line
    assert ID_NUMBER not in line and PHONES[0] not in line


@pytest.mark.parametrize("formatter", _formatters(), ids=["plain", "json"])
def test_record_ids_and_times_are_left_alone(formatter):
    # Hex request ids and UUIDs routinely contain runs of digits; they must stay readable.
    text = "dossier 7c0912345678ab9e01234567890abcde took 1234 ms on 2026-11-22"
    assert text in formatter.format(_record(text)).replace('\\"', '"')
