"""Many rows into one table at once, for seeds and rebuilds (the demo year, the statistics'
rollups): finished multi-row INSERTs with bound values, sent straight to the driver.

Piccolo builds an insert by making a Table object per row and converting every value into its
query string — about half a millisecond a row, most of the demo year's seeding time. Here the
SQL is written once per batch size and the values go to the driver as they are (asyncpg's own
types on PostgreSQL; Piccolo's registered sqlite3 adapters on SQLite, so rows are stored as
Piccolo would store them). A column a row leaves out gets the column's Piccolo default."""

from __future__ import annotations

from typing import Any, cast

from piccolo.columns import Serial
from piccolo.columns.defaults.base import Default
from piccolo.table import Table

from core.db import ProjectEngine, current_engine

MAX_PARAMS = {"sqlite": 999, "postgres": 30000}  # bound values per statement


def _columns(table: type[Table]) -> dict[str, Any]:
    return {column._meta.db_column_name: column for column in table._meta.columns}


def _default(column: Any) -> Any:
    """The value Piccolo would give a column left out (a default object's Python value)."""
    value = column.get_default_value()
    if isinstance(value, Default):
        return value.python()
    return value() if callable(value) else value


async def insert_rows(table: type[Table], rows: list[dict[str, Any]]) -> int:
    """Insert `rows` (column name → value) into `table`; joins the caller's transaction."""
    if not rows:
        return 0
    engine = cast(ProjectEngine, current_engine())  # use_engine is given one of ours
    columns = _columns(table)
    # Serial keys the rows do not give are left to the database.
    names = [name for name, column in columns.items()
             if name in rows[0] or not isinstance(column, Serial)]
    per_statement = max(1, MAX_PARAMS[engine.engine_type] // len(names))
    quoted = ", ".join('"' + name + '"' for name in names)
    head = f'INSERT INTO "{table._meta.tablename}" ({quoted}) VALUES '
    for start in range(0, len(rows), per_statement):
        batch = rows[start:start + per_statement]
        values: list[Any] = []
        groups = []
        for row in batch:
            marks = []
            for name in names:
                values.append(row[name] if name in row else _default(columns[name]))
                marks.append("?" if engine.engine_type == "sqlite" else f"${len(values)}")
            groups.append(f"({', '.join(marks)})")
        await engine.run_sql(head + ", ".join(groups), values)
    return len(rows)
