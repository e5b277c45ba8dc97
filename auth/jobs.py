JOBS: list = []
PERIODIC: list = []
