"""CRC-16/CCITT-FALSE, the checksum EMVCo puts in tag 63: polynomial 0x1021, initial value 0xFFFF,
no reflection, no final XOR. Check value: crc16("123456789") == 0x29B1."""

from __future__ import annotations


def _table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
        table.append(crc & 0xFFFF)
    return tuple(table)


_TABLE = _table()


def crc16(data: bytes | str) -> int:
    if isinstance(data, str):
        data = data.encode("ascii")
    crc = 0xFFFF
    for byte in data:
        crc = ((crc << 8) & 0xFFFF) ^ _TABLE[(crc >> 8) ^ byte]
    return crc


def crc_hex(data: bytes | str) -> str:
    """Tag 63's value: four uppercase hex digits."""
    return f"{crc16(data):04X}"
