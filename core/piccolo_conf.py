"""Piccolo's configuration module (PICCOLO_CONF=core.piccolo_conf).

DB is looked up on every access, so the migration runner follows `core.db.use_engine`."""

from piccolo.conf.apps import AppRegistry

from core.db import current_engine

APP_REGISTRY = AppRegistry(apps=["models.piccolo_app"])


def __getattr__(name: str):
    if name == "DB":
        return current_engine()
    raise AttributeError(name)
