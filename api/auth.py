"""HTTP routes of the auth domain."""

ROUTES: list = []
