"""Run as a separate process by the SQLite engine tests: `python sqlite_counter_script.py URL N
close|forget` bumps a counter N times with N concurrent read-then-write transactions, then closes
the engine, or forgets to."""

import asyncio
import sys

from piccolo.querystring import QueryString

from core.db import close_engine, engine_from_url, open_engine, transaction, use_engine


async def main(url: str, times: int, close: bool) -> None:
    engine = engine_from_url(url)
    use_engine(engine)
    await open_engine(engine)
    run = engine.run_querystring
    await run(QueryString("CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY, n INTEGER)"))
    await run(QueryString("INSERT OR IGNORE INTO counter (id, n) VALUES (1, 0)"))

    async def bump() -> None:
        async with transaction():
            rows = await run(QueryString("SELECT n FROM counter WHERE id = 1"))
            await run(QueryString("UPDATE counter SET n = {} WHERE id = 1", rows[0]["n"] + 1))

    await asyncio.gather(*(bump() for _ in range(times)))
    print((await run(QueryString("SELECT n FROM counter WHERE id = 1")))[0]["n"])
    if close:
        await close_engine(engine)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3] == "close"))
