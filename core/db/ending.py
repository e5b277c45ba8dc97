"""How a transaction ends, for both engines (core/db/postgres.py, core/db/sqlite.py): commit or
roll back, then give back what it holds — a pooled connection, the writer's lock — whatever
happened on the way, a cancellation during the rollback included (anyio cancels every await
left in a cancelled scope). A transaction that kept what it holds would leave the pool a
connection short, or every later writer waiting, for good."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any


class EndsCleanly(ABC):
    """`__aexit__` for a Piccolo transaction class; the class says what it gives back."""

    if TYPE_CHECKING:  # what the Piccolo transaction class it is mixed into has
        _parent: Any
        _committed: bool
        _rolled_back: bool
        engine: Any
        context: Any

        async def commit(self) -> None: ...

        async def rollback(self) -> None: ...

    async def __aexit__(self, exception_type, exception, traceback) -> bool:
        if self._parent:
            return exception is None
        try:
            if exception:
                if not self._rolled_back:
                    await self.rollback()
            elif not self._committed and not self._rolled_back:
                await self._commit()
        finally:
            self.engine.current_transaction.reset(self.context)
            await self._give_back()
        return exception is None

    async def _commit(self) -> None:
        await self.commit()

    @abstractmethod
    async def _give_back(self) -> None:
        """Give back what the transaction holds: its pooled connection, the writer's lock."""
