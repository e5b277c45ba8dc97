"""Jobs the platform itself provides."""

JOBS: list = []
PERIODIC: list = []
