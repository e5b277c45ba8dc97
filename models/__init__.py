"""Piccolo tables. One module per domain; `all_tables()` is the single list the app, the
migration runner and the tests use."""

import os

# Tables bind to an engine when their classes are created; point Piccolo at our config first.
os.environ.setdefault("PICCOLO_CONF", "core.piccolo_conf")


def all_tables():
    # Read when asked, not with this package: every table module imports the package first.
    from models.piccolo_app import APP_CONFIG

    return list(APP_CONFIG.table_classes)
