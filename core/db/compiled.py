"""Queries that hot paths run on every request: built once with Piccolo, run many times.

Building a Piccolo query (copying columns, walking joins, bundling the SQL) costs far more CPU
than running it: about 0.6 ms per query on the benchmark machine, against 0.05–0.15 ms for the
driver to send the finished SQL. Piccolo's own `freeze()` caches the SQL of a query that never
changes; `Compiled` does the same for queries whose values change per call:

    OWN_DOSSIER = Compiled(lambda dossier_id, person_id: Dossier.select().where(
        (Dossier.id == dossier_id) & (Dossier.applicant == person_id)).limit(1))

    row = await OWN_DOSSIER.first(dossier_id=..., person_id=...)

The builder runs once per engine type with a `Param` in place of each argument; Piccolo turns
the query into SQL with the params as bound arguments ($n on PostgreSQL, ? on SQLite), and each
call binds the values and hands the SQL straight to the engine's driver (asyncpg caches the
prepared statement per connection). Rows are the dicts Piccolo returns for the same query:
same column names and aliases, same types (the driver's, or Piccolo's SQLite converters).
JSON columns come back as text, as from a plain Piccolo select, unless the query asks for
`.output(load_json=True)`.

Inserts are compiled the same way, with a Param for every column the row object sets (the
compiler refuses anything else: a Python-side default would be computed once and reused).

Params stand for plain values compared or assigned as they are (ids, text, numbers, times):
what Piccolo would convert (a Table instance, an Enum, a dict for a JSON column) must be
converted by the caller, and a list for `is_in` cannot be a param. Queries that run inside a
`core.db.transaction()` use its connection, like any Piccolo query."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, cast

from piccolo.columns import JSON, JSONB, Column, Serial
from piccolo.query.base import Query
from piccolo.query.methods.insert import Insert
from piccolo.query.methods.select import Select
from piccolo.table import Table
from piccolo.utils.encoding import load_json


class Param(str):
    """Stands for a value bound when a compiled query runs. A str, so that Piccolo passes it
    through untouched where it would serialise anything else (JSON columns take JSON text)."""

    __slots__ = ()

    @property
    def name(self) -> str:
        return str.__str__(self)

    def __repr__(self) -> str:
        return f"Param({self.name!r})"


class Compiled:
    def __init__(self, build: Callable[..., Query], names: tuple[str, ...] | None = None) -> None:
        """`build` takes one argument per param (or `**params`, with `names` listing them)."""
        self._build = build
        self._names = names or tuple(inspect.signature(build).parameters)
        self._expected = frozenset(self._names)
        self._by_engine_type: dict[str, tuple[str, list[Any]]] = {}  # SQL and its arguments
        self._table: Any = None
        self._json: tuple[str, ...] = ()  # columns to decode, for `.output(load_json=True)`

    def _compile(self, engine_type: str) -> tuple[str, list[Any]]:
        query = self._build(**{name: Param(name) for name in self._names})
        output = getattr(query, "output_delegate", None)
        if output is not None and (output._output.as_objects or output._output.as_list
                                   or output._output.nested):
            raise ValueError("compiled queries return plain rows (or with load_json)")
        if output is not None and output._output.load_json:
            self._json = _json_names(cast(Select, query))  # only a select loads JSON
        (querystring,) = query.querystrings
        sql, args = querystring.compile_string(engine_type=engine_type)
        unknown = {a.name for a in args if type(a) is Param} - set(self._names)
        if unknown:  # a Param from another query's builder
            raise ValueError(f"unknown params {unknown}")
        if isinstance(query, Insert) and any(type(a) is not Param for a in args):
            # A value computed when the row object was built (a Python-side default such as a
            # uuid4 or "now") would be frozen into every insert: give every column a Param.
            raise ValueError(f"an insert needs a Param for every column it sets: {args}")
        self._by_engine_type[engine_type] = (sql, args)
        return sql, args

    def sql(self, engine_type: str) -> str:
        """The SQL this query runs on `engine_type` (for plans and tests)."""
        return (self._by_engine_type.get(engine_type) or self._compile(engine_type))[0]

    def _engine(self) -> Any:
        if self._table is None:
            self._table = self._build(**{name: Param(name) for name in self._names}).table
        return self._table._meta.db  # where the table is bound now (tests switch databases)

    async def _run(self, values: dict[str, Any]) -> tuple[Any, list[Any]]:
        if values.keys() != self._expected:
            raise TypeError(f"expected values for {self._names}, got {tuple(values)}")
        engine = self._engine()
        sql, args = (self._by_engine_type.get(engine.engine_type)
                     or self._compile(engine.engine_type))
        bound = [values[a.name] if type(a) is Param else a for a in args]
        return engine, await engine.run_sql(sql, bound)

    async def records(self, **values: Any) -> list[Any]:
        """The rows as the driver gives them: read-only mappings (asyncpg's Records on
        PostgreSQL) with the same keys and values as `rows`, spared the copy into dicts — for
        a read that only looks values up (a page of a list). Not for a query with load_json."""
        results = (await self._run(values))[1]
        if self._json:
            raise ValueError("records() leaves JSON as text: use rows()")
        return results or []

    async def rows(self, **values: Any) -> list[dict[str, Any]]:
        engine, results = await self._run(values)
        rows = engine.transform_response_to_dicts(results) if results else []
        for name in self._json:
            for row in rows:
                if isinstance(row.get(name), str):
                    row[name] = load_json(row[name])
        return rows

    async def first(self, **values: Any) -> dict[str, Any] | None:
        rows = await self.rows(**values)
        return rows[0] if rows else None


def _json_names(query: Select) -> tuple[str, ...]:
    """The result names of the JSON columns a select returns (as Piccolo's load_json finds them)."""
    selected = query.columns_delegate.selected_columns or query.table._meta.columns
    return tuple(column._alias or column._meta.get_default_alias() if column._meta.call_chain
                 else column._alias or column._meta.name
                 for column in selected if isinstance(column, (JSON, JSONB)))


def compiled_insert(table: type[Table], *, returning: tuple[Column, ...] = (),
                    on_conflict: Column | bool = False, rows: int | None = None) -> Compiled:
    """An insert of one row of `table` setting every column but a serial primary key (each call
    passes them all, by column name); with `rows=n`, of n rows, the values named
    `<column>_<i>` for i from 0. With `on_conflict` (a unique column, or True for any unique
    index) a row that would break uniqueness is skipped (DO NOTHING: the index decides) and
    nothing comes back for it."""
    columns = tuple(column._meta.name for column in table._meta.columns
                    if not isinstance(column, Serial))
    names = columns if rows is None else tuple(
        f"{name}_{i}" for i in range(rows) for name in columns)

    def build(**params: Param) -> Query:
        # Piccolo's Table(**columns) types the columns given by name as its own flags.
        if rows is None:
            objects = [table(**params)]  # pyright: ignore[reportArgumentType]
        else:
            objects = [table(**{name: params[f"{name}_{i}"] for name in columns})  # pyright: ignore[reportArgumentType]
                       for i in range(rows)]
        query = table.insert(*objects)
        if on_conflict is True:
            query = query.on_conflict(action="DO NOTHING")
        elif on_conflict is not False:
            query = query.on_conflict(target=on_conflict, action="DO NOTHING")
        return query.returning(*returning) if returning else query

    return Compiled(build, names)
