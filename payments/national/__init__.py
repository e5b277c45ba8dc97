"""The national public-service payment platform: its message formats (protocol.py)."""
