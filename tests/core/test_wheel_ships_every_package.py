"""The built wheel (Dockerfile, `uv sync --no-dev`) must ship every top-level package."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOT_SHIPPED = {"tests", "bench", "scripts"}


def test_every_top_level_package_is_in_the_wheel():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    shipped = set(config["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"])
    packages = {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in NOT_SHIPPED
    }
    assert packages == shipped
