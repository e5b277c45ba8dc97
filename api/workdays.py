"""HTTP routes of the workdays domain."""

ROUTES: list = []
